//! A field's text from the pieces placed with its label, checked and scored.

use regcert_model::labels::Label;

use super::layout::{Frame, Rect};
use super::pieces::{Found, Piece};
use super::{FieldEvidence, missing, repair};

/// The text of a label's value pieces, top to bottom and left to right,
/// checked and scored.
pub(super) fn evidence(
    label: Label,
    found: &(usize, Found),
    pieces: &[Piece],
    frame: &Frame,
) -> FieldEvidence {
    let (_, f) = found;
    let mut vals: Vec<&Piece> = f.values.iter().map(|&i| &pieces[i]).collect();
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

/// The 12-digit certificate number printed on page 1: the topmost run of
/// exactly 12 digits, optionally after `NO.` or `编号`, that is no field's
/// value. Looked for only when page 1 is on the image.
pub(super) fn certificate_number(pieces: &[Piece], found: &[(usize, Found)], frame: &Frame) -> FieldEvidence {
    let taken: Vec<usize> = found.iter().flat_map(|(_, f)| f.values.clone()).collect();
    let page1 = found.iter().any(|(_, f)| f.number <= 4);
    let mut best: Option<(&Piece, String, bool)> = None;
    for (i, p) in pieces.iter().enumerate() {
        if p.hit.is_some() || p.absorbed || taken.contains(&i) {
            continue;
        }
        let compact: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
        let (marked, rest) = ["NO.", "No.", "NO", "No", "N0.", "N0", "编号:", "编号"]
            .iter()
            .find_map(|m| compact.strip_prefix(m).map(|r| (true, r)))
            .unwrap_or((false, compact.as_str()));
        let rest = rest.trim_start_matches(['.', ':', '：']);
        let checked = repair::check(Label::CertificateNumber, rest);
        if checked.text.len() != 12 || !checked.text.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !(page1 || marked) {
            continue;
        }
        if best.as_ref().is_none_or(|(b, _, _)| p.rect.y0 < b.rect.y0) {
            best = Some((p, checked.text, marked));
        }
    }
    match best {
        None => missing(Label::CertificateNumber),
        Some((p, text, _)) => FieldEvidence {
            label: Label::CertificateNumber,
            text,
            confidence: p.score.clamp(0.0, 1.0),
            quad: Some(p.quad.unwrap_or_else(|| p.rect.to_quad(frame))),
        },
    }
}

