//! Cleaning, repairing and checking a field's text with what the model crate
//! knows: VIN check digit, ID-number checksum, dates, units.

use regcert_model::Label;
use regcert_model::values;
use regcert_model::values::{compact, halfwidth, is_blank};
use regcert_model::{FuelType, Origin, Steering, UseCharacter};
use regcert_model::{IdCheck, Owner};

use super::labels::levenshtein;

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
pub(super) const FAILED: f32 = 0.5;

/// Clean and check the text read for `label`.
pub(crate) fn check(label: Label, raw: &str) -> Checked {
    let text = raw
        .trim()
        .trim_matches(|c: char| matches!(c, '|' | '丨' | ':' | '：' | '[' | ']'))
        .trim_start_matches('/')
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
            let digits = units::digit_fold(&compact(&text));
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
        Label::Model => check_code(&text),
        Label::LeafSpringCount => repaired_or_as_read(units::leaf_counts(&text), text),
        Label::TireSpec => repaired_or_as_read(tires::with_size_fixed(&text), text),
        Label::FuelType => snap(&text, &vocabulary::<FuelType>()),
        Label::UseCharacter => snap(&text, &vocabulary::<UseCharacter>()),
        Label::Origin => snap(&text, &vocabulary::<Origin>()),
        Label::Steering => snap(&text, &vocabulary::<Steering>()),
        Label::AcquisitionMethod => snap(&text, ACQUISITION),
        Label::VehicleType => {
            let types = vehicle_types::vehicle_types();
            let words: Vec<&str> = types.iter().map(String::as_str).collect();
            snap(&text, &words)
        }
        Label::BodyColor => {
            let (fixed, known) = colors::colors(&text);
            let factor = match (known, fixed == text) {
                (true, true) => VALID,
                (true, false) => REPAIRED,
                (false, _) => UNCHECKED,
            };
            Checked {
                text: if known { fixed } else { text },
                factor,
            }
        }
        _ => Checked {
            text,
            factor: UNCHECKED,
        },
    }
}

/// `fixed` when a repair gave one, else `text` unchecked.
fn repaired_or_as_read(fixed: Option<String>, text: String) -> Checked {
    match fixed {
        Some(fixed) => Checked {
            text: fixed,
            factor: REPAIRED,
        },
        None => Checked {
            text,
            factor: UNCHECKED,
        },
    }
}

/// A closed-vocabulary field: the text as read when it is a word of `words`,
/// else the one word it is clearly a misreading of (one edit, or two for a
/// word of four or more characters), else the text as read.
fn snap(text: &str, words: &[&str]) -> Checked {
    let t: Vec<char> = compact(text).chars().collect();
    // One character, not a word: the one-character word it looks like.
    if let [c] = t.as_slice()
        && !words.iter().any(|w| w.chars().eq(std::iter::once(*c)))
        && let Some((word, _)) = SINGLE_CHAR_LOOKALIKES
            .iter()
            .find(|(w, alike)| alike.contains(*c) && words.iter().any(|x| x.chars().eq([*w])))
    {
        return Checked {
            text: word.to_string(),
            factor: REPAIRED,
        };
    }
    // A word followed by the seal's lettering read with it (`购买局交通`).
    if let Some(word) = words.iter().find(|w| {
        let w: Vec<char> = w.chars().collect();
        w.len() >= 2
            && t.len() > w.len()
            && t.starts_with(&w)
            && t[w.len()..].iter().all(|c| SEAL_LETTERING.contains(*c))
    }) {
        return Checked {
            text: (*word).to_owned(),
            factor: REPAIRED,
        };
    }
    let mut best: Vec<(usize, &str)> = words
        .iter()
        .map(|w| {
            let wc: Vec<char> = w.chars().collect();
            (levenshtein(&wc, &t), *w)
        })
        .collect();
    best.sort_by_key(|(d, _)| *d);
    match best.as_slice() {
        [(0, _), ..] => Checked {
            text: text.to_owned(),
            factor: VALID,
        },
        [(d, w), rest @ ..]
            if rest.first().is_none_or(|(d2, _)| d2 > d)
                && t.len() >= 2
                && (*d == 1 || (*d == 2 && t.len() >= 3 && w.chars().count() >= 4)) =>
        {
            Checked {
                text: (*w).to_owned(),
                factor: REPAIRED,
            }
        }
        _ => Checked {
            text: text.to_owned(),
            factor: UNCHECKED,
        },
    }
}

/// A vehicle model code (车辆型号; GB 9417 codes use no letter `O` or `I`,
/// which read like digits, and no dot): `O` and `I` in the code are the
/// digits `0` and `1`, and a dot read in it (`Z.JV9589F`) is dropped.
/// Engine models are left alone: some carry a real `O` (`OM651`) or a dot
/// (`ISF3.8s5154`). A Chinese brand word printed in front (`示例牌SL7150A`)
/// is left as it is.
fn check_code(text: &str) -> Checked {
    let fixed: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | '·' | '。'))
        .map(|c| match c {
            'O' | 'o' => '0',
            'I' => '1',
            c => c,
        })
        .collect();
    Checked {
        factor: if fixed == text { UNCHECKED } else { REPAIRED },
        text: fixed,
    }
}

/// Characters of the seal's lettering (an authority's name), which a value
/// printed under the seal is read together with.
const SEAL_LETTERING: &str = "公安局交通警察支队大队车辆管理所市省县区";

/// Characters a single-character vocabulary word is misread as, by the word
/// they stand for: shapes that share its radical or most of its strokes
/// (氧 for 氢, 由 for 电).
const SINGLE_CHAR_LOOKALIKES: &[(char, &str)] = &[
    ('氢', "氧氦氮氩氖氪氙氟氯氛气氣"),
    ('电', "由甲申田龟"),
    ('无', "天元旡尢"),
];

fn check_vin(text: &str) -> Checked {
    let cleaned: String = compact(text)
        .to_uppercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    match values::vin(&cleaned) {
        Ok(Some(v)) if values::vin_check_digit_valid(&v) => Checked {
            text: cleaned,
            factor: VALID,
        },
        Ok(Some(_)) => match vin::repaired(&cleaned) {
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

fn check_owner(raw: &str) -> Checked {
    let fixed = owner::with_document(raw);
    let text = fixed.as_deref().unwrap_or(raw);
    let checked = check_owner_number(text);
    match fixed {
        Some(_) if checked.factor > FAILED => Checked {
            factor: REPAIRED.min(checked.factor),
            ..checked
        },
        _ => checked,
    }
}

fn check_owner_number(text: &str) -> Checked {
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
        IdCheck::ResidentId if !values::resident_id_valid(number) => {
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
            if fixed != number && values::resident_id_valid(&fixed) {
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
        IdCheck::CreditCode if !values::uscc_valid(number) => Checked {
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
    let fixed: String = units::digit_fold(&compact(text))
        .chars()
        .map(|c| match c {
            '一' | '—' | '–' | '_' | '~' => '-',
            c => c,
        })
        .collect();
    let reads = |t: &str| matches!(values::date(t), Ok(Some(_)));
    if !reads(&fixed)
        && let Some(split) = date_of_digits(&fixed)
    {
        return check_with(text, split, reads);
    }
    check_with(text, fixed, reads)
}

/// A date wrapped in a narrow cell and read as two lines joined (`2019`
/// over `07-04`, `201907-04`): its eight digits as `YYYY-MM-DD`, when
/// nothing but separators stands between them.
fn date_of_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_separators = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/' | ' '));
    (digits.len() == 8 && only_separators)
        .then(|| format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]))
}

fn check_number(label: Label, text: &str) -> Checked {
    let readable = |t: &str| match label {
        Label::Wheelbase => values::wheelbase(t).is_ok(),
        Label::Track => values::track(t).is_ok(),
        Label::OverallDimensions | Label::CargoDimensions => values::dimensions(t).is_ok(),
        Label::GrossMass | Label::RatedLoad | Label::TowingMass => values::kilograms(t).is_ok(),
        Label::RatedPassengers | Label::CabPassengers => values::people(t).is_ok(),
        Label::DisplacementPower => {
            let (d, p) = values::displacement_power(t);
            d.is_ok() && p.is_ok()
        }
        _ => values::count(t).is_ok(),
    };
    let fixed = units::digit_fold(text);
    let with_units = match label {
        Label::DisplacementPower => units::with_power_units,
        Label::OverallDimensions | Label::CargoDimensions => units::with_dimension_marks,
        Label::Track => units::with_track_marks,
        Label::Wheelbase => |t: &str| units::with_unit(t, units::MM),
        Label::GrossMass | Label::RatedLoad | Label::TowingMass => {
            |t: &str| units::with_unit(t, units::KG)
        }
        _ => |_: &str| None,
    };
    if !readable(&fixed)
        && let Some(units) = with_units(text)
    {
        return check_with(text, units, readable);
    }
    if !readable(&fixed) {
        // A stray character read into a number ("7认人"): keep digits, marks
        // and the words a number is printed with.
        let kept: String = fixed
            .chars()
            .filter(|&c| c.is_ascii() || "长宽高前后人×＊·".contains(c))
            .collect();
        return check_with(text, kept, readable);
    }
    check_with(text, fixed, readable)
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

mod brands;
mod colors;
mod owner;
mod tires;
mod units;
mod vehicle_types;
mod vin;
mod words;

use words::{ACQUISITION, vocabulary};
pub(super) use words::{counts_of, vocabulary_of};

#[cfg(test)]
mod tests;
