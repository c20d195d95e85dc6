//! 4.机动车登记编号, the plate: its first character is the abbreviation of a
//! province (GA 36). One read as another character (`阀` for 闽, `护` for
//! 沪) is set right from the recognizer's runners-up at that place.

use crate::ctc::Emitted;

/// The provinces' abbreviations a plate starts with.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

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
}
