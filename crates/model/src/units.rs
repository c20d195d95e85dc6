//! Numbers printed with units: masses, lengths, counts, dimensions, track,
//! wheelbase, displacement and power.
//!
//! Every parser returns `Ok(None)` for a blank field (see
//! [`crate::text::is_blank`]): blank is never zero. Text that has something
//! in it but cannot be read is `Err(Unparseable)`. OCR noise is folded
//! first: full-width digits, spaces inside numbers, `rnm` for `mm`, `Kg`,
//! `千克` and `公斤` for `kg`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::text::{compact_chars, compact_cow, is_blank, is_dash};

/// The text has content that is not a readable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unparseable;

/// What a parser gives: `Ok(None)` blank, `Ok(Some(v))` a value.
pub type Parsed<T> = Result<Option<T>, Unparseable>;

/// Length, width and height in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dimensions {
    /// Length (长).
    pub length: u32,
    /// Width (宽).
    pub width: u32,
    /// Height (高).
    pub height: u32,
}

/// Unit spellings and what [`fold_units`] writes for them; `,` is a
/// thousands separator. No spelling starts with a character another one has
/// after its first, so one left-to-right pass replaces the same text as a
/// `str::replace` per spelling in this order.
const SPELLINGS: &[(&str, &str)] = &[
    ("rnm", "mm"),
    ("毫米", "mm"),
    ("千克", "kg"),
    ("公斤", "kg"),
    ("毫升", "ml"),
    ("千瓦", "kw"),
    (",", ""),
];

/// Lower-cased, compacted text with unit spellings folded to `mm`, `kg`, `ml`, `kw`.
fn fold_units(text: &str) -> Cow<'_, str> {
    let compact = compact_cow(text);
    let lower = if !compact.is_ascii() {
        Cow::Owned(compact.to_lowercase())
    } else if compact.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(compact.to_ascii_lowercase())
    } else {
        compact
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while at < lower.len() {
        let rest = &lower[at..];
        if let Some((from, to)) = SPELLINGS.iter().find(|(from, _)| rest.starts_with(from)) {
            out.push_str(&lower[copied..at]);
            out.push_str(to);
            at += from.len();
            copied = at;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if copied == 0 {
        return lower;
    }
    out.push_str(&lower[copied..]);
    Cow::Owned(out)
}

/// An unsigned integer made of ASCII digits only.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Strips one of `units` from the end of `s`, if present.
fn strip_unit<'a>(s: &'a str, units: &[&str]) -> &'a str {
    units.iter().find_map(|u| s.strip_suffix(u)).unwrap_or(s)
}

/// An integer with an optional unit from `units` (`"1580mm"`, `"5人"`, `"１８５０ Kg"`).
pub fn integer(text: &str, units: &[&str]) -> Parsed<u32> {
    if is_blank(text) {
        return Ok(None);
    }
    let s = fold_units(text);
    digits(strip_unit(&s, units)).map(Some).ok_or(Unparseable)
}

/// Millimetres: `"1580mm"`, `"1580"`, `"1 580 rnm"`.
pub fn millimetres(text: &str) -> Parsed<u32> {
    integer(text, &["mm"])
}

/// Kilograms: `"1850kg"`, `"1850Kg"`, `"1850千克"`, `"1850公斤"`.
pub fn kilograms(text: &str) -> Parsed<u32> {
    integer(text, &["kg"])
}

/// People: `"5人"`, `"5"`.
pub fn people(text: &str) -> Parsed<u32> {
    integer(text, &["人"])
}

/// A count with an optional counter word: `"4"`, `"4个"`, `"2轴"`.
pub fn count(text: &str) -> Parsed<u32> {
    integer(text, &["个", "轴", "只", "条"])
}

/// The first wheelbase of a print: `"2850mm"` → 2850; `"4125+1350mm"` → 4125.
pub fn wheelbase(text: &str) -> Parsed<u32> {
    if is_blank(text) {
        return Ok(None);
    }
    let s = fold_units(text);
    let s = strip_unit(&s, &["mm"]);
    let first = s.split(['+', '/']).next().unwrap_or("");
    digits(strip_unit(first, &["mm"]))
        .map(Some)
        .ok_or(Unparseable)
}

/// Outer or cargo dimensions: `"长4870宽1820高1475mm"`, `"4870×1820×1475mm"`,
/// `"4870x1820x1475"`, `"4870*1820*1475"`.
pub fn dimensions(text: &str) -> Parsed<Dimensions> {
    if is_blank(text) {
        return Ok(None);
    }
    let s = fold_units(text);
    let s = strip_unit(&s, &["mm"]);
    let parts: Vec<&str> = if s.starts_with('长') {
        s.split(['长', '宽', '高'])
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        s.split(['x', '×', '*', 'X', '✕', '乘']).collect()
    };
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| digits(strip_unit(p, &["mm"])))
        .collect();
    match nums.as_deref() {
        Some(&[length, width, height]) => Ok(Some(Dimensions {
            length,
            width,
            height,
        })),
        _ => Err(Unparseable),
    }
}

/// Front and rear track: `"前1580 后1580mm"`, `"1580/1575mm"`, `"1580mm"` (both),
/// `"前2040后1850/1850mm"` (the first rear value).
pub fn track(text: &str) -> Parsed<(u32, u32)> {
    if is_blank(text) {
        return Ok(None);
    }
    let s = fold_units(text);
    let s = strip_unit(&s, &["mm"]);
    let (front, rear) = if let Some(rest) = s.strip_prefix('前') {
        let (f, r) = rest.split_once('后').ok_or(Unparseable)?;
        (f, r)
    } else if let Some((f, r)) = s.split_once('/') {
        (f, r)
    } else {
        (s, s)
    };
    let rear_first = rear.split('/').next().unwrap_or("");
    let f = digits(strip_unit(front.trim_end_matches(['/', ',']), &["mm"])).ok_or(Unparseable)?;
    let r = digits(strip_unit(rear_first, &["mm"])).ok_or(Unparseable)?;
    Ok(Some((f, r)))
}

/// Displacement in millilitres and power in kilowatts, each possibly blank:
/// `"1984ml/137kw"`, `"1.984L/137kW"`, `"-/120kw"`, `"1498/85"`.
///
/// Gives `(Parsed<ml>, Parsed<kW>)`, so one half may be read while the other is not.
pub fn displacement_power(text: &str) -> (Parsed<u32>, Parsed<f64>) {
    if is_blank(text) {
        return (Ok(None), Ok(None));
    }
    let s = fold_units(text);
    let (d, p) = match s.split_once(['/', 'v']) {
        Some((d, p)) => (d, p),
        None if s.ends_with("kw") => ("", &*s),
        None => (&*s, ""),
    };
    (displacement(d), power(p))
}

fn displacement(s: &str) -> Parsed<u32> {
    if is_blank(s) {
        return Ok(None);
    }
    if let Some(ml) = s.strip_suffix("ml") {
        return digits(ml).map(Some).ok_or(Unparseable);
    }
    if let Some(l) = s.strip_suffix('l') {
        let litres = decimal(l).ok_or(Unparseable)?;
        return Ok(Some((litres * 1000.0).round() as u32));
    }
    digits(s).map(Some).ok_or(Unparseable)
}

fn power(s: &str) -> Parsed<f64> {
    if is_blank(s) {
        return Ok(None);
    }
    decimal(s.strip_suffix("kw").unwrap_or(s))
        .map(Some)
        .ok_or(Unparseable)
}

/// A non-negative decimal made of digits and at most one point.
fn decimal(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && !s.starts_with('.')
        && !s.ends_with('.')
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && s.bytes().filter(|&b| b == b'.').count() <= 1;
    if ok { s.parse().ok() } else { None }
}

/// Whether `text` is only dashes (used for fields kept as printed).
pub(crate) fn is_dashes(text: &str) -> bool {
    let mut chars = compact_chars(text).peekable();
    chars.peek().is_some() && chars.all(is_dash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`fold_units`] as the chain of replacements it stands for.
    fn fold_by_replacing(text: &str) -> String {
        let mut s = crate::text::compact(text).to_lowercase();
        for (from, to) in SPELLINGS {
            s = s.replace(from, to);
        }
        s
    }

    proptest! {
        #[test]
        fn one_pass_fold_is_the_replace_chain(t in "[rnm毫米千克公斤升瓦,KkGMΣσ１Ｍ 　0-9a-z]{0,12}") {
            prop_assert_eq!(fold_units(&t), fold_by_replacing(&t));
        }
    }

    #[test]
    fn fold_examples() {
        for (t, want) in [
            ("1 580 Rnm", "1580mm"),
            ("49,000千克", "49000kg"),
            ("r,nm", "rnm"),
            ("千,克", "千克"),
            ("1.984L/137千瓦", "1.984l/137kw"),
            ("ΑΣ", "ας"),
        ] {
            assert_eq!(fold_units(t), want, "{t}");
            assert_eq!(fold_by_replacing(t), want, "{t}");
        }
    }

    #[test]
    fn integers_with_noise() {
        assert_eq!(millimetres("1580mm"), Ok(Some(1580)));
        assert_eq!(millimetres("１５８０ rnm"), Ok(Some(1580)));
        assert_eq!(millimetres("1 580"), Ok(Some(1580)));
        assert_eq!(kilograms("1850Kg"), Ok(Some(1850)));
        assert_eq!(kilograms("1850千克"), Ok(Some(1850)));
        assert_eq!(kilograms("1850 公斤"), Ok(Some(1850)));
        assert_eq!(kilograms("49,000kg"), Ok(Some(49000)));
        assert_eq!(people("5人"), Ok(Some(5)));
        assert_eq!(count("6"), Ok(Some(6)));
        assert_eq!(kilograms("0kg"), Ok(Some(0)));
    }

    #[test]
    fn blanks_are_none_never_zero() {
        for b in ["", "mm", "kg", "人", "-", "--", "——"] {
            assert_eq!(millimetres(b), Ok(None));
            assert_eq!(kilograms(b), Ok(None));
            assert_eq!(people(b), Ok(None));
            assert_eq!(dimensions(b), Ok(None));
            assert_eq!(track(b), Ok(None));
            assert_eq!(wheelbase(b), Ok(None));
            assert_eq!(displacement_power(b), (Ok(None), Ok(None)));
        }
    }

    #[test]
    fn unreadable_is_an_error() {
        assert_eq!(kilograms("abc"), Err(Unparseable));
        assert_eq!(kilograms("18.5kg"), Err(Unparseable));
        assert_eq!(millimetres("1580cm"), Err(Unparseable));
        assert_eq!(dimensions("4870x1820"), Err(Unparseable));
        assert_eq!(track("前1580"), Err(Unparseable));
    }

    #[test]
    fn dimension_forms() {
        let want = Some(Dimensions {
            length: 4870,
            width: 1820,
            height: 1475,
        });
        for t in [
            "长4870宽1820高1475mm",
            "4870×1820×1475mm",
            "4870x1820x1475",
            "4870*1820*1475",
            "4870 X 1820 X 1475 rnm",
            "４８７０×１８２０×１４７５ｍｍ",
        ] {
            assert_eq!(dimensions(t), Ok(want), "{t}");
        }
    }

    #[test]
    fn track_forms() {
        assert_eq!(track("前1580 后1580mm"), Ok(Some((1580, 1580))));
        assert_eq!(track("1580/1575mm"), Ok(Some((1580, 1575))));
        assert_eq!(track("1580mm"), Ok(Some((1580, 1580))));
        assert_eq!(track("前2040后1850/1850mm"), Ok(Some((2040, 1850))));
    }

    #[test]
    fn wheelbase_forms() {
        assert_eq!(wheelbase("2850mm"), Ok(Some(2850)));
        assert_eq!(wheelbase("4125+1350mm"), Ok(Some(4125)));
        assert_eq!(wheelbase("3800+1350+1350"), Ok(Some(3800)));
    }

    #[test]
    fn displacement_and_power() {
        assert_eq!(
            displacement_power("1984ml/137kw"),
            (Ok(Some(1984)), Ok(Some(137.0)))
        );
        assert_eq!(
            displacement_power("1.984L/137kW"),
            (Ok(Some(1984)), Ok(Some(137.0)))
        );
        assert_eq!(displacement_power("-/120kw"), (Ok(None), Ok(Some(120.0))));
        assert_eq!(
            displacement_power("1498/85.5"),
            (Ok(Some(1498)), Ok(Some(85.5)))
        );
        assert_eq!(displacement_power("120kw"), (Ok(None), Ok(Some(120.0))));
        assert_eq!(displacement_power("1498ml/-"), (Ok(Some(1498)), Ok(None)));
        assert_eq!(
            displacement_power("abc/85kw"),
            (Err(Unparseable), Ok(Some(85.0)))
        );
    }
}
