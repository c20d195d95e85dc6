//! 4.机动车登记编号, the plate: its first character is the abbreviation of a
//! province (GA 36). One read as another character (`阀` for 闽, `护` for
//! 沪) is set right from the recognizer's runners-up at that place, else by
//! the province that makes the whole strip likeliest.

use std::collections::HashMap;

use crate::ctc::{self, Emitted};

/// The provinces' abbreviations a plate starts with.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// How much less likely than the recognizer's reading the plate with a
/// province likelier than any other may be: one character seen faintly.
const MAX_COST: f32 = 3.0;

/// How much likelier (log) that province must make the strip than the next.
const LEAD: f32 = 1.0;

/// Least probability a runner-up needs to be taken.
const MIN_RUNNER_UP: f32 = 0.02;

/// `plate` with its first character set to the province the recognizer
/// weighed there (the first of `emitted` that is it), when it was read as
/// no province; `None` when it needs no change or none was weighed.
pub(super) fn with_province(plate: &str, emitted: &[Emitted]) -> Option<String> {
    let first = plate.chars().next()?;
    if PROVINCES.contains(first) {
        return None;
    }
    let at = emitted.iter().find(|e| e.weighed[0].0 == first)?;
    let (province, _) = at
        .weighed
        .iter()
        .skip(1)
        .find(|(c, lp)| PROVINCES.contains(*c) && *lp >= MIN_RUNNER_UP.ln())?;
    Some(format!("{province}{}", &plate[first.len_utf8()..]))
}

/// `plate`, read as `read` on a strip of character probabilities `probs`,
/// with its first character set to the province whose plate is likeliest,
/// when it was read as no province and one province clearly leads the
/// others ([`LEAD`]) at most [`MAX_COST`] less likely than the reading.
pub(super) fn likeliest_province(
    plate: &str,
    read: &str,
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
) -> Option<String> {
    let first = plate.chars().next()?;
    if PROVINCES.contains(first) {
        return None;
    }
    let rest = &plate[first.len_utf8()..];
    let own = ctc::text_log_likelihood(probs, classes, index, read)?;
    let mut scored: Vec<(f32, char)> = PROVINCES
        .chars()
        .filter_map(|p| {
            ctc::text_log_likelihood(probs, classes, index, &format!("{p}{rest}")).map(|l| (l, p))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (ll, province) = *scored.first()?;
    let lead = scored.get(1).map_or(f32::INFINITY, |s| ll - s.0);
    (lead >= LEAD && own - ll <= MAX_COST).then(|| format!("{province}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctc::emitted;
    use crate::ctc::testing::{charset, strip};

    fn fix(plate: &str, also: &[(usize, char)]) -> Option<String> {
        let chars = charset(&[PROVINCES, plate, "阀ABCDEFGH0123456789"]);
        let probs = strip(&chars, plate, also);
        with_province(plate, &emitted(&probs, chars.len(), &chars))
    }

    #[test]
    fn a_province_seen_as_runner_up_starts_the_plate() {
        assert_eq!(fix("阀DN1788", &[(0, '闽')]).as_deref(), Some("闽DN1788"));
        // A province read: nothing to do; no province weighed: no guess.
        assert_eq!(fix("闽DN1788", &[(0, '京')]), None);
        assert_eq!(fix("阀DN1788", &[(0, 'A')]), None);
    }

    #[test]
    fn a_province_faintly_seen_and_clearly_likeliest_starts_the_plate() {
        let chars = charset(&[PROVINCES, "每ABCDEFGHQ0123456789"]);
        let index = crate::ctc::testing::index(&chars);
        let class = |c: char| chars.iter().position(|k| k.chars().eq([c])).unwrap_or(0);
        let likeliest = |faint: &[(char, f32)]| {
            let mut probs = strip(&chars, "每AQ814E", &[]);
            for (c, p) in faint {
                probs[class(*c)] += p;
            }
            likeliest_province("每AQ814E", "每AQ814E", &probs, chars.len(), &index)
        };
        // 粤 weighed at a twentieth where 每 was read.
        assert_eq!(likeliest(&[('粤', 0.05)]).as_deref(), Some("粤AQ814E"));
        // Two provinces weighed alike, or none: no guess.
        assert_eq!(likeliest(&[('粤', 0.05), ('闽', 0.05)]), None);
        assert_eq!(likeliest(&[]), None);
    }
}
