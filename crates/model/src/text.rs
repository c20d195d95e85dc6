//! Text clean-up shared by the normalizers: full-width forms, blanks.

/// Maps full-width ASCII forms (`０-９`, `Ａ-Ｚ`, `／`, ...) to ASCII and the
/// ideographic space to a space; other characters are kept.
pub fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// [`halfwidth`] with every white-space character removed.
pub fn compact(text: &str) -> String {
    halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
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

fn is_blank_with(text: &str, units: &[&str]) -> bool {
    let s = compact(text).to_lowercase();
    let mut rest = s.as_str();
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

    #[test]
    fn blanks() {
        for b in [
            "", " ", "-", "--", "——", "－", "mm", "kg", "人", "Kg", "rnm", "-/-", " / ", "ml/kw",
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
