//! The issuing authority (33.发证机关章) from the seal's reading: kept only
//! when it reads as an authority's name, set right where it is one or two
//! characters from the registration authority printed on page 1 (most
//! certificates are issued by the office that registered the vehicle) or
//! from the usual endings of such names. A seal that does not read as an
//! authority gives nothing: the field stays empty, never a guess.

use regcert_model::Label;

use super::evidence::FieldEvidence;
use super::labels::levenshtein;
use super::places;
use super::seal::Seal;

/// How authorities' names end, longest first.
const ENDINGS: &[&str] = &[
    "公安局交通警察支队车辆管理所",
    "公安局交通警察大队车辆管理所",
    "公安局交通管理局车辆管理所",
    "公安局交通警察支队",
    "公安局交通警察大队",
    "公安局交通警察总队",
    "公安局交通管理局",
    "公安厅交通管理局",
    "交通警察支队",
    "交通警察大队",
    "交通警察总队",
    "车辆管理所",
    "车管所",
];

/// Lowest recognizer score at which a seal's reading as it is (no name from
/// the lists explained it, see `Engine::read_seal`) is given: the lists hold
/// every place that issues certificates, so such a reading is most often a
/// misread place, given only when the recognizer is sure of it.
const MIN_SCORE: f32 = 0.9;

/// The issuing authority read on `seal`, with `registered` the registration
/// authority read on page 1 (empty when page 1 is not on the image).
pub(super) fn from_seal(seal: &Seal, registered: &FieldEvidence) -> Option<FieldEvidence> {
    let read: Vec<char> = seal.text.chars().filter(|c| !c.is_whitespace()).collect();
    let evidence = |text: String, confidence: f32| FieldEvidence {
        label: Label::IssuingAuthority,
        text,
        confidence: confidence.clamp(0.0, 1.0),
        quad: Some(seal.quad),
    };
    // The seal read as page 1's authority (see `Engine::read_seal`).
    if !registered.text.is_empty() && seal.text == registered.text {
        return Some(evidence(
            registered.text.clone(),
            seal.score.min(registered.confidence.max(seal.score)),
        ));
    }
    // A name chosen from the lists by what the recognizer saw.
    if seal.named {
        return Some(evidence(seal.text.clone(), seal.score));
    }
    let fixed = with_ending(&read)?;
    (seal.score >= MIN_SCORE && fixed.chars().count() >= 6).then(|| evidence(fixed, seal.score))
}

/// Share of an ending's characters that may be misread when the place
/// before it is read right: `公安册交道管迎居车辆管理所` after 厦门市 is 4 of
/// 13 from 公安局交通管理局车辆管理所, and nearer no other ending of a city;
/// 5 of 13 (`公安典交服管非文员…` of a 支队) is already as near a wrong one.
const PLACE_ENDING_SHARE: f32 = 0.34;

/// Printed `text` (a value beside 登记机关 or 发证机关) with its ending set
/// right, when it reads as an authority's name; `None` when it does not.
pub(super) fn printed(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 6 {
        return None;
    }
    with_place(&chars).or_else(|| with_ending(&chars))
}

/// `text` as a known place (the longest that starts it) followed by the
/// one ending of its kind of office nearest the rest, when the rest is no
/// ending as it stands, that ending is clearly the nearest of those as long
/// as the rest (give or take a character), and at most
/// [`PLACE_ENDING_SHARE`] of it was misread.
fn with_place(text: &[char]) -> Option<String> {
    let text: String = text.iter().collect();
    let (head, endings) = places::heads()
        .filter(|(head, _)| text.starts_with(head))
        .max_by_key(|(head, _)| head.len())?;
    let rest: Vec<char> = text[head.len()..].chars().collect();
    if ENDINGS.iter().any(|e| e.chars().eq(rest.iter().copied())) {
        return None;
    }
    // Misread, not cut: a cut name is left to [`with_ending`].
    let mut scored: Vec<(usize, &str)> = endings
        .iter()
        .filter(|e| e.chars().count().abs_diff(rest.len()) <= 1)
        .map(|e| (levenshtein(&rest, &e.chars().collect::<Vec<_>>()), *e))
        .collect();
    scored.sort_unstable();
    let &(distance, ending) = scored.first()?;
    let clear = scored.get(1).is_none_or(|s| s.0 > distance);
    let near = distance as f32 <= PLACE_ENDING_SHARE * ending.chars().count() as f32;
    (clear && near).then(|| format!("{head}{ending}"))
}

/// `text` with its ending set right when it is within an edit or two of
/// one of the usual [`ENDINGS`]; `None` when it ends in none of them.
///
/// The longest ending that fits wins, the closest among endings of one
/// length: a 大队 office keeps its 大队 (no edit) rather than becoming the
/// 支队 one edit away, and `…公安高交通警察支队` is set right by
/// `公安局交通警察支队` though it ends exactly in the shorter `交通警察支队`.
fn with_ending(text: &[char]) -> Option<String> {
    let mut best: Option<(usize, usize, String)> = None;
    for ending in ENDINGS {
        let e: Vec<char> = ending.chars().collect();
        let allowed = if e.len() >= 8 { 2 } else { 1 };
        // The ending may be read a character longer or shorter.
        for len in [e.len(), e.len() + 1, e.len().saturating_sub(1)] {
            if len == 0 || len >= text.len() {
                continue;
            }
            let tail = &text[text.len() - len..];
            let distance = levenshtein(tail, &e);
            let better = best
                .as_ref()
                .is_none_or(|(l, d, _)| e.len() > *l || (e.len() == *l && distance < *d));
            if distance <= allowed && better {
                let head: String = text[..text.len() - len].iter().collect();
                best = Some((e.len(), distance, head + ending));
            }
        }
    }
    best.map(|(_, _, fixed)| fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seal read as it is.
    fn seal(text: &str, score: f32) -> Seal {
        Seal {
            text: text.to_owned(),
            score,
            named: false,
            quad: [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]],
        }
    }

    /// A seal named by what the recognizer saw.
    fn named(text: &str, score: f32) -> Seal {
        Seal {
            named: true,
            ..seal(text, score)
        }
    }

    fn registered(text: &str) -> FieldEvidence {
        FieldEvidence {
            label: Label::RegistrationAuthority,
            text: text.to_owned(),
            confidence: if text.is_empty() { 0.0 } else { 0.97 },
            quad: None,
        }
    }

    #[test]
    fn a_seal_named_as_page_one_or_from_the_lists_is_taken() {
        // Page 1's name, chosen on a faint seal: its low score is kept.
        let page_one = "示例市公安局交通警察支队车辆管理所";
        let got = from_seal(&named(page_one, 0.05), &registered(page_one)).expect("taken");
        assert_eq!(got.text, page_one);
        assert!((got.confidence - 0.05).abs() < 1e-6, "{}", got.confidence);
        // Another place's name from the lists.
        let got = from_seal(
            &named("合肥市公安局交通警察支队", 0.4),
            &registered(page_one),
        );
        assert_eq!(
            got.map(|f| f.text).as_deref(),
            Some("合肥市公安局交通警察支队")
        );
    }

    #[test]
    fn without_page_one_the_ending_is_set_right() {
        let got = from_seal(
            &seal("广州市公安局交通警察支队车辆管理新", 0.95),
            &registered(""),
        );
        assert_eq!(
            got.map(|f| f.text).as_deref(),
            Some("广州市公安局交通警察支队车辆管理所")
        );
        // Another office than page 1's: read as it is.
        let got = from_seal(
            &seal("样本市公安局交通警察支队", 0.9),
            &registered("示例市公安局交通警察支队车辆管理所"),
        );
        assert_eq!(
            got.map(|f| f.text).as_deref(),
            Some("样本市公安局交通警察支队")
        );
    }

    #[test]
    fn printed_names_get_their_last_character_back() {
        // The recognizer drops the last character of a long name.
        assert_eq!(
            printed("石家庄市公安局交通警察支").as_deref(),
            Some("石家庄市公安局交通警察支队")
        );
        assert_eq!(
            printed("武汉市公安局交通管理局车辆管理").as_deref(),
            Some("武汉市公安局交通管理局车辆管理所")
        );
        assert_eq!(
            printed("合肥市公安局交通管理局本辆管理所").as_deref(),
            Some("合肥市公安局交通管理局车辆管理所")
        );
        // Ends exactly in 交通警察支队, but the longer ending fits better.
        assert_eq!(
            printed("石家庄市公安高交通警察支队").as_deref(),
            Some("石家庄市公安局交通警察支队")
        );
    }

    #[test]
    fn after_a_known_place_the_nearest_ending_of_its_kind_is_taken() {
        assert_eq!(
            printed("厦门市公安册交道管迎居车辆管理所").as_deref(),
            Some("厦门市公安局交通管理局车辆管理所")
        );
        assert_eq!(
            printed("深圳市公安局交通学理局本朝管理所").as_deref(),
            Some("深圳市公安局交通管理局车辆管理所")
        );
        assert_eq!(
            printed("西安市公安局交通管事支队车辆管理所").as_deref(),
            Some("西安市公安局交通警察支队车辆管理所")
        );
        // A county's office takes a county's ending.
        assert_eq!(
            printed("昆山市公安局交通警察大队车辆管理新").as_deref(),
            Some("昆山市公安局交通警察大队车辆管理所")
        );
        // Too much misread to tell two endings apart, or a place not on
        // the lists: left to the ending alone.
        assert_eq!(
            printed("广州市公安典交服管非文员车辆管理所").as_deref(),
            Some("广州市公安典交服管非文员车辆管理所")
        );
        assert_eq!(printed("广州市某某汽车销售有限公司"), None);
        // A name cut short is left to the ending alone (which gives none
        // here: the seal is read instead).
        assert_eq!(printed("武汉市公安局交通警察支及车辆"), None);
        // A whole ending of another kind of office is kept.
        assert_eq!(
            printed("广州市公安局交通警察大队").as_deref(),
            Some("广州市公安局交通警察大队")
        );
    }

    #[test]
    fn a_whole_ending_is_kept_as_it_is() {
        // One edit from 支队…, but a real 大队 office: not changed.
        assert_eq!(
            printed("示例县公安局交通警察大队车辆管理所").as_deref(),
            Some("示例县公安局交通警察大队车辆管理所")
        );
        assert_eq!(printed("示例市车管所").as_deref(), Some("示例市车管所"));
        // 公安局 and 公安厅, 支队 and 总队: all real, each kept.
        for name in [
            "样本市公安局交通警察总队",
            "示例市公安局交通管理局",
            "示例省公安厅交通管理局",
        ] {
            assert_eq!(printed(name).as_deref(), Some(name));
        }
        assert_eq!(printed("示例市某某商店有限公司"), None);
        assert_eq!(printed("车辆管理所"), None);
    }

    #[test]
    fn readings_that_are_no_authority_give_nothing() {
        assert_eq!(from_seal(&seal("专用章星", 0.9), &registered("")), None);
        assert_eq!(
            from_seal(&seal("示例市某某商店有限公司", 0.95), &registered("")),
            None
        );
        // An authority's ending, but read too unsurely to be taken when no
        // place from the lists explained it: most often a misread place.
        for score in [0.3, 0.85] {
            assert_eq!(
                from_seal(&seal("自册市公安局交通警察支队", score), &registered("")),
                None
            );
        }
    }
}
