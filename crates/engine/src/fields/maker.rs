//! 15.制造厂名称 read against 6.车辆品牌: most makers carry their brand's
//! name (奇瑞牌, 奇瑞汽车股份有限公司; 宗申牌, 重庆宗申机车…), so a maker
//! whose name holds a known brand with one character misread (`青瑞汽车…`)
//! may be that brand's maker. Whether it is, the recognizer's probabilities
//! on the maker's strip decide (see `rescore`): 陕西汽车 is 陕汽's maker,
//! and stays 陕西.

use regcert_model::Label;

use super::evidence::FieldEvidence;
use super::labels::levenshtein;
use super::repair::vocabulary_of;

/// How far into the maker's name the brand is looked for, in characters
/// (a place comes first: 重庆, 北汽, 驻马店中集).
const SEARCH: usize = 6;

/// The maker's name the brand in `fields` suggests: its name as read with
/// the brand set right in it, when a known brand is there with one
/// character misread. With the maker field's index.
pub(super) fn suggested(fields: &[FieldEvidence]) -> Option<(usize, String)> {
    let at = |label: Label| fields.iter().position(|f| f.label == label);
    let (b, m) = (at(Label::Brand)?, at(Label::Manufacturer)?);
    let brand = fields[b].text.as_str();
    let known = vocabulary_of(Label::Brand).is_some_and(|all| all.iter().any(|w| w == brand));
    let stem = brand.strip_suffix('牌').filter(|_| known)?;
    Some((m, with_stem(&fields[m].text, stem)?))
}

/// `maker` with the first run of its first [`SEARCH`] characters that is
/// `stem` but for one character replaced by `stem`; `None` when the stem is
/// already there or no such run is.
fn with_stem(maker: &str, stem: &str) -> Option<String> {
    let m: Vec<char> = maker.chars().collect();
    let s: Vec<char> = stem.chars().collect();
    if s.len() < 2 || maker.contains(stem) {
        return None;
    }
    let last = SEARCH.min(m.len()).checked_sub(s.len())?;
    (0..=last)
        .find(|&i| levenshtein(&m[i..i + s.len()], &s) == 1)
        .map(|i| m[..i].iter().chain(&s).chain(&m[i + s.len()..]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_maker_holding_its_brand_misread_is_set_right() {
        assert_eq!(
            with_stem("青瑞汽车股份有限公司", "奇瑞").as_deref(),
            Some("奇瑞汽车股份有限公司")
        );
        assert_eq!(
            with_stem("北汽格田汽车股份有限公司", "福田").as_deref(),
            Some("北汽福田汽车股份有限公司")
        );
        // Right already, or nothing like the brand near its start: kept.
        assert_eq!(with_stem("奇瑞汽车股份有限公司", "奇瑞"), None);
        assert_eq!(with_stem("上汽通用汽车有限公司", "别克"), None);
    }

    #[test]
    fn only_a_known_brand_suggests_a_maker() {
        let field = |label, text: &str| FieldEvidence {
            label,
            text: text.to_owned(),
            confidence: 0.9,
            quad: None,
        };
        let fields = vec![
            field(Label::Brand, "奇瑞牌"),
            field(Label::Manufacturer, "青瑞汽车股份有限公司"),
        ];
        assert_eq!(
            suggested(&fields),
            Some((1, "奇瑞汽车股份有限公司".to_owned()))
        );
        let fields = vec![
            field(Label::Brand, "青瑞牌"),
            field(Label::Manufacturer, "奇瑞汽车股份有限公司"),
        ];
        assert_eq!(suggested(&fields), None);
    }
}
