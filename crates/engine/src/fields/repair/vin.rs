//! A VIN whose check digit fails set right by one swap of characters OCR
//! confuses in printed codes.

use regcert_model::values;

/// Characters OCR confuses in printed codes, by class.
const CONFUSABLE: &[&[char]] = &[
    &['0', 'O', 'D', 'Q'],
    &['1', 'I', 'L'],
    &['2', 'Z'],
    &['5', 'S'],
    &['8', 'B'],
];

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
pub(super) fn repaired(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Option<(String, String)> = None;
    for (i, &c) in chars.iter().enumerate() {
        let Some(class) = CONFUSABLE.iter().find(|cl| cl.contains(&c)) else {
            continue;
        };
        for &alt in class.iter().filter(|&&a| a != c) {
            let mut cand = chars.clone();
            cand[i] = alt;
            let Ok(Some(v)) = values::vin(&cand.iter().collect::<String>()) else {
                continue;
            };
            let well_formed = v.chars().enumerate().all(|(k, ch)| vin_char_allowed(k, ch));
            if !well_formed || !values::vin_check_digit_valid(&v) {
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
