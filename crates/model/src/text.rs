//! Text clean-up shared by the normalizers: full-width forms, blanks.
//!
//! The normalizers run on every field of every answer, so the helpers here
//! borrow the text when there is nothing to change and look at characters
//! one by one instead of building cleaned copies.

use std::borrow::Cow;

/// The ASCII form of a full-width character (`０` → `0`, `／` → `/`), a space
/// for the ideographic space, any other character unchanged.
pub(crate) fn halfwidth_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Maps full-width ASCII forms (`０-９`, `Ａ-Ｚ`, `／`, ...) to ASCII and the
/// ideographic space to a space; other characters are kept.
pub fn halfwidth(text: &str) -> String {
    halfwidth_cow(text).into_owned()
}

/// [`halfwidth`], borrowing `text` when it has no full-width form.
pub(crate) fn halfwidth_cow(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| halfwidth_char(c) != c) {
        Cow::Owned(text.chars().map(halfwidth_char).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// The characters of [`compact`]`(text)`, without building it.
pub(crate) fn compact_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(halfwidth_char)
        .filter(|c| !c.is_whitespace())
}

/// [`halfwidth`] with every white-space character removed.
pub fn compact(text: &str) -> String {
    compact_cow(text).into_owned()
}

/// [`compact`], borrowing `text` when it has neither full-width forms nor
/// white space.
pub(crate) fn compact_cow(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .any(|c| c.is_whitespace() || halfwidth_char(c) != c)
    {
        Cow::Owned(compact_chars(text).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Dash-like characters that stand for "nothing printed".
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '―' | '─' | '－' | '一' | '_' | '~' | '～'
    )
}

/// Unit words that may stand alone in an empty printed numeric field.
const UNIT_WORDS: &[&str] = &[
    "rnm", "mm", "kg", "千克", "公斤", "ml", "kw", "人", "个", "片", "l",
];

/// The unit words that also stand alone in a blank text field; shorter, since
/// a text field such as a model name may legitimately be `"L"` or `"KW"`.
const TEXT_UNIT_WORDS: &[&str] = &["rnm", "mm", "kg", "人"];

/// Whether a numeric field's text says nothing: empty, dashes, slashes or a
/// unit alone (`""`, `"-"`, `"--"`, `"——"`, `"mm"`, `"kg"`, `"人"`, `"-/-"`).
///
/// A lone `一` counts as a dash: OCR reads a printed dash as that character.
pub fn is_blank(text: &str) -> bool {
    is_blank_with(text, UNIT_WORDS)
}

/// [`is_blank`] for a text field: only `mm`, `kg` and `人` count as units.
pub fn is_blank_text(text: &str) -> bool {
    is_blank_with(text, TEXT_UNIT_WORDS)
}

/// Whether `c` may appear in a blank text once compacted and lower-cased:
/// a letter of a unit word, a dash or a slash.
fn may_be_blank(c: char) -> bool {
    matches!(
        c,
        'r' | 'n'
            | 'm'
            | 'k'
            | 'g'
            | 'l'
            | 'w'
            | '千'
            | '克'
            | '公'
            | '斤'
            | '人'
            | '个'
            | '片'
            | '/'
            | '\\'
    ) || is_dash(c)
}

fn is_blank_with(text: &str, units: &[&str]) -> bool {
    // Most fields hold a value: one character that no blank text has settles
    // it without building the lower-cased copy. (`str::to_lowercase` maps
    // each character alone, except `Σ`, which is never part of a blank.)
    if compact_chars(text).any(|c| c.to_lowercase().any(|l| !may_be_blank(l))) {
        return false;
    }
    only_units_and_dashes(&compact(text).to_lowercase(), units)
}

/// Whether `s` is nothing but `units`, dashes and slashes.
fn only_units_and_dashes(s: &str, units: &[&str]) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(unit) = units.iter().find(|u| rest.starts_with(**u)) {
            rest = &rest[unit.len()..];
        } else if is_dash(c) || c == '/' || c == '\\' {
            rest = &rest[c.len_utf8()..];
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_maps_digits_letters_and_space() {
        assert_eq!(halfwidth("１２３４ＡＢ／ｘ\u{3000}5"), "1234AB/x 5");
    }

    proptest::proptest! {
        #[test]
        fn the_quick_refusal_changes_nothing(t in "[-—一/ 　rnmkgKGＫ\u{212A}lwΣ千克人片1a汽]{0,8}") {
            for units in [UNIT_WORDS, TEXT_UNIT_WORDS] {
                let full = only_units_and_dashes(&compact(&t).to_lowercase(), units);
                proptest::prop_assert_eq!(is_blank_with(&t, units), full);
            }
        }
    }

    #[test]
    fn every_unit_letter_may_be_blank() {
        for c in UNIT_WORDS
            .iter()
            .chain(TEXT_UNIT_WORDS)
            .flat_map(|u| u.chars())
        {
            assert!(may_be_blank(c), "{c}");
        }
    }

    #[test]
    fn borrowed_when_nothing_changes() {
        assert!(matches!(compact_cow("汽油"), Cow::Borrowed("汽油")));
        assert_eq!(compact_cow("１ 2\u{3000}3"), "123");
        assert!(matches!(halfwidth_cow("a b"), Cow::Borrowed("a b")));
        assert_eq!(halfwidth_cow("ａ\u{3000}b"), "a b");
        assert_eq!(compact_chars(" Ｋg ").collect::<String>(), "Kg");
    }

    #[test]
    fn blanks() {
        for b in [
            "",
            " ",
            "-",
            "--",
            "——",
            "－",
            "mm",
            "kg",
            "人",
            "Kg",
            "rnm",
            "-/-",
            " / ",
            "ml/kw",
            "\u{212A}g",
            "ＫＧ",
        ] {
            assert!(is_blank(b), "{b:?} should be blank");
        }
        for v in ["0", "1580mm", "一汽", "汽油", "-/120kw", "5人", "A"] {
            assert!(!is_blank(v), "{v:?} should not be blank");
        }
        for b in ["", "-/-", "—/—", "kg/mm", "--人"] {
            assert!(is_blank_text(b), "{b:?} should be a blank text");
        }
        for v in ["L", "KW", "ML", "10/11", "无"] {
            assert!(!is_blank_text(v), "{v:?} is a text");
        }
    }
}
