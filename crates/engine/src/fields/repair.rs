//! Cleaning, repairing and checking a field's text with what the model crate
//! knows: VIN check digit, ID-number checksum, dates, units.

use regcert_model::labels::Label;
use regcert_model::owner::{IdCheck, Owner};
use regcert_model::text::{compact, halfwidth, is_blank};
use regcert_model::{dates, id_number, units, vin};

/// A field's text after repair, and how much to trust it (`0..=1`, to be
/// multiplied with the reading's confidence).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Checked {
    pub text: String,
    pub factor: f32,
}

/// Confidence factor of a value that passed its check.
const VALID: f32 = 1.0;
/// Of a value repaired into one that passes.
const REPAIRED: f32 = 0.85;
/// Of a value that cannot be checked one way or the other.
const UNCHECKED: f32 = 0.95;
/// Of a value whose check fails.
const FAILED: f32 = 0.5;

/// Characters OCR confuses in printed codes, by class.
const CONFUSABLE: &[&[char]] = &[
    &['0', 'O', 'D', 'Q'],
    &['1', 'I', 'L'],
    &['2', 'Z'],
    &['5', 'S'],
    &['8', 'B'],
];

/// Clean and check the text read for `label`.
pub(crate) fn check(label: Label, raw: &str) -> Checked {
    let text = raw
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '丨' | ':' | '：' | '[' | ']'))
        .trim()
        .to_owned();
    if text.is_empty() || is_blank(&text) {
        return Checked {
            text,
            factor: VALID,
        };
    }
    match label {
        Label::Vin => check_vin(&text),
        Label::Owner => check_owner(&text),
        Label::RegistrationDate | Label::ManufactureDate | Label::IssueDate => check_date(&text),
        Label::PlateNumber => Checked {
            text: text
                .chars()
                .filter(|c| !matches!(c, '·' | '.' | '•' | '・' | '．' | '-' | ' ' | '。'))
                .collect(),
            factor: UNCHECKED,
        },
        Label::CertificateNumber => {
            let digits = digit_fold(&compact(&text));
            let ok = digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit());
            Checked {
                text: digits,
                factor: if ok { VALID } else { FAILED },
            }
        }
        Label::Wheelbase
        | Label::Track
        | Label::OverallDimensions
        | Label::CargoDimensions
        | Label::GrossMass
        | Label::RatedLoad
        | Label::TowingMass
        | Label::RatedPassengers
        | Label::CabPassengers
        | Label::TireCount
        | Label::AxleCount
        | Label::DisplacementPower => check_number(label, &text),
        _ => Checked {
            text,
            factor: UNCHECKED,
        },
    }
}

/// Letters read inside runs of digits turned back into the digits they
/// resemble (`2O19` → `2019`, `1l2` → `112`).
fn digit_fold(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_digitish = |c: char| c.is_ascii_digit();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let near_digit = i.checked_sub(1).is_some_and(|p| is_digitish(chars[p]))
                || chars.get(i + 1).is_some_and(|&n| is_digitish(n));
            match c {
                'O' | 'o' | 'D' | 'Q' if near_digit => '0',
                'l' | 'I' | '|' if near_digit => '1',
                c => c,
            }
        })
        .collect()
}

fn check_vin(text: &str) -> Checked {
    let cleaned: String = compact(text)
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    match vin::normalize(&cleaned) {
        Ok(Some(v)) if vin::is_check_digit_valid(&v) => Checked {
            text: cleaned,
            factor: VALID,
        },
        Ok(Some(_)) => match repair_vin(&cleaned) {
            Some(fixed) => Checked {
                text: fixed,
                factor: REPAIRED,
            },
            None => Checked {
                text: cleaned,
                factor: FAILED,
            },
        },
        _ => Checked {
            text: cleaned,
            factor: FAILED,
        },
    }
}

/// Whether a VIN may hold `c` at index `i`: GB 16735 wants digits in the
/// last four places and a digit or `X` as check digit.
fn vin_char_allowed(i: usize, c: char) -> bool {
    match i {
        8 => c.is_ascii_digit() || c == 'X',
        13..=16 => c.is_ascii_digit(),
        _ => true,
    }
}

/// The one VIN that a single swap of confusable characters makes valid and
/// well-formed, if exactly one does.
fn repair_vin(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Option<(String, String)> = None;
    for (i, &c) in chars.iter().enumerate() {
        let Some(class) = CONFUSABLE.iter().find(|cl| cl.contains(&c)) else {
            continue;
        };
        for &alt in class.iter().filter(|&&a| a != c) {
            let mut cand = chars.clone();
            cand[i] = alt;
            let Ok(Some(v)) = vin::normalize(&cand.iter().collect::<String>()) else {
                continue;
            };
            let well_formed = v.chars().enumerate().all(|(k, ch)| vin_char_allowed(k, ch));
            if !well_formed || !vin::is_check_digit_valid(&v) {
                continue;
            }
            match &found {
                Some((_, seen)) if *seen == v => {}
                Some(_) => return None,
                None => found = Some((cand.into_iter().collect(), v)),
            }
        }
    }
    found.map(|(text, _)| text)
}

fn check_owner(text: &str) -> Checked {
    let Some(owner) = Owner::parse(text) else {
        return Checked {
            text: text.to_owned(),
            factor: FAILED,
        };
    };
    let Some(number) = owner.id_number.as_deref() else {
        return Checked {
            text: text.to_owned(),
            factor: UNCHECKED,
        };
    };
    match owner.id_check() {
        IdCheck::ResidentId if !id_number::resident_id_valid(number) => {
            let fixed: String = number
                .chars()
                .enumerate()
                .map(|(i, c)| match c {
                    'O' | 'D' | 'Q' => '0',
                    'I' | 'L' | 'l' => '1',
                    'Z' => '2',
                    'S' => '5',
                    'B' => '8',
                    'x' if i == 17 => 'X',
                    c => c,
                })
                .collect();
            if fixed != number && id_number::resident_id_valid(&fixed) {
                Checked {
                    text: halfwidth(text).replace(number, &fixed),
                    factor: REPAIRED,
                }
            } else {
                Checked {
                    text: text.to_owned(),
                    factor: FAILED,
                }
            }
        }
        IdCheck::CreditCode if !id_number::uscc_valid(number) => Checked {
            text: text.to_owned(),
            factor: FAILED,
        },
        IdCheck::None => Checked {
            text: text.to_owned(),
            factor: UNCHECKED,
        },
        _ => Checked {
            text: text.to_owned(),
            factor: VALID,
        },
    }
}

fn check_date(text: &str) -> Checked {
    let fixed: String = digit_fold(&compact(text))
        .chars()
        .map(|c| match c {
            '一' | '—' | '–' | '_' | '~' => '-',
            c => c,
        })
        .collect();
    check_with(text, fixed, |t| matches!(dates::date(t), Ok(Some(_))))
}

fn check_number(label: Label, text: &str) -> Checked {
    let readable = |t: &str| match label {
        Label::Wheelbase => units::wheelbase(t).is_ok(),
        Label::Track => units::track(t).is_ok(),
        Label::OverallDimensions | Label::CargoDimensions => units::dimensions(t).is_ok(),
        Label::GrossMass | Label::RatedLoad | Label::TowingMass => units::kilograms(t).is_ok(),
        Label::RatedPassengers | Label::CabPassengers => units::people(t).is_ok(),
        Label::DisplacementPower => {
            let (d, p) = units::displacement_power(t);
            d.is_ok() && p.is_ok()
        }
        _ => units::count(t).is_ok(),
    };
    check_with(text, digit_fold(text), readable)
}

/// `text` when it reads, else `fixed` when that reads, else `text` flagged.
fn check_with(text: &str, fixed: String, reads: impl Fn(&str) -> bool) -> Checked {
    if reads(text) {
        Checked {
            text: text.to_owned(),
            factor: VALID,
        }
    } else if reads(&fixed) {
        Checked {
            text: fixed,
            factor: REPAIRED,
        }
    } else {
        Checked {
            text: text.to_owned(),
            factor: FAILED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vin_repaired_only_when_one_swap_fits() {
        let good = "LSLAB2C13NA000001";
        assert_eq!(check(Label::Vin, good).factor, VALID);
        // A letter among the last four digits: only one swap fixes it.
        for misread in ["LSLAB2C13NA0000D1", "LSLAB2C13NA00000L"] {
            let c = check(Label::Vin, misread);
            assert_eq!((c.text.as_str(), c.factor), (good, REPAIRED), "{misread}");
        }
        // Two swaps would each make it valid: left alone, flagged.
        let c = check(Label::Vin, "LSLA82C13NA000001");
        assert_eq!((c.text.as_str(), c.factor), ("LSLA82C13NA000001", FAILED));
        // Wrong length: nothing to repair.
        assert_eq!(check(Label::Vin, "LSLAB2C13NA00001").factor, FAILED);
    }

    #[test]
    fn dates_and_numbers_fold_letters_in_digits() {
        let c = check(Label::IssueDate, "2O19-12-O5");
        assert_eq!(c.text, "2019-12-05");
        assert_eq!(c.factor, REPAIRED);
        assert_eq!(check(Label::GrossMass, "182Okg").text, "1820kg");
        assert_eq!(check(Label::GrossMass, "--kg").factor, VALID);
        assert_eq!(check(Label::RegistrationDate, "不是日期").factor, FAILED);
    }

    #[test]
    fn plate_loses_its_dot() {
        assert_eq!(check(Label::PlateNumber, "京A.D1234").text, "京AD1234");
        assert_eq!(check(Label::PlateNumber, "京A·D1234").text, "京AD1234");
    }

    #[test]
    fn id_number_letters_become_digits_when_the_checksum_then_holds() {
        let c = check(Label::Owner, "张三/居民身份证/11010519491231OO2X");
        assert_eq!(c.text, "张三/居民身份证/11010519491231002X");
        assert_eq!(c.factor, REPAIRED);
        let c = check(Label::Owner, "张三/居民身份证/110105194912310021");
        assert_eq!(c.factor, FAILED);
    }
}
