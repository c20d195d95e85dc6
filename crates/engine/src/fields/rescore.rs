//! Values of a closed vocabulary (vehicle type, body color, fuel, use,
//! origin, steering, how the vehicle was acquired) or a count (tyres, axles,
//! seats: `水人` is no count), a VIN or an owner's
//! number whose check fails (see `code`), a plate's province (see
//! `plate`) and outer dimensions holding a size no vehicle has (see
//! `dimensions`), named by
//! what the recognizer saw: the value's strip is read again and every word of the
//! field's vocabulary scored against the recognizer's character
//! probabilities (CTC likelihood). Where edit distance ties (`重型版式货车`
//! is one edit from both 厢式 and 罐式), the probabilities tell the two
//! apart.

use std::collections::HashMap;

use image::RgbImage;

use crate::ctc::{self, emitted};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::geometry::{quad_size, rectify};
use crate::recognize::{REC_HEIGHT, strip_width};

use regcert_model::Dimensions;
use regcert_model::values;
use regcert_model::{IdCheck, Label, Owner};

use super::code::{self, Code};
use super::evidence::FieldEvidence;
use super::repair::{counts_of, vocabulary_of};
use super::{dimensions, maker, plate};

/// How much less likely per character than the recognizer's own reading a
/// word may be and still be taken. A character seen clearly as another
/// costs about 5 to 7; a word of five may carry one such.
const MARGIN: f32 = 1.5;

/// [`MARGIN`] for a value that is no word of its closed vocabulary.
const LOOSE_MARGIN: f32 = 3.0;

/// How much less likely than the recognizer's reading a mended number may
/// make its strip: one digit seen as a runner-up.
const NUMBER_MARGIN: f32 = 6.0;

/// How much more likely (log) the word taken must be than the runner-up.
const LEAD: f32 = 1.0;

/// How much less likely than the recognizer's reading of the maker's strip
/// the name its brand suggests may be: one character seen as a runner-up.
const MAKER_MARGIN: f32 = 3.0;

/// Confidence factor of a value named other than it was first read.
const RENAMED: f32 = 0.85;

/// What a field's strip is read again for.
enum Job {
    /// The word of this vocabulary it holds.
    Words(Vec<String>),
    /// The code that passes its check: the VIN, or the owner's number.
    Code(&'static Code),
    /// The plate's province.
    Plate,
    /// The maker's name the brand suggests, once the brand is named.
    Maker,
    /// Outer dimensions with one size no vehicle has.
    Dimensions(Dimensions),
}

impl Engine {
    /// Name each closed-vocabulary field of `fields` (read on `image`) by
    /// the word of its vocabulary that best explains its strip, when one
    /// clearly does; other fields, and values no word explains nearly as
    /// well as the recognizer's own reading, are left as they are.
    pub(super) fn rescore(
        &self,
        image: &RgbImage,
        fields: &mut [FieldEvidence],
    ) -> Result<(), EngineError> {
        let index = self.charset_index();
        let mut looked: Vec<(usize, Job)> = Vec::new();
        let mut strips: Vec<RgbImage> = Vec::new();
        for (i, field) in fields.iter().enumerate() {
            let Some(quad) = field.quad else {
                continue;
            };
            let job = job_for(field);
            let Some(job) = job else {
                continue;
            };
            let (w, h) = quad_size(&quad);
            if let Some(strip) = rectify(image, &quad, strip_width(w, h), REC_HEIGHT) {
                looked.push((i, job));
                strips.push(strip);
            }
        }
        let (probs, classes) = self.strips_probabilities(&strips)?;
        for ((i, job), probs) in looked.iter().zip(&probs) {
            let field = &mut fields[*i];
            let better = match job {
                Job::Words(words) => {
                    let read = self.decode_greedy(probs, classes);
                    let margin = margin_for(field.label, &field.text, words);
                    best_word(probs, classes, &index, &read.text, words, margin)
                }
                Job::Code(kind) => code::likeliest(&emitted(probs, classes, self.charset()), kind)
                    .and_then(|(read, fixed)| replaced(&field.text, &read, &fixed)),
                Job::Maker => None,
                Job::Dimensions(sizes) => {
                    let read = self.decode_greedy(probs, classes);
                    dimensions::mended(&read.text, sizes)
                        .and_then(|texts| {
                            likeliest_mended(probs, classes, &index, &read.text, &texts)
                        })
                        .and_then(|fixed| dimensions::carried(&field.text, sizes, &fixed))
                }
                Job::Plate => {
                    plate::with_province(&field.text, &emitted(probs, classes, self.charset()))
                        .or_else(|| {
                            let read = self.decode_greedy(probs, classes);
                            plate::likeliest_province(
                                &field.text,
                                &read.text,
                                probs,
                                classes,
                                &index,
                            )
                        })
                }
            };
            if let Some(text) = better
                && text != field.text
            {
                field.text = text;
                field.confidence *= RENAMED;
            }
        }
        // The maker last: the brand it is read against is named above.
        if let Some((m, suggested)) = maker::suggested(fields)
            && let Some((_, probs)) = looked.iter().zip(&probs).find(|((i, _), _)| *i == m)
        {
            let read = self.decode_greedy(probs, classes);
            if nearly_as_likely(probs, classes, &index, &read.text, &suggested) {
                fields[m].text = suggested;
                fields[m].confidence *= RENAMED;
            }
        }
        Ok(())
    }
}

/// What `field`'s strip is read again for, if anything.
fn job_for(field: &FieldEvidence) -> Option<Job> {
    let text = &field.text;
    if text.is_empty() {
        None
    } else if field.label == Label::Vin {
        (!values::vin_check_digit_valid(text)).then_some(Job::Code(&code::VIN))
    } else if field.label == Label::Owner {
        owner_code(text).map(Job::Code)
    } else if field.label == Label::PlateNumber {
        Some(Job::Plate)
    } else if field.label == Label::Manufacturer {
        Some(Job::Maker)
    } else if field.label == Label::OverallDimensions {
        dimensions::misread(text).map(Job::Dimensions)
    } else if let Some(counts) = counts_of(field.label) {
        // A count as read is kept: the strip may hold only part of it
        // (`8人` of `38人`, read as two boxes).
        let misread = !values::is_blank(text) && !counts.iter().any(|c| c == text);
        misread.then_some(Job::Words(counts))
    } else {
        vocabulary_of(field.label).map(Job::Words)
    }
}

/// The kind of the owner's number in `text`, when its check fails.
fn owner_code(text: &str) -> Option<&'static Code> {
    let owner = Owner::parse(text)?;
    let number = owner.id_number.as_deref()?;
    match owner.id_check() {
        IdCheck::ResidentId if !values::resident_id_valid(number) => Some(&code::RESIDENT_ID),
        IdCheck::CreditCode if !values::uscc_valid(number) => Some(&code::CREDIT_CODE),
        _ => None,
    }
}

/// `text` with the code `read` in it replaced by `fixed`, when it holds it.
fn replaced(text: &str, read: &str, fixed: &str) -> Option<String> {
    let text = values::halfwidth(text);
    text.contains(read).then(|| text.replace(read, fixed))
}

/// Whether `text` explains the strip's probabilities at most
/// [`MAKER_MARGIN`] less well than the recognizer's reading `read`.
fn nearly_as_likely(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    read: &str,
    text: &str,
) -> bool {
    let likelihood = |t: &str| ctc::text_log_likelihood(probs, classes, index, t);
    matches!((likelihood(read), likelihood(text)), (Some(own), Some(ll)) if own - ll <= MAKER_MARGIN)
}

/// How much less likely per character than the recognizer's reading a word
/// of `words` may be to replace `text`, a value of `label`. A value that is
/// no word of a closed vocabulary is wrong as it stands, so a word the
/// recognizer saw less surely may replace it ([`LOOSE_MARGIN`]); brands are
/// an open list, and a brand of no list is kept.
fn margin_for(label: Label, text: &str, words: &[String]) -> f32 {
    if label == Label::Brand || words.iter().any(|w| w == text) {
        MARGIN
    } else {
        LOOSE_MARGIN
    }
}

/// The word of `words` that explains the strip's probabilities clearly
/// best, at most `margin` a character less well than the recognizer's
/// reading `read`.
fn best_word(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    read: &str,
    words: &[String],
    margin: f32,
) -> Option<String> {
    let best = leading_word(probs, classes, index, read, "", words)?;
    (best.cost <= margin && best.lead >= LEAD).then_some(best.word)
}

/// The text of `texts` (mended numbers) that explains the strip's
/// probabilities clearly best, at most [`NUMBER_MARGIN`] less well than the
/// recognizer's reading `read`.
fn likeliest_mended(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    read: &str,
    texts: &[String],
) -> Option<String> {
    let best = leading_word(probs, classes, index, read, "", texts)?;
    let cost = best.cost * best.word.chars().count() as f32;
    (cost <= NUMBER_MARGIN && best.lead >= LEAD).then_some(best.word)
}

/// The likeliest word of a vocabulary on a strip, and by how much.
pub(super) struct Leader {
    /// The word.
    pub(super) word: String,
    /// How much likelier (log) it makes the strip than the runner-up word.
    pub(super) lead: f32,
    /// How much less likely (log) it makes the strip than the reference,
    /// per character of the word.
    pub(super) cost: f32,
}

/// The word of `words` that, read after `prefix`, makes the strip's
/// probabilities likeliest, measured against the runner-up and against
/// `reference` (the recognizer's reading, or the text before the word).
pub(super) fn leading_word(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    reference: &str,
    prefix: &str,
    words: &[String],
) -> Option<Leader> {
    let likelihood = |t: &str| ctc::text_log_likelihood(probs, classes, index, t);
    let own = likelihood(reference)?;
    let mut scored: Vec<(f32, &String)> = words
        .iter()
        .filter_map(|w| likelihood(&format!("{prefix}{w}")).map(|ll| (ll, w)))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (ll, word) = *scored.first()?;
    Some(Leader {
        word: word.clone(),
        lead: scored.get(1).map_or(f32::INFINITY, |s| ll - s.0),
        cost: (own - ll) / word.chars().count().max(1) as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctc::testing::{charset, index, strip};

    const WORDS: &[&str] = &["重型厢式货车", "重型罐式货车", "重型普通货车", "小型轿车"];

    /// [`best_word`] among [`WORDS`] on `probs`, or on a strip showing
    /// `seen` (with `also` beside it) when `probs` is `None`.
    fn best_in(seen: &str, also: &[(usize, char)], probs: Option<Vec<f32>>) -> Option<String> {
        let chars = charset(WORDS);
        let index = index(&chars);
        let words: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
        let probs = probs.unwrap_or_else(|| strip(&chars, seen, also));
        best_word(&probs, chars.len(), &index, seen, &words, MARGIN)
    }

    #[test]
    fn the_word_the_recognizer_saw_as_runner_up_wins_a_tie_of_edits() {
        // 普 read where 厢 was the runner-up: one edit from 厢式 as from 罐式,
        // but the probabilities point to 厢.
        assert_eq!(
            best_in("重型普式货车", &[(2, '厢')], None).as_deref(),
            Some("重型厢式货车")
        );
        assert_eq!(best_in("小型轿车", &[], None).as_deref(), Some("小型轿车"));
    }

    #[test]
    fn a_reading_no_word_explains_nor_two_words_equally_stays() {
        // Two characters seen clearly as others: no word is near enough.
        assert_eq!(best_in("小货轿式", &[], None), None);
        // Both 厢 and 罐 seen as runners-up equally: no lead.
        let chars = charset(WORDS);
        let mut probs = strip(&chars, "重型普式货车", &[]);
        let class = |c: char| chars.iter().position(|k| k.chars().eq([c])).unwrap_or(0);
        let row = 4 * chars.len();
        probs[row + class('厢')] += 0.2;
        probs[row + class('罐')] += 0.2;
        assert_eq!(best_in("重型普式货车", &[], Some(probs)), None);
    }

    #[test]
    fn a_value_of_no_closed_word_takes_a_word_seen_less_surely() {
        let colors = vocabulary_of(Label::BodyColor).unwrap_or_default();
        // 黑 read as 果, 黑 weighed at a twentieth.
        let chars = charset(&["果黑白红"]);
        let index = index(&chars);
        let class = |c: char| chars.iter().position(|k| k.chars().eq([c])).unwrap_or(0);
        let mut probs = strip(&chars, "果", &[]);
        probs[class('黑')] += 0.05;
        let words: Vec<String> = ["黑", "白", "红"].map(str::to_owned).to_vec();
        let best = |margin| best_word(&probs, chars.len(), &index, "果", &words, margin);
        assert_eq!(best(MARGIN), None);
        assert_eq!(best(LOOSE_MARGIN).as_deref(), Some("黑"));
        // Which margin: the loose one only for a value no word of the list.
        assert_eq!(margin_for(Label::BodyColor, "果", &colors), LOOSE_MARGIN);
        assert_eq!(margin_for(Label::BodyColor, "黑", &colors), MARGIN);
        let brands = vocabulary_of(Label::Brand).unwrap_or_default();
        assert_eq!(margin_for(Label::Brand, "示例牌", &brands), MARGIN);
    }

    #[test]
    fn a_brand_seen_as_runner_up_is_named_and_an_unknown_one_kept() {
        let brands = vocabulary_of(Label::Brand).unwrap_or_default();
        let mut names: Vec<&str> = brands.iter().map(String::as_str).collect();
        names.extend(["示例", "瑶"]);
        let chars = charset(&names);
        let index = index(&chars);
        let best = |seen: &str, also: &[(usize, char)]| {
            best_word(
                &strip(&chars, seen, also),
                chars.len(),
                &index,
                seen,
                &brands,
                MARGIN,
            )
        };
        // 瑞 the runner-up where 瑶 was read.
        assert_eq!(best("奇瑶牌", &[(1, '瑞')]).as_deref(), Some("奇瑞牌"));
        // A brand of no list, read cleanly, stays.
        assert_eq!(best("示例牌", &[]), None);
    }

    #[test]
    fn a_maker_the_brand_suggests_is_taken_only_where_it_was_seen() {
        let chars = charset(&["青奇瑞陕西汽车股份有限公司集团"]);
        let index = index(&chars);
        let near = |seen: &str, also: &[(usize, char)], text: &str| {
            let probs = strip(&chars, seen, also);
            nearly_as_likely(&probs, chars.len(), &index, seen, text)
        };
        assert!(near(
            "青瑞汽车股份有限公司",
            &[(0, '奇')],
            "奇瑞汽车股份有限公司"
        ));
        // 西 seen clearly, 汽 not at all: 陕西 stays.
        assert!(!near("陕西汽车集团", &[], "陕汽汽车集团"));
    }

    #[test]
    fn a_count_is_read_again_only_when_it_is_no_count() {
        let job = |label: Label, text: &str| {
            job_for(&FieldEvidence {
                label,
                text: text.to_owned(),
                confidence: 0.9,
                quad: None,
            })
        };
        let words = |job: Option<Job>| match job {
            Some(Job::Words(words)) => Some(words.len()),
            _ => None,
        };
        assert_eq!(words(job(Label::CabPassengers, "水人")), Some(60));
        assert_eq!(words(job(Label::TireCount, "B")), Some(24));
        assert_eq!(words(job(Label::RatedPassengers, "38人")), None);
        assert_eq!(words(job(Label::AxleCount, "2")), None);
        assert_eq!(words(job(Label::RatedPassengers, "--")), None);
        assert_eq!(words(job(Label::RatedPassengers, "")), None);
        assert_eq!(words(job(Label::Origin, "国产")), Some(2));
    }

    #[test]
    fn an_owner_number_whose_check_fails_is_read_again_as_its_kind() {
        let kind = |text: &str| owner_code(text).map(|c| c as *const Code);
        assert_eq!(
            kind("邓军/居民身份证/440304199007118553"),
            Some(&code::RESIDENT_ID as *const Code)
        );
        assert_eq!(kind("邓军/居民身份证/440304199607118553"), None);
        assert_eq!(
            kind("厦门恒通运输有限公司/统一社会信用代码/91350200MOBYC6FBKA"),
            Some(&code::CREDIT_CODE as *const Code)
        );
        assert_eq!(kind("邓军"), None);
        assert_eq!(
            replaced(
                "邓军／440304199007118553",
                "440304199007118553",
                "440304199607118553"
            )
            .as_deref(),
            Some("邓军/440304199607118553")
        );
        assert_eq!(
            replaced("邓军", "440304199007118553", "440304199607118553"),
            None
        );
    }
}
