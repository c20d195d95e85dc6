//! A field's text from the pieces placed with its label, checked and scored.

use regcert_model::Label;

use super::layout::{Frame, Rect};
use super::pieces::{Found, Piece};
use super::repair;

/// What was read for one field, and how sure the engine is of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEvidence {
    /// The field.
    pub label: Label,
    /// The text given for it (repaired where a check allowed), `""` when
    /// nothing was found.
    pub text: String,
    /// Confidence in `0..=1`: the recognizer's score of the text read and of
    /// its label, lowered when a check (VIN check digit, ID checksum, date,
    /// units) fails. `0` when the label was not found.
    pub confidence: f32,
    /// Where the value was read, in the image's pixel coordinates, clockwise
    /// from the text's top-left; `None` when no value was read.
    pub quad: Option<[[f32; 2]; 4]>,
}

/// The evidence of a field not found.
pub(super) fn missing(label: Label) -> FieldEvidence {
    FieldEvidence {
        label,
        text: String::new(),
        confidence: 0.0,
        quad: None,
    }
}

/// Whether `text` is only separators a label is printed with.
fn is_separator(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().all(|c| matches!(c, '/' | ':' | '：' | '|'))
}

/// The text of a label's value pieces, top to bottom and left to right,
/// checked and scored.
pub(super) fn evidence(
    label: Label,
    found: &(usize, Found),
    pieces: &[Piece],
    frame: &Frame,
) -> FieldEvidence {
    let (_, f) = found;
    // A separator alone (the slash left of a wrapped `14.排量/` over `功率`)
    // is the label's, never a value.
    let mut vals: Vec<&Piece> = f
        .values
        .iter()
        .map(|&i| &pieces[i])
        .filter(|p| !is_separator(&p.text))
        .collect();
    // Rows: pieces whose centres are within half a line of each other.
    vals.sort_by(|a, b| a.rect.cy().total_cmp(&b.rect.cy()));
    let mut rows: Vec<Vec<&Piece>> = Vec::new();
    for p in vals {
        match rows.last_mut() {
            Some(row) if (p.rect.cy() - row[0].rect.cy()).abs() < 0.5 * p.line_h => row.push(p),
            _ => rows.push(vec![p]),
        }
    }
    let mut text = String::new();
    let mut weight = 0.0f32;
    let mut score = 0.0f32;
    let mut rect: Option<Rect> = None;
    let mut single_quad = None;
    let mut count = 0;
    for row in &mut rows {
        row.sort_by(|a, b| a.rect.x0.total_cmp(&b.rect.x0));
        for p in row.iter() {
            let ascii_join = text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && p.text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if ascii_join {
                text.push(' ');
            }
            text.push_str(&p.text);
            let n = p.text.chars().count() as f32;
            weight += n;
            score += n * p.score;
            rect = Some(rect.map_or(p.rect, |r| r.union(&p.rect)));
            single_quad = p.quad;
            count += 1;
        }
    }
    let label_conf = f.score * (1.0 - 0.1 * f.edits as f32);
    let checked = repair::check(label, &text);
    let read_conf = if weight > 0.0 { score / weight } else { 0.8 };
    let quad = match (count, single_quad) {
        _ if checked.text.is_empty() => None,
        (0, _) => None,
        (1, Some(q)) => Some(q),
        _ => rect.map(|r| r.to_quad(frame)),
    };
    FieldEvidence {
        label,
        text: checked.text,
        confidence: (label_conf * read_conf * checked.factor).clamp(0.0, 1.0),
        quad,
    }
}
