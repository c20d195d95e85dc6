//! Short values printed so low across their label's end that the line reads
//! as the label alone (`8.车身颜色` with 蓝 half a row under 色, `22.轴数`
//! with 2 under 数): dot-matrix print shifted over the cell rules. The
//! recognizer's first guess drops the value, but its character
//! probabilities on the label's strip still hold it. For a field left empty
//! whose vocabulary is closed and short (colours, counts, origin, …), the
//! label's line is read again a little wider and lower, and each word is
//! scored as the label followed by that word (CTC likelihood); a word is
//! taken only when it clearly leads every other.

use std::collections::HashMap;

use image::RgbImage;
use regcert_model::Label;
use regcert_model::values::halfwidth;

use crate::engine::{Engine, TextLine};
use crate::error::EngineError;
use crate::geometry::{Quad, quad_size, rectify};
use crate::recognize::{REC_HEIGHT, strip_width};

use super::evidence::FieldEvidence;
use super::labels::{self, Kind};
use super::repair::{counts_of, vocabulary_of};
use super::rescore::leading_word;

/// How far the strip reaches past the line's end, in line heights: a
/// value's character starts under the label's last one.
const REACH_RIGHT: f32 = 0.6;

/// How far the strip reaches under the line, in line heights: the value is
/// printed up to half a row low.
const REACH_DOWN: f32 = 0.4;

/// How much more likely (log) the word taken must be than every other.
const LEAD: f32 = 2.0;

/// How much less likely a word's characters may make the strip, each, than
/// the label alone: a character the recognizer saw as a runner-up costs
/// 1 to 7, one it did not see at all 10 to 15.
const COST: f32 = 8.0;

/// Characters read after the label that may still be a misread value.
const MAX_REST: usize = 2;

/// Confidence of a value found this way: the recognizer did not read it.
const CONFIDENCE: f32 = 0.5;

/// One label line to read again for its field's value.
struct Job {
    field: usize,
    quad: Quad,
    prefix: String,
    words: Vec<String>,
}

impl Engine {
    /// Give each empty field of a short closed vocabulary the word its
    /// label's strip (among `lines`, read on `image`) clearly holds after
    /// the label; fields no word clearly explains stay empty.
    pub(super) fn read_tails(
        &self,
        image: &RgbImage,
        lines: &[TextLine],
        fields: &mut [FieldEvidence],
    ) -> Result<(), EngineError> {
        let (jobs, strips): (Vec<Job>, Vec<RgbImage>) = jobs(lines, fields)
            .into_iter()
            .filter_map(|j| {
                let (w, h) = quad_size(&j.quad);
                rectify(image, &j.quad, strip_width(w, h), REC_HEIGHT).map(|s| (j, s))
            })
            .unzip();
        if jobs.is_empty() {
            return Ok(());
        }
        let (probs, classes) = self.strips_probabilities(&strips)?;
        let index = self.charset_index();
        // Per field, the words its lines clearly hold, and where.
        let mut held: HashMap<usize, Vec<(String, Quad)>> = HashMap::new();
        for (job, probs) in jobs.iter().zip(&probs) {
            if let Some(word) = best_after(probs, classes, &index, &job.prefix, &job.words) {
                held.entry(job.field).or_default().push((word, job.quad));
            }
        }
        // A word is taken when the lines that hold one agree on it.
        for (n, held) in held {
            let (word, quad) = &held[0];
            if held.iter().all(|(w, _)| w == word) {
                let field = &mut fields[n];
                field.text = word.clone();
                field.confidence = CONFIDENCE;
                field.quad = Some(*quad);
            }
        }
        Ok(())
    }
}

/// The words a field left empty may be read again for.
fn tail_words(label: Label) -> Option<Vec<String>> {
    match label {
        Label::TireCount | Label::AxleCount | Label::RatedPassengers | Label::CabPassengers => {
            counts_of(label)
        }
        Label::BodyColor
        | Label::Origin
        | Label::FuelType
        | Label::UseCharacter
        | Label::Steering
        | Label::AcquisitionMethod => vocabulary_of(label),
        _ => None,
    }
}

/// The label lines of the empty fields that may hold a value the
/// recognizer dropped.
fn jobs(lines: &[TextLine], fields: &[FieldEvidence]) -> Vec<Job> {
    let mut out = Vec::new();
    for (n, field) in fields.iter().enumerate() {
        let Some(words) = tail_words(field.label) else {
            continue;
        };
        // Empty, or a scrap of the value (`人` of `5人`) that is no word.
        let scrap = field.text.chars().count() <= MAX_REST && !words.contains(&field.text);
        if !scrap {
            continue;
        }
        // Every line the label ends on: a label cut in two ends on its
        // second line, and its value may stand beside either.
        for line in lines {
            if let Some(prefix) = label_end(n, &line.text) {
                out.push(Job {
                    field: n,
                    quad: widened(&line.quad),
                    prefix,
                    words: words.clone(),
                });
            }
        }
    }
    out
}

/// Where label `n` ends in `text`, with at most [`MAX_REST`] characters
/// after it and none of them a blank's dash: the text up to the label's end. The label may be whole (its number in front
/// or not) or the second line of a label cut in two (`获得方式`).
fn label_end(n: usize, text: &str) -> Option<String> {
    let spaced: Vec<char> = halfwidth(text).chars().collect();
    let chars: Vec<char> = spaced
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    let whole = labels::find(&chars)
        .into_iter()
        .filter(|h| h.kind == Kind::Field(n))
        .map(|h| h.end)
        .min();
    // A second line ending more than one label (`载客`) is not told apart.
    let ends_only_n = |part: &[char]| {
        (1..labels::FIELD_LABELS.len())
            .all(|m| (labels::continuation_edits(m, part) == Some(0)) == (m == n))
    };
    let cut = || (2..=chars.len()).rev().find(|&k| ends_only_n(&chars[..k]));
    let end = whole.or_else(cut)?;
    let rest = &chars[end..];
    if rest.len() > MAX_REST || rest.iter().any(|c| is_dash(*c)) {
        return None;
    }
    Some(chars[..end].iter().collect())
}

/// Marks printed in a cell left blank.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '一' | '—' | '－' | '_' | '~')
}

/// `quad` reaching [`REACH_RIGHT`] further along the text and
/// [`REACH_DOWN`] further under it.
fn widened(quad: &Quad) -> Quad {
    let [a, b, c, d] = *quad;
    let (_, h) = quad_size(quad);
    let unit = |p: [f32; 2], q: [f32; 2]| {
        let len = (q[0] - p[0]).hypot(q[1] - p[1]).max(1e-3);
        [(q[0] - p[0]) / len, (q[1] - p[1]) / len]
    };
    let along = unit(a, b);
    let down = unit(a, d);
    let (r, s) = (REACH_RIGHT * h, REACH_DOWN * h);
    [
        a,
        [b[0] + along[0] * r, b[1] + along[1] * r],
        [
            c[0] + along[0] * r + down[0] * s,
            c[1] + along[1] * r + down[1] * s,
        ],
        [d[0] + down[0] * s, d[1] + down[1] * s],
    ]
}

/// The word of `words` that, read after `prefix`, explains the strip's
/// probabilities better than every other word by [`LEAD`], at most
/// [`COST`] a character less well than `prefix` alone.
fn best_after(
    probs: &[f32],
    classes: usize,
    index: &HashMap<&str, usize>,
    prefix: &str,
    words: &[String],
) -> Option<String> {
    let best = leading_word(probs, classes, index, prefix, prefix, words)?;
    (best.lead >= LEAD && best.cost <= COST).then_some(best.word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctc::testing::{charset, index, strip};

    const LABEL: &str = "8.车身颜色";

    fn owned(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    /// A strip showing [`LABEL`], then a step where the blank leads, each
    /// of `under` is seen at its probability and every other character at
    /// `rest`.
    fn label_then(chars: &[String], under: &[(char, f32)], rest: f32) -> Vec<f32> {
        let mut probs = strip(chars, LABEL, &[]);
        let mut row = vec![rest; chars.len()];
        row[0] += 0.6;
        for (c, p) in under {
            let class = chars.iter().position(|k| k.chars().eq([*c])).unwrap();
            row[class] += p;
        }
        probs.extend(row);
        probs
    }

    #[test]
    fn a_value_seen_only_as_a_runner_up_after_its_label_is_taken() {
        let words = owned(&["红", "蓝", "黑"]);
        let chars = charset(&[LABEL, "红蓝黑"]);
        let probs = label_then(&chars, &[('蓝', 0.35)], 1e-3);
        assert_eq!(
            best_after(&probs, chars.len(), &index(&chars), LABEL, &words).as_deref(),
            Some("蓝")
        );
    }

    #[test]
    fn a_label_alone_or_two_values_seen_alike_give_nothing() {
        let words = owned(&["红", "蓝", "黑"]);
        let chars = charset(&[LABEL, "红蓝黑"]);
        let index = index(&chars);
        // Nothing after the label: every word costs as much as any other.
        let alone = strip(&chars, LABEL, &[]);
        assert_eq!(best_after(&alone, chars.len(), &index, LABEL, &words), None);
        // Two colours seen equally: no lead.
        let both = label_then(&chars, &[('蓝', 0.2), ('黑', 0.2)], 1e-3);
        assert_eq!(best_after(&both, chars.len(), &index, LABEL, &words), None);
        // A colour the strip barely holds leads the others by far, but
        // costs too much against the label alone.
        let faint = label_then(&chars, &[('蓝', 1e-5)], 1e-8);
        let others = label_then(&chars, &[('蓝', 1e-2)], 1e-8);
        assert_eq!(
            best_after(&others, chars.len(), &index, LABEL, &words).as_deref(),
            Some("蓝")
        );
        assert_eq!(best_after(&faint, chars.len(), &index, LABEL, &words), None);
    }

    #[test]
    fn the_label_ends_its_line_with_at_most_a_scrap_after_it() {
        assert_eq!(label_end(8, "8.车身颜色").as_deref(), Some("8.车身颜色"));
        assert_eq!(label_end(8, "8.车身颜色章").as_deref(), Some("8.车身颜色"));
        assert_eq!(label_end(22, "22.轴数").as_deref(), Some("22.轴数"));
        // Another label's line, a blank's dash, a whole value after it.
        assert_eq!(label_end(8, "22.轴数"), None);
        assert_eq!(label_end(8, "8.车身颜色一"), None);
        assert_eq!(label_end(8, "8.车身颜色白色车身"), None);
    }

    #[test]
    fn the_second_line_of_a_cut_label_ends_it_unless_two_labels_end_so() {
        assert_eq!(label_end(10, "进口产").as_deref(), Some("进口"));
        assert_eq!(label_end(31, "获得方式").as_deref(), Some("获得方式"));
        // 载客 ends both 核定载客 and 驾驶室载客.
        assert_eq!(label_end(27, "载客"), None);
        assert_eq!(label_end(29, "载客"), None);
    }

    #[test]
    fn the_strip_reaches_past_the_line_and_under_it() {
        let quad = [[0.0, 0.0], [100.0, 0.0], [100.0, 10.0], [0.0, 10.0]];
        let wide = widened(&quad);
        assert_eq!(wide[0], [0.0, 0.0]);
        assert_eq!(wide[1], [106.0, 0.0]);
        assert_eq!(wide[2], [106.0, 14.0]);
        assert_eq!(wide[3], [0.0, 14.0]);
    }

    fn field(label: Label, text: &str) -> FieldEvidence {
        FieldEvidence {
            label,
            text: text.to_owned(),
            confidence: 0.9,
            quad: None,
        }
    }

    fn line(text: &str, y: f32) -> TextLine {
        TextLine {
            text: text.to_owned(),
            score: 0.99,
            quad: [[0.0, y], [100.0, y], [100.0, y + 10.0], [0.0, y + 10.0]],
        }
    }

    #[test]
    fn only_empty_fields_or_scraps_of_a_closed_vocabulary_are_read_again() {
        let mut fields: Vec<FieldEvidence> = Label::ALL.iter().map(|l| field(*l, "")).collect();
        let at = |l: Label| Label::ALL.iter().position(|x| *x == l).unwrap();
        fields[at(Label::BodyColor)].text = "红".to_owned();
        fields[at(Label::RatedPassengers)].text = "人".to_owned();
        let lines = [
            line("8.车身颜色", 0.0),
            line("27.核定载客人", 20.0),
            line("22.轴数", 40.0),
            line("21.轴距", 60.0),
        ];
        let jobs = jobs(&lines, &fields);
        let read: Vec<(Label, &str)> = jobs
            .iter()
            .map(|j| (fields[j.field].label, j.prefix.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (Label::AxleCount, "22.轴数"),
                (Label::RatedPassengers, "27.核定载客"),
            ]
        );
    }
}
