//! A code whose check character fails (a VIN, GB 16735; a 居民身份证
//! number, GB 11643; a 统一社会信用代码, GB 32100), read again from the
//! recognizer's probabilities: of the characters the model weighed at each
//! place, the likeliest code that passes its check with at most
//! [`MAX_CHANGES`] characters changed, each of them seen as a clear
//! runner-up.

use regcert_model::values;

use crate::ctc::Emitted;

/// Most characters changed from the reading.
const MAX_CHANGES: usize = 3;
/// Least probability a runner-up needs to be taken.
const MIN_RUNNER_UP: f32 = 0.02;
/// Most log-likelihood the changes may cost in all: a character or two
/// that were close runners-up. Readings that need more are often off by a
/// character (one lost, one read twice), where some change always passes
/// the check digit (one in eleven does).
const MAX_COST: f32 = 2.0;
/// How much less the changes must cost than those of any other code that
/// passes: the fix is the one clear way to a valid code.
const LEAD: f32 = 0.7;

/// A kind of code with a check character.
pub(super) struct Code {
    /// How many characters it has.
    len: usize,
    /// Whether it may hold a character at a place.
    allowed: fn(usize, char) -> bool,
    /// Whether its check character is right.
    valid: fn(&str) -> bool,
}

/// The vehicle identification number.
pub(super) static VIN: Code = Code {
    len: 17,
    allowed: vin_allows,
    valid: values::vin_check_digit_valid,
};

/// The 居民身份证 number: 17 digits, then a digit or `X`.
pub(super) static RESIDENT_ID: Code = Code {
    len: 18,
    allowed: |i, c| c.is_ascii_digit() || (i == 17 && c == 'X'),
    valid: values::resident_id_valid,
};

/// The 统一社会信用代码: 18 characters of its alphabet (no I, O, S, V or Z).
pub(super) static CREDIT_CODE: Code = Code {
    len: 18,
    allowed: |_, c| {
        c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'S' | 'V' | 'Z'))
    },
    valid: values::uscc_valid,
};

/// Whether a VIN may hold `c` at place `i`: no I, O or Q; digits in the last
/// four places; a digit or `X` as check digit.
fn vin_allows(i: usize, c: char) -> bool {
    let alnum = c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'));
    alnum
        && match i {
            8 => c.is_ascii_digit() || c == 'X',
            13..=16 => c.is_ascii_digit(),
            _ => true,
        }
}

/// The likeliest `code` among the readings of as many emitted characters
/// in a row (letters and digits) as it has, that passes its check, when the
/// reading itself does not and one does within [`MAX_CHANGES`] and
/// [`MAX_COST`]: the reading and the code that replaces it.
pub(super) fn likeliest(emitted: &[Emitted], code: &Code) -> Option<(String, String)> {
    let is_code = |e: &Emitted| e.weighed[0].0.is_ascii_alphanumeric();
    let mut best: Option<(f32, String, String)> = None;
    for start in 0..emitted.len().saturating_sub(code.len - 1) {
        let window = &emitted[start..start + code.len];
        if !window.iter().all(is_code) {
            continue;
        }
        // Each place's choices: (character, cost against the reading).
        let choices: Vec<Vec<(char, f32)>> = window
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let top = e.weighed[0].1;
                e.weighed
                    .iter()
                    .enumerate()
                    .map(|(k, &(c, lp))| (k, c.to_ascii_uppercase(), lp))
                    .filter(|&(k, c, lp)| {
                        (code.allowed)(i, c) && (k == 0 || lp >= MIN_RUNNER_UP.ln())
                    })
                    .map(|(_, c, lp)| (c, top - lp))
                    .collect()
            })
            .collect();
        let read: String = window
            .iter()
            .map(|e| e.weighed[0].0.to_ascii_uppercase())
            .collect();
        if (code.valid)(&read) {
            return None;
        }
        if let Some((cost, fixed)) = search(&choices, code)
            && best.as_ref().is_none_or(|b| cost < b.0)
        {
            best = Some((cost, read, fixed));
        }
    }
    best.map(|(_, read, fixed)| (read, fixed))
}

/// The cheapest choice of one character per place, at most
/// [`MAX_CHANGES`] of them not the reading's, that passes `code`'s check,
/// when it costs clearly less than the next ([`LEAD`]).
fn search(choices: &[Vec<(char, f32)>], code: &Code) -> Option<(f32, String)> {
    // The reading where allowed; a place whose reading is not allowed must
    // change.
    let mut base: Vec<char> = Vec::with_capacity(choices.len());
    let mut forced = Vec::new();
    for (i, c) in choices.iter().enumerate() {
        let &(ch, cost) = c.first()?;
        base.push(ch);
        if cost > 0.0 {
            forced.push(i);
        }
    }
    let mut best: Option<(f32, String)> = None;
    let mut second = f32::INFINITY;
    let mut try_changes = |changes: &[(usize, char, f32)]| {
        let mut cand = base.clone();
        let mut cost = 0.0;
        for &(i, c, k) in changes {
            cand[i] = c;
            cost += k;
        }
        for &i in &forced {
            if !changes.iter().any(|&(j, _, _)| j == i) {
                cost += choices[i][0].1;
            }
        }
        let text: String = cand.iter().collect();
        if cost <= MAX_COST && (code.valid)(&text) {
            match &best {
                Some(b) if b.1 == text => {}
                Some(b) if cost >= b.0 => second = second.min(cost),
                _ => {
                    if let Some(b) = &best {
                        second = second.min(b.0);
                    }
                    best = Some((cost, text));
                }
            }
        }
    };
    let alts: Vec<(usize, char, f32)> = choices
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.iter()
                .skip(usize::from(c.first().is_some_and(|x| x.1 == 0.0)))
                .map(move |&(ch, k)| (i, ch, k))
        })
        .collect();
    try_changes(&[]);
    for (a, &x) in alts.iter().enumerate() {
        try_changes(&[x]);
        for (b, &y) in alts
            .iter()
            .enumerate()
            .skip(a + 1)
            .filter(|(_, y)| y.0 != x.0)
        {
            try_changes(&[x, y]);
            if MAX_CHANGES >= 3 {
                for &z in alts.iter().skip(b + 1).filter(|z| z.0 != x.0 && z.0 != y.0) {
                    try_changes(&[x, y, z]);
                }
            }
        }
    }
    best.filter(|b| second - b.0 >= LEAD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctc::emitted;
    use crate::ctc::testing::{charset, strip};

    const CODE: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    fn fix_as(code: &Code, seen: &str, also: &[(usize, char)]) -> Option<String> {
        let chars = charset(&[CODE, "车架号/邓军居民身份证"]);
        let probs = strip(&chars, seen, also);
        likeliest(&emitted(&probs, chars.len(), &chars), code).map(|(_, fixed)| fixed)
    }

    fn fix(seen: &str, also: &[(usize, char)]) -> Option<String> {
        fix_as(&VIN, seen, also)
    }

    #[test]
    fn a_runner_up_that_makes_the_check_digit_pass_is_taken() {
        assert!(values::vin_check_digit_valid("LSVAU218XN2183456"));
        // The 5 of 3456 read as 8, with 5 the runner-up; the label read
        // before the VIN is no part of it.
        assert_eq!(
            fix("/车架号LSVAU218XN2183486", &[(19, '5')]).as_deref(),
            Some("LSVAU218XN2183456")
        );
    }

    #[test]
    fn valid_or_unseen_fixes_leave_the_reading() {
        // Already valid: nothing to do.
        assert_eq!(fix("LSVAU218XN2183456", &[(15, '8')]), None);
        // Invalid, but nothing else was seen: no guess.
        assert_eq!(fix("LSVAU218XN2183486", &[]), None);
        // Sixteen characters: no VIN to fix.
        assert_eq!(fix("LSVAU218XN218346", &[(14, '5')]), None);
    }

    #[test]
    fn an_owner_number_gets_the_runner_up_its_check_asks_for() {
        assert!(values::resident_id_valid("440304199607118553"));
        // 6 of 1996 read as 0, with 6 the runner-up, after the owner's name.
        let seen = "邓军/居民身份证/440304199007118553";
        let at = seen.chars().count() - 18 + 9;
        assert_eq!(
            fix_as(&RESIDENT_ID, seen, &[(at, '6')]).as_deref(),
            Some("440304199607118553")
        );
        assert_eq!(fix_as(&RESIDENT_ID, seen, &[]), None);
        // A credit code's O, which its alphabet lacks, becomes the 0 seen
        // beside it.
        assert!(values::uscc_valid("91350200M0BYC6FBKA"));
        assert_eq!(
            fix_as(&CREDIT_CODE, "91350200MOBYC6FBKA", &[(9, '0')]).as_deref(),
            Some("91350200M0BYC6FBKA")
        );
    }
}
