//! Dates as printed on the certificate.

use chrono::NaiveDate;

use crate::text::{compact_cow, is_blank};
use crate::units::{Parsed, Unparseable};

/// A date in any printed form: `2019-12-05`, `2019年12月05日`, `2019.12.05`,
/// `2019/12/5`, `20191205` (full-width digits and spaces allowed).
///
/// A blank field is `Ok(None)`; a date that does not exist (`2019-02-30`),
/// a year outside 1900–2199 or any other text is `Err(Unparseable)`.
pub fn date(text: &str) -> Parsed<NaiveDate> {
    if is_blank(text) {
        return Ok(None);
    }
    let s = compact_cow(text);
    let s = s.strip_suffix('日').unwrap_or(&s);
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | '年' | '月'))
    {
        return Err(Unparseable);
    }
    let mut groups = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    let (y, m, d) = match [groups.next(), groups.next(), groups.next(), groups.next()] {
        [Some(all), None, ..] if all.len() == 8 => (&all[..4], &all[4..6], &all[6..]),
        [Some(y), Some(m), Some(d), None] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            (y, m, d)
        }
        _ => return Err(Unparseable),
    };
    let (y, m, d) = (
        y.parse::<i32>().map_err(|_| Unparseable)?,
        m.parse::<u32>().map_err(|_| Unparseable)?,
        d.parse::<u32>().map_err(|_| Unparseable)?,
    );
    if !(1900..2200).contains(&y) {
        return Err(Unparseable);
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .map(Some)
        .ok_or(Unparseable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_printed_form() {
        let want = Ok(NaiveDate::from_ymd_opt(2019, 12, 5));
        for t in [
            "2019-12-05",
            "2019年12月05日",
            "2019年12月5日",
            "2019.12.05",
            "2019/12/5",
            "20191205",
            "２０１９－１２－０５",
            " 2019 - 12 - 05 ",
        ] {
            assert_eq!(date(t), want, "{t}");
        }
    }

    #[test]
    fn impossible_and_garbage() {
        for t in [
            "2019-02-30",
            "2019-13-01",
            "1800-01-01",
            "2019",
            "12/05/2019",
            "2019-12-05x",
            "201912051",
        ] {
            assert_eq!(date(t), Err(Unparseable), "{t}");
        }
        assert_eq!(date("2020-02-29"), Ok(NaiveDate::from_ymd_opt(2020, 2, 29)));
    }

    #[test]
    fn blank_is_none() {
        for t in ["", "-", "--", "——"] {
            assert_eq!(date(t), Ok(None));
        }
    }
}
