//! Vehicle identification numbers (车辆识别代号), GB 16735 / ISO 3779.

use crate::text::{compact_chars, is_blank};
use crate::units::{Parsed, Unparseable};

/// The VIN as 17 upper-case characters: spaces and dashes removed, and the
/// letters a VIN never uses mapped to the digits OCR mistook them for
/// (`I` → `1`, `O` and `Q` → `0`).
///
/// Blank is `Ok(None)`; anything that is not then 17 characters of `0-9A-Z`
/// is `Err(Unparseable)`.
pub fn normalize(text: &str) -> Parsed<String> {
    if is_blank(text) {
        return Ok(None);
    }
    let vin: String = compact_chars(text)
        .filter(|&c| c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' => '1',
            'O' | 'Q' => '0',
            c => c,
        })
        .collect();
    if vin.len() == 17
        && vin
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        Ok(Some(vin))
    } else {
        Err(Unparseable)
    }
}

/// The value of a VIN character in the check-digit sum (GB 16735 appendix).
fn transliterate(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The check digit (position 9) a 17-character VIN should carry: `0-9` or `X`.
/// `None` when `vin` is not 17 valid characters.
pub fn check_digit(vin: &str) -> Option<char> {
    let b = vin.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in b.iter().zip(WEIGHTS) {
        sum += transliterate(c)? * w;
    }
    Some(match sum % 11 {
        10 => 'X',
        r => char::from_digit(r, 10)?,
    })
}

/// Whether the VIN's ninth character is its check digit.
pub fn is_check_digit_valid(vin: &str) -> bool {
    check_digit(vin).is_some_and(|c| vin.as_bytes()[8] == c as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_vins() {
        // ISO 3779 / NHTSA worked example, and a Chinese VIN.
        assert_eq!(check_digit("1M8GDM9AXKP042788"), Some('X'));
        assert!(is_check_digit_valid("1M8GDM9AXKP042788"));
        assert!(!is_check_digit_valid("1M8GDM9A1KP042788"));
    }

    #[test]
    fn normalizes_ocr_confusables() {
        assert_eq!(
            normalize(" lsvau2i8qn2l83456 ".replace('l', "L").as_str()),
            Ok(Some("LSVAU2180N2L83456".to_owned()))
        );
        assert_eq!(
            normalize("1M8 GDM9 AXKP 042788"),
            Ok(Some("1M8GDM9AXKP042788".into()))
        );
        assert_eq!(
            normalize("ＬＳＶ１２３４５６７８９０１２３４"),
            Ok(Some("LSV12345678901234".into()))
        );
    }

    #[test]
    fn wrong_length_or_chars() {
        assert_eq!(normalize("高m"), Err(Unparseable));
        assert_eq!(normalize("LSVAU2180N218345"), Err(Unparseable));
        assert_eq!(normalize("LSVAU2180N21834567"), Err(Unparseable));
        assert_eq!(normalize("LSVAU2180N21834#6"), Err(Unparseable));
        assert_eq!(normalize("-"), Ok(None));
        assert_eq!(check_digit("short"), None);
    }
}
