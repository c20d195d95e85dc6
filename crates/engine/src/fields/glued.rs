//! Two values read as one line across a cell rule, told apart by their
//! types: a VIN (17 characters with a valid check digit) glued to the
//! registration authority (`…车辆管理所LZYTATE68K1027635`), or the 12-digit
//! certificate number glued in front of the owner's name
//! (`440017283546韩宇航`). Such a piece is cut where the types meet.

use regcert_model::Label;

use super::layout::char_bounds;
use super::pieces::Piece;
use super::repair;

/// The pieces with every glued pair of typed values cut apart.
pub(super) fn split_glued(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        if p.hit.is_some() {
            out.push(p);
            continue;
        }
        let chars: Vec<char> = p.text.chars().collect();
        let cuts = cuts(&chars);
        if cuts.is_empty() {
            out.push(p);
            continue;
        }
        let bounds = char_bounds(&chars);
        let mut from = 0;
        for to in cuts.into_iter().chain(std::iter::once(chars.len())) {
            let text: String = chars[from..to].iter().collect::<String>().trim().to_owned();
            if !text.is_empty() {
                out.push(Piece {
                    text,
                    rect: p.rect.slice_x(bounds[from], bounds[to]),
                    quad: None,
                    ..p.clone()
                });
            }
            from = to;
        }
    }
    out
}

/// Where to cut `chars`: around a run of ASCII letters and digits that is a
/// VIN, and after a leading run of exactly 12 digits, when other text is
/// glued to it.
fn cuts(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let glued = start > 0 || i < chars.len();
        if !glued {
            continue;
        }
        let other_text = |range: &[char]| range.iter().any(|c| !c.is_whitespace());
        if run.len() == 17 && is_vin(&run) {
            if other_text(&chars[..start]) {
                out.push(start);
            }
            if other_text(&chars[i..]) {
                out.push(i);
            }
        } else if start == 0
            && run.len() == 12
            && run.bytes().all(|b| b.is_ascii_digit())
            && chars[i..].first().is_some_and(|c| !c.is_ascii())
        {
            out.push(i);
        }
    }
    out
}

/// Whether `run` is a VIN whose check digit holds, as read or after the one
/// repair the VIN check allows.
fn is_vin(run: &str) -> bool {
    let checked = repair::check(Label::Vin, run);
    checked.factor > repair::FAILED
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        let mut out = Vec::new();
        for to in cuts(&chars).into_iter().chain(std::iter::once(chars.len())) {
            out.push(chars[from..to].iter().collect::<String>().trim().to_owned());
            from = to;
        }
        out
    }

    #[test]
    fn a_vin_glued_to_an_authority_is_cut_off() {
        assert_eq!(
            cut("示例市公安局交通警察支队车辆管理所LSLAB2C13NA000001"),
            vec!["示例市公安局交通警察支队车辆管理所", "LSLAB2C13NA000001"]
        );
        assert_eq!(
            cut("LSLAB2C13NA000001 国产"),
            vec!["LSLAB2C13NA000001", "国产"]
        );
    }

    #[test]
    fn a_certificate_number_glued_before_a_name_is_cut_off() {
        assert_eq!(cut("440017283546韩宇航"), vec!["440017283546", "韩宇航"]);
    }

    #[test]
    fn runs_that_are_not_those_types_stay_whole() {
        // 17 characters, check digit wrong: not a VIN.
        assert_eq!(
            cut("车辆管理所LSLAB2C19NA000001"),
            vec!["车辆管理所LSLAB2C19NA000001"]
        );
        // A VIN alone, a plate, an ID number after a name.
        assert_eq!(cut("LSLAB2C13NA000001"), vec!["LSLAB2C13NA000001"]);
        assert_eq!(cut("京AD1234"), vec!["京AD1234"]);
        assert_eq!(
            cut("张示例/居民身份证/110105198703121239"),
            vec!["张示例/居民身份证/110105198703121239"]
        );
        // 12 digits not at the start.
        assert_eq!(cut("韩宇航440017283546"), vec!["韩宇航440017283546"]);
    }
}
