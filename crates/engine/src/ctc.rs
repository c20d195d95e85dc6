//! How well a given text explains what the recognizer saw on a strip: the
//! CTC likelihood of the text under the model's character probabilities
//! (summed over every alignment of the text to the strip's steps). Used to
//! choose between candidate readings of a hard strip (the seal) by what the
//! model saw, not by edit distance to its first guess.

use std::collections::HashMap;

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
    let steps = probs.len() / classes.max(1);
    if steps == 0 || classes == 0 {
        return f32::NEG_INFINITY;
    }
    // The target with blanks around and between its classes.
    let ext: Vec<usize> = std::iter::once(0)
        .chain(target.iter().flat_map(|&c| [c, 0]))
        .collect();
    let lp = |t: usize, c: usize| probs[t * classes + c].max(FLOOR).ln();
    let mut alpha = vec![f32::NEG_INFINITY; ext.len()];
    alpha[0] = lp(0, ext[0]);
    if ext.len() > 1 {
        alpha[1] = lp(0, ext[1]);
    }
    for t in 1..steps {
        let mut next = vec![f32::NEG_INFINITY; ext.len()];
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
        alpha = next;
    }
    let last = ext.len() - 1;
    if last == 0 {
        alpha[0]
    } else {
        log_add(alpha[last], alpha[last - 1])
    }
}

fn log_add(a: f32, b: f32) -> f32 {
    if a == f32::NEG_INFINITY {
        return b;
    }
    if b == f32::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
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
    fn characters_outside_the_charset_do_not_encode() {
        let charset: HashMap<&str, usize> = [("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(encode("ab", &charset), Some(vec![1, 2]));
        assert_eq!(encode("ax", &charset), None);
    }
}
