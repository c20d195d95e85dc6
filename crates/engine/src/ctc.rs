//! How well a given text explains what the recognizer saw on a strip: the
//! CTC likelihood of the text under the model's character probabilities
//! (summed over every alignment of the text to the strip's steps). Used to
//! choose between candidate readings of a hard strip (the seal) by what the
//! model saw, not by edit distance to its first guess.

use std::collections::HashMap;

use crate::recognize::best_class;

/// Log-probability floor, so that a character the model gives no chance to
/// costs a lot without making the sum minus infinity.
const FLOOR: f32 = 1e-8;

/// The classes of `text`'s characters in `charset`, or `None` when one of
/// them is not in it.
pub(crate) fn encode(text: &str, charset: &HashMap<&str, usize>) -> Option<Vec<usize>> {
    let mut buf = [0u8; 4];
    text.chars()
        .map(|c| charset.get(&*c.encode_utf8(&mut buf)).copied())
        .collect()
}

/// `ln P(target | probs)` for `steps x classes` probabilities (class 0 the
/// blank): the CTC forward algorithm in log space.
pub(crate) fn log_likelihood(probs: &[f32], classes: usize, target: &[usize]) -> f32 {
    let mut total = f32::NEG_INFINITY;
    let steps = probs.len() / classes.max(1);
    forward(probs, classes, target, false, |t, alpha| {
        if t + 1 == steps {
            let last = alpha.len() - 1;
            total = if last == 0 {
                alpha[0]
            } else {
                log_add(alpha[last], alpha[last - 1])
            };
        }
    });
    total
}

/// [`log_likelihood`] of `text`, or `None` when one of its characters is
/// not in `charset`.
pub(crate) fn text_log_likelihood(
    probs: &[f32],
    classes: usize,
    charset: &HashMap<&str, usize>,
    text: &str,
) -> Option<f32> {
    encode(text, charset).map(|target| log_likelihood(probs, classes, &target))
}

/// For each step `t`, `ln P(steps 0..=t read as target)` with step `t`
/// giving target's last character (so not a blank after it). `target` must
/// not be empty.
pub(crate) fn ends_at(probs: &[f32], classes: usize, target: &[usize]) -> Vec<f32> {
    let mut out = Vec::new();
    forward(probs, classes, target, false, |_, alpha| {
        out.push(alpha[alpha.len() - 2]);
    });
    out
}

/// For each step `t`, `ln P(steps t.. read as target)`, blanks before it
/// included: the forward algorithm run backwards over the steps and the
/// target.
pub(crate) fn starts_at(probs: &[f32], classes: usize, target: &[usize]) -> Vec<f32> {
    let reversed: Vec<usize> = target.iter().rev().copied().collect();
    let mut out = Vec::new();
    forward(probs, classes, &reversed, true, |_, alpha| {
        let last = alpha.len() - 1;
        out.push(log_add(alpha[last], alpha[last - 1]));
    });
    out.reverse();
    out
}

/// `ln P(head + tail)` from `ends_at(head)` and `starts_at(tail)`, for a
/// head whose last character is not the tail's first (CTC would read the
/// two as one): every reading splits once, after the step giving head's
/// last character. Scores many heads before a few tails for the cost of one
/// pass over each.
pub(crate) fn joined(ends: &[f32], starts: &[f32]) -> f32 {
    ends.iter()
        .zip(starts.iter().skip(1))
        .fold(f32::NEG_INFINITY, |acc, (e, s)| log_add(acc, e + s))
}

/// The CTC forward algorithm in log space over the steps (last to first
/// when `backwards`), `visit` given each step's index in visiting order and
/// the log-probabilities of the target's states (blanks around and between
/// its classes) after it.
fn forward(
    probs: &[f32],
    classes: usize,
    target: &[usize],
    backwards: bool,
    mut visit: impl FnMut(usize, &[f32]),
) {
    let steps = probs.len() / classes.max(1);
    if steps == 0 || classes == 0 {
        return;
    }
    let ext: Vec<usize> = std::iter::once(0)
        .chain(target.iter().flat_map(|&c| [c, 0]))
        .collect();
    let row = |t: usize| if backwards { steps - 1 - t } else { t };
    let lp = |t: usize, c: usize| probs[row(t) * classes + c].max(FLOOR).ln();
    let mut alpha = vec![f32::NEG_INFINITY; ext.len()];
    alpha[0] = lp(0, ext[0]);
    if ext.len() > 1 {
        alpha[1] = lp(0, ext[1]);
    }
    visit(0, &alpha);
    let mut next = vec![f32::NEG_INFINITY; ext.len()];
    for t in 1..steps {
        for s in 0..ext.len() {
            let mut a = alpha[s];
            if s >= 1 {
                a = log_add(a, alpha[s - 1]);
            }
            if s >= 2 && ext[s] != 0 && ext[s] != ext[s - 2] {
                a = log_add(a, alpha[s - 2]);
            }
            next[s] = a + lp(t, ext[s]);
        }
        std::mem::swap(&mut alpha, &mut next);
        visit(t, &alpha);
    }
}

/// `ln(e^a + e^b)`.
pub(crate) fn log_add(a: f32, b: f32) -> f32 {
    if a == f32::NEG_INFINITY {
        return b;
    }
    if b == f32::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// Characters weighed at each emitted character's step.
const WEIGHED: usize = 4;

/// One character the recognizer emitted, with the characters it weighed at
/// the step it was surest of it: `(character, ln p)`, likeliest first.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Emitted {
    pub(crate) weighed: Vec<(char, f32)>,
}

/// The characters greedy decoding of `probs` (`steps x classes`, class 0
/// the blank) emits, each with what was weighed at its surest step.
pub(crate) fn emitted(probs: &[f32], classes: usize, charset: &[String]) -> Vec<Emitted> {
    let char_of = |class: usize| charset.get(class).and_then(|s| s.chars().next());
    let mut out: Vec<(usize, f32, &[f32])> = Vec::new();
    let mut prev = 0usize;
    for step in probs.chunks_exact(classes.max(1)) {
        let (best, p) = best_class(step);
        if best != 0 {
            match out.last_mut() {
                Some(last) if best == prev => {
                    if p > last.1 {
                        *last = (best, p, step);
                    }
                }
                _ => out.push((best, p, step)),
            }
        }
        prev = best;
    }
    out.into_iter()
        .filter_map(|(best, _, step)| {
            let mut ranked: Vec<(usize, f32)> = step.iter().copied().enumerate().skip(1).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            let weighed: Vec<(char, f32)> = std::iter::once(best)
                .chain(ranked.iter().map(|r| r.0).filter(|&c| c != best))
                .take(WEIGHED)
                .filter_map(|c| Some((char_of(c)?, step[c].max(1e-8).ln())))
                .collect();
            (!weighed.is_empty()).then_some(Emitted { weighed })
        })
        .collect()
}

/// Character probabilities made up for tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::HashMap;

    /// Class 0 is the blank; the others are the characters of `names`.
    pub(crate) fn charset(names: &[&str]) -> Vec<String> {
        let mut chars: Vec<String> = vec![String::new()];
        for c in names.iter().flat_map(|n| n.chars()) {
            if !chars.iter().any(|k| k.chars().eq(std::iter::once(c))) {
                chars.push(c.to_string());
            }
        }
        chars
    }

    /// Each character of `chars` with its class.
    pub(crate) fn index(chars: &[String]) -> HashMap<&str, usize> {
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect()
    }

    /// A strip showing `seen`, one character per step with a blank between:
    /// each shown at 0.6 with `also` (where given) at 0.3 beside it.
    pub(crate) fn strip(chars: &[String], seen: &str, also: &[(usize, char)]) -> Vec<f32> {
        let classes = chars.len();
        let class = |c: char| chars.iter().position(|k| k.chars().eq(std::iter::once(c)));
        let mut probs = Vec::new();
        for (i, c) in seen.chars().enumerate() {
            let mut row = vec![0.1 / classes as f32; classes];
            row[class(c).unwrap_or(0)] += 0.6;
            if let Some(&(_, a)) = also.iter().find(|(at, _)| *at == i) {
                row[class(a).unwrap_or(0)] += 0.3;
            }
            probs.extend(row);
            let mut blank = vec![0.02 / classes as f32; classes];
            blank[0] += 0.98;
            probs.extend(blank);
        }
        probs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps whose best class is `rows[t]` at probability 0.9.
    fn probs(rows: &[usize], classes: usize) -> Vec<f32> {
        let mut out = Vec::new();
        for &r in rows {
            let mut p = vec![0.1 / (classes - 1) as f32; classes];
            p[r] = 0.9;
            out.extend(p);
        }
        out
    }

    #[test]
    fn the_text_seen_is_likelier_than_others() {
        // a blank b b blank a
        let p = probs(&[1, 0, 2, 2, 0, 1], 4);
        let seen = log_likelihood(&p, 4, &[1, 2, 1]);
        assert!(seen > log_likelihood(&p, 4, &[1, 3, 1]) + 2.0);
        assert!(seen > log_likelihood(&p, 4, &[1, 2]) + 2.0);
        assert!(seen > log_likelihood(&p, 4, &[1, 2, 2, 1]));
        assert!(seen < 0.0 && seen > -2.0, "{seen}");
    }

    #[test]
    fn repeated_characters_need_a_blank_between() {
        // a a a: "aa" cannot be read without a blank between the two.
        let p = probs(&[1, 1, 1], 3);
        assert!(log_likelihood(&p, 3, &[1]) > log_likelihood(&p, 3, &[1, 1]) + 2.0);
    }

    #[test]
    fn a_head_and_a_tail_joined_score_as_the_whole() {
        let p = probs(&[1, 0, 2, 2, 0, 3, 1, 0], 4);
        for (head, tail) in [(&[1, 2][..], &[3, 1][..]), (&[1][..], &[2, 3, 1][..])] {
            let whole: Vec<usize> = head.iter().chain(tail).copied().collect();
            let split = joined(&ends_at(&p, 4, head), &starts_at(&p, 4, tail));
            let direct = log_likelihood(&p, 4, &whole);
            assert!((split - direct).abs() < 1e-3, "{split} {direct}");
        }
        // A tail the strip does not hold scores far lower.
        let wrong = joined(&ends_at(&p, 4, &[1, 2]), &starts_at(&p, 4, &[1, 3]));
        assert!(wrong < log_likelihood(&p, 4, &[1, 2, 3, 1]) - 2.0);
    }

    #[test]
    fn characters_outside_the_charset_do_not_encode() {
        let charset: HashMap<&str, usize> = [("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(encode("ab", &charset), Some(vec![1, 2]));
        assert_eq!(encode("ax", &charset), None);
    }
}
