//! Naming what a seal's strip says: the recognizer's character
//! probabilities are scored against every name an authority's seal can
//! carry ([`places`]) and page 1's, and the likeliest is taken when it
//! explains the strip nearly as well as the recognizer's own reading.

use std::collections::HashMap;

use crate::ctc;
use crate::fields::places;
use crate::recognize::Reading;

/// Gain in log-likelihood an authority's name from page 1 is given over the
/// other places' names: the same office issues and registers most
/// vehicles, so a page-1 name a little less likely than another place's
/// still wins.
const PAGE_ONE_PRIOR: f32 = 5.0;

/// How much less likely per character than the recognizer's own reading a
/// name may be and still be taken: page 1's name, and a place's name from
/// the lists. The model's reading of a faint, curved seal is often several
/// characters off; a name that explains the strip much worse than that is
/// not what the seal says.
const PAGE_ONE_MARGIN: f32 = 4.0;
const KNOWN_MARGIN: f32 = 2.0;
/// How much less likely per character a place from the lists may be than
/// what was seen in its steps ([`place_gap`]). A character seen clearly as
/// another costs about 5 to 7: a three-character place may have one such,
/// not two. The ending is not held to it: an office's name ends in one of a
/// few ways, and a misread ending is set right by the whole name's margin.
const PLACE_MARGIN: f32 = 2.5;

/// The names the seal was scored against, with their log-likelihoods.
#[derive(Debug)]
struct Scored {
    /// The likeliest name from the lists, with its log-likelihood.
    known: Option<(String, f32)>,
    /// The log of the summed likelihoods of every name scored.
    total: f32,
    /// How much less likely per character the likeliest name's place is
    /// than the likeliest reading of the steps it takes (see [`place_gap`]).
    place_gap: f32,
}

/// How much less likely per character `head` is than the most likely path
/// over the steps it takes when `head + tail` is read from the strip: the
/// steps up to the likeliest split of the two ([`ctc::ends_at`] and
/// [`ctc::starts_at`]). Small when the place was seen, even as a runner-up;
/// large when other characters were seen clearly in its steps.
fn place_gap(probs: &[f32], classes: usize, head: &[usize], tail: &[f32]) -> f32 {
    let ends = ctc::ends_at(probs, classes, head);
    let Some((split, ll)) = ends
        .iter()
        .zip(tail.iter().skip(1))
        .map(|(e, t)| e + t)
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| (t, ends[t]))
    else {
        return f32::INFINITY;
    };
    let best_path: f32 = probs
        .chunks_exact(classes)
        .take(split + 1)
        .map(|step| step.iter().copied().fold(0.0f32, f32::max).max(1e-8).ln())
        .sum();
    (best_path - ll).max(0.0) / head.len().max(1) as f32
}

/// Every authority's name (see [`places`]) scored under `probs`. Each
/// ending is scored once from the end of the strip and each place once from
/// its start ([`ctc::joined`]), so the two thousand places and their endings
/// cost about what two thousand short texts do (about 30 ms a seal).
fn score_authorities(probs: &[f32], classes: usize, index: &HashMap<&str, usize>) -> Scored {
    let tails: HashMap<&str, Vec<f32>> = places::endings()
        .filter_map(|e| Some((e, ctc::starts_at(probs, classes, &ctc::encode(e, index)?))))
        .collect();
    let mut best: Option<(&str, &str, f32)> = None;
    let mut total = f32::NEG_INFINITY;
    for (head, endings) in places::heads() {
        let Some(target) = ctc::encode(head, index) else {
            continue;
        };
        let ends = ctc::ends_at(probs, classes, &target);
        for ending in endings {
            let Some(tail) = tails.get(ending) else {
                continue;
            };
            let ll = ctc::joined(&ends, tail);
            total = ctc::log_add(total, ll);
            if best.is_none_or(|b| ll > b.2) {
                best = Some((head, ending, ll));
            }
        }
    }
    let place_gap = best
        .and_then(|(head, ending, _)| {
            let target = ctc::encode(head, index)?;
            Some(place_gap(probs, classes, &target, tails.get(ending)?))
        })
        .unwrap_or(f32::INFINITY);
    Scored {
        known: best.map(|(head, ending, ll)| (format!("{head}{ending}"), ll)),
        total,
        place_gap,
    }
}

/// What one strip of the seal says.
#[derive(Debug)]
pub(super) enum Choice {
    /// A name that explains the strip nearly as well as the recognizer's
    /// own reading: its score is the share of the likelihood of all names
    /// scored that it holds, `gap` how much less likely per character than
    /// the reading it is.
    Named {
        name: String,
        score: f32,
        gap: f32,
        /// Whether it is page 1's name.
        page_one: bool,
    },
    /// No name does: the recognizer's reading.
    AsRead(Reading),
}

impl Choice {
    /// A name's gap, less page 1's prior per character when it is page 1's.
    fn rank(&self) -> f32 {
        match self {
            Choice::Named {
                name,
                gap,
                page_one,
                ..
            } => {
                let prior = if *page_one { PAGE_ONE_PRIOR } else { 0.0 };
                gap - prior / name.chars().count().max(1) as f32
            }
            Choice::AsRead(_) => f32::INFINITY,
        }
    }

    /// Whether this reading of a strip is to be preferred to `other`, a
    /// reading of the same seal under another guess at its rim.
    pub(super) fn better_than(&self, other: &Choice) -> bool {
        match (self, other) {
            (Choice::Named { .. }, Choice::Named { .. }) => self.rank() < other.rank(),
            (Choice::Named { .. }, Choice::AsRead(_)) => true,
            (Choice::AsRead(_), Choice::Named { .. }) => false,
            (Choice::AsRead(a), Choice::AsRead(b)) => a.score > b.score,
        }
    }
}

/// The name that `probs` (a strip's `steps x classes` character
/// probabilities, read greedily as `read`; `index` the recognizer's class
/// of each character) holds, if one explains it well enough: the likeliest
/// of the authorities' names whose place was seen ([`PLACE_MARGIN`]) and
/// `expected` (page 1's, favoured by [`PAGE_ONE_PRIOR`]), taken when it is
/// at most its margin less likely per character than the reading.
pub(super) fn choose(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    read: Reading,
    expected: &[&str],
) -> Choice {
    let likelihood = |t: &str| ctc::text_log_likelihood(probs, classes, index, t);
    let own = likelihood(&read.text).unwrap_or(f32::NEG_INFINITY);
    let scored = score_authorities(probs, classes, index);
    let mut total = scored.total;
    let mut page_one: Option<(String, f32)> = None;
    // Page 1's name counts only when it names a place from the lists: one
    // that does not is most often misread there too.
    for e in expected.iter().filter(|e| places::is_known(e)) {
        if let Some(ll) = likelihood(e) {
            if scored.known.as_ref().is_none_or(|(k, _)| k != e) {
                total = ctc::log_add(total, ll);
            }
            if page_one.as_ref().is_none_or(|(_, b)| ll > *b) {
                page_one = Some(((*e).to_owned(), ll));
            }
        }
    }
    let known = scored.known.filter(|_| scored.place_gap <= PLACE_MARGIN);
    let chosen = match (page_one, known) {
        (Some(p), Some(k)) if p.1 + PAGE_ONE_PRIOR < k.1 => Some((k, KNOWN_MARGIN, false)),
        (Some(p), _) => Some((p, PAGE_ONE_MARGIN, true)),
        (None, k) => k.map(|k| (k, KNOWN_MARGIN, false)),
    };
    let Some(((name, ll), margin, page_one)) = chosen else {
        return Choice::AsRead(read);
    };
    let gap = (own - ll) / name.chars().count().max(1) as f32;
    if gap > margin {
        return Choice::AsRead(read);
    }
    let score = (ll - total.max(ll)).exp();
    Choice::Named {
        name,
        score,
        gap,
        page_one,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctc::testing::{charset, index, strip};

    fn read(text: &str) -> Reading {
        Reading {
            text: text.to_owned(),
            score: 0.6,
        }
    }

    const NAMES: &[&str] = &[
        "合肥市公安局交通警察支队车辆管理所",
        "自贡市示例样本大队省",
        "西安宁市长沙县梁深圳",
    ];

    fn choose_in(seen: &str, also: &[(usize, char)], expected: &[&str]) -> Choice {
        let chars = charset(NAMES);
        let index = index(&chars);
        let probs = strip(&chars, seen, also);
        choose(&probs, chars.len(), &index, read(seen), expected)
    }

    fn named(choice: &Choice) -> Option<&str> {
        match choice {
            Choice::Named { name, .. } => Some(name),
            Choice::AsRead(_) => None,
        }
    }

    #[test]
    fn a_misread_place_is_named_from_the_lists() {
        // 自 read for 合, 合 seen beside it.
        let got = choose_in("自肥市公安局交通警察支队车辆管理所", &[(0, '合')], &[]);
        assert_eq!(named(&got), Some("合肥市公安局交通警察支队车辆管理所"));
        // A reading already right is named as it is, and surely.
        let got = choose_in("合肥市公安局交通警察支队", &[], &[]);
        assert_eq!(named(&got), Some("合肥市公安局交通警察支队"));
        match got {
            Choice::Named { score, gap, .. } => assert!(score > 0.9 && gap < 0.1, "{score} {gap}"),
            Choice::AsRead(_) => unreachable!(),
        }
    }

    #[test]
    fn page_one_wins_over_a_little_likelier_place() {
        // Read 西宁市, 安 seen beside 宁: page 1's 西安市 is a little less
        // likely, but favoured, it wins.
        let page_one = "西安市公安局交通警察支队";
        let seen = "西宁市公安局交通警察支队";
        let got = choose_in(seen, &[(1, '安')], &[page_one]);
        assert_eq!(named(&got), Some(page_one));
        // Without page 1 the likelier place is named.
        let got = choose_in(seen, &[(1, '安')], &[]);
        assert_eq!(named(&got), Some(seen));
    }

    #[test]
    fn page_one_naming_no_place_is_not_taken() {
        // Page 1 misread as 梁圳市, a place in no list: the seal is not given
        // its name, however well it fits.
        let page_one = "梁圳市公安局交通警察支队";
        let got = choose_in(page_one, &[(0, '深')], &[page_one]);
        assert_ne!(named(&got), Some(page_one));
    }

    #[test]
    fn a_place_in_no_list_keeps_its_reading() {
        // 样本市 is no place: the nearest names are several characters off.
        let got = choose_in("样本市公安局交通警察支队", &[], &[]);
        assert!(
            matches!(&got, Choice::AsRead(r) if r.text == "样本市公安局交通警察支队"),
            "{got:?}"
        );
        // Nor is a strip that reads as no authority at all.
        let got = choose_in("示例样本省", &[], &[]);
        assert!(matches!(got, Choice::AsRead(_)), "{got:?}");
    }

    #[test]
    fn a_named_reading_is_preferred_then_the_closer_then_the_surer() {
        let named = |gap, page_one| Choice::Named {
            name: "示例市公安局交通警察支队".to_owned(),
            score: 0.5,
            gap,
            page_one,
        };
        let as_read = |score| {
            Choice::AsRead(Reading {
                text: String::new(),
                score,
            })
        };
        assert!(named(3.0, false).better_than(&as_read(0.99)));
        assert!(!as_read(0.99).better_than(&named(3.0, false)));
        assert!(named(0.5, false).better_than(&named(1.0, false)));
        // Page 1's name keeps its prior across guesses at the rim.
        assert!(named(1.0, true).better_than(&named(0.8, false)));
        assert!(as_read(0.9).better_than(&as_read(0.5)));
    }
}
