//! Outer dimensions no registered vehicle has: a height of 298 mm (a digit
//! dropped), a width of 2860 mm (`3` read as `8`). Such a number is wrong as
//! read, so the numbers one edit away that a vehicle can have are put to the
//! recognizer's character probabilities on the value's strip; see
//! `rescore`.

use std::ops::RangeInclusive;

use regcert_model::Dimensions;
use regcert_model::values;

/// Lengths a vehicle can have, in mm: from the smallest city cars (about
/// 2.5 m) to a road train at the GB 1589 limit (18.1 m).
const LENGTH: RangeInclusive<u32> = 2400..=18_100;

/// Widths, in mm: from microcars (about 1.3 m) to the GB 1589 limit of
/// 2550 mm (2600 mm for refrigerated bodies).
const WIDTH: RangeInclusive<u32> = 1300..=2600;

/// Heights, in mm: from sports cars (about 1 m) to the GB 1589 limit of
/// 4000 mm, with room for a measuring difference.
const HEIGHT: RangeInclusive<u32> = 1000..=4200;

/// The sizes `text` (a field's value: `长4855宽2860高1602mm`) gives, when
/// exactly one of them is no size a vehicle has: one misread number is
/// mended, two are more than one edit explains.
pub(super) fn misread(text: &str) -> Option<Dimensions> {
    let sizes = values::dimensions(text).ok()??;
    let wrong = ranged(&sizes)
        .iter()
        .filter(|(v, range)| !range.contains(v))
        .count();
    (wrong == 1).then_some(sizes)
}

/// Each size with the range a vehicle's has.
fn ranged(sizes: &Dimensions) -> [(u32, &'static RangeInclusive<u32>); 3] {
    [
        (sizes.length, &LENGTH),
        (sizes.width, &WIDTH),
        (sizes.height, &HEIGHT),
    ]
}

/// The texts that mend `read` (the value's strip read again) where it
/// holds the one size of `sizes` ([`misread`]) no vehicle has: `read` as it
/// is when it gives a size a vehicle has there, else the texts one digit
/// edit away that do. `None` when `read` does not hold the other two sizes
/// as `sizes` gives them, with a number where the misread one was.
pub(super) fn mended(read: &str, sizes: &Dimensions) -> Option<Vec<String>> {
    let runs = digit_runs(read);
    let (run, range) = misread_run(&runs, sizes)?;
    if run.value.is_some_and(|v| range.contains(&v)) {
        return Some(vec![read.to_owned()]);
    }
    let out: Vec<String> = one_edit(&run.digits)
        .into_iter()
        .filter(|d| d.parse::<u32>().is_ok_and(|v| range.contains(&v)))
        .map(|d| format!("{}{d}{}", &read[..run.start], &read[run.end..]))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// `text` (the field's value, which gave `sizes`) with its misread size
/// replaced by the one `fixed` (a text [`mended`] gave) holds there, when
/// `text` holds the misread number once.
pub(super) fn carried(text: &str, sizes: &Dimensions, fixed: &str) -> Option<String> {
    let fixed_runs = digit_runs(fixed);
    let (new, _) = misread_run(&fixed_runs, sizes)?;
    let (old, _) = ranged(sizes).into_iter().find(|(v, r)| !r.contains(v))?;
    let runs = digit_runs(text);
    let held: Vec<&Run> = runs.iter().filter(|r| r.value == Some(old)).collect();
    let [run] = held.as_slice() else {
        return None;
    };
    Some(format!(
        "{}{}{}",
        &text[..run.start],
        new.digits,
        &text[run.end..]
    ))
}

/// The run of `runs` where the size of `sizes` no vehicle has stands, the
/// others standing in order around it, with the range it must fall in.
fn misread_run<'a>(
    runs: &'a [Run],
    sizes: &Dimensions,
) -> Option<(&'a Run, &'static RangeInclusive<u32>)> {
    let mut at = runs.iter();
    let mut wrong = None;
    for (size, range) in ranged(sizes) {
        if range.contains(&size) {
            at.find(|r| r.value == Some(size))?;
        } else {
            wrong = Some((at.next()?, range));
        }
    }
    wrong
}

/// A run of ASCII digits in a text, by byte range.
struct Run {
    start: usize,
    end: usize,
    digits: String,
    value: Option<u32>,
}

fn digit_runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, c) in text.char_indices() {
        if !c.is_ascii_digit() {
            continue;
        }
        match out.last_mut() {
            Some(run) if run.end == i => {
                run.end = i + 1;
                run.digits.push(c);
            }
            _ => out.push(Run {
                start: i,
                end: i + 1,
                digits: c.to_string(),
                value: None,
            }),
        }
    }
    for run in &mut out {
        run.value = run.digits.parse().ok();
    }
    out
}

/// The digit strings one substitution, insertion or deletion away from
/// `digits`, with no leading zero.
fn one_edit(digits: &str) -> Vec<String> {
    let d: Vec<char> = digits.chars().collect();
    let mut out = Vec::new();
    for i in 0..=d.len() {
        for c in '0'..='9' {
            if i < d.len() && d[i] != c {
                let mut s = d.clone();
                s[i] = c;
                out.push(s);
            }
            let mut s = d.clone();
            s.insert(i, c);
            out.push(s);
        }
        if i < d.len() {
            let mut s = d.clone();
            s.remove(i);
            out.push(s);
        }
    }
    let mut out: Vec<String> = out
        .into_iter()
        .map(|s| s.into_iter().collect::<String>())
        .filter(|s| !s.is_empty() && !s.starts_with('0'))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`mended`] on `text` read again as itself.
    fn mend(text: &str) -> Option<Vec<String>> {
        mended(text, &misread(text)?)
    }

    #[test]
    fn sizes_a_vehicle_has_are_left_alone() {
        assert!(misread("长4855宽1772高1602mm").is_none());
        assert!(misread("12000x2550x3990mm").is_none());
        // No reading of three sizes.
        assert!(misread("长4855宽1772mm").is_none());
        assert!(misread("").is_none());
    }

    #[test]
    fn a_width_no_vehicle_has_is_mended_by_one_digit() {
        let texts = mend("长8335宽2860高2724mm").expect("mended");
        assert!(texts.contains(&"长8335宽2360高2724mm".to_owned()));
        assert!(texts.contains(&"长8335宽1860高2724mm".to_owned()));
        // Every text gives a width a vehicle has, and keeps the others.
        for t in &texts {
            let d = values::dimensions(t).unwrap().unwrap();
            assert!(WIDTH.contains(&d.width), "{t}");
            assert_eq!((d.length, d.height), (8335, 2724), "{t}");
        }
        assert!(!texts.contains(&"长8335宽2960高2724mm".to_owned()));
    }

    #[test]
    fn a_height_with_a_digit_dropped_gets_one_back() {
        let texts = mend("7468x2392x298mm").expect("mended");
        assert!(texts.contains(&"7468x2392x2982mm".to_owned()));
        assert!(texts.contains(&"7468x2392x1298mm".to_owned()));
        assert!(texts.iter().all(|t| t.starts_with("7468x2392x")));
    }

    #[test]
    fn the_strip_read_again_is_mended_where_it_holds_the_sizes() {
        let sizes = misread("7468x2392x298mm").expect("misread");
        // Read again with a stray mark between the sizes, and a label.
        let texts = mended("23.外廓尺寸7468x2392k298", &sizes).expect("mended");
        assert!(texts.contains(&"23.外廓尺寸7468x2392k2982".to_owned()));
        // Read again without the misread size: nothing to mend.
        assert_eq!(mended("7468x2392", &sizes), None);
    }

    #[test]
    fn two_sizes_no_vehicle_has_are_not_mended() {
        assert!(misread("长0宽242高2711mm").is_none());
    }

    #[test]
    fn a_strip_read_again_as_a_size_a_vehicle_has_is_the_mend() {
        let sizes = misread("8335x2860x2724mm").expect("misread");
        assert_eq!(
            mended("8335x2360x2724m", &sizes),
            Some(vec!["8335x2360x2724m".to_owned()])
        );
        // The other sizes read otherwise: not the same value.
        assert_eq!(mended("8335x2360x2721m", &sizes), None);
    }

    #[test]
    fn the_mended_number_is_carried_into_the_value_once_held() {
        let sizes = misread("8335x2860x2724mm").expect("misread");
        let fixed = "23.外廓尺寸长8335宽2360高2724mm";
        assert_eq!(
            carried("8335x2860x2724mm", &sizes, fixed).as_deref(),
            Some("8335x2360x2724mm")
        );
        // Held twice: which one was misread is not known.
        let twice = misread("2860x2860x2724mm").expect("misread");
        assert_eq!(carried("2860x2860x2724mm", &twice, "2860x2360x2724"), None);
    }

    #[test]
    fn one_edit_substitutes_inserts_and_deletes() {
        let e = one_edit("12");
        for s in ["13", "92", "123", "912", "1", "2"] {
            assert!(e.iter().any(|x| x == s), "{s}");
        }
        assert!(!e.iter().any(|x| x == "12" || x.starts_with('0')));
    }
}
