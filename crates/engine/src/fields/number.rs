//! The 12-digit certificate number (登记证书编号), printed on page 1 as
//! `NO. …` in the header or beside (or under) its own printed label.

use regcert_model::Label;

use super::evidence::{FieldEvidence, missing};
use super::labels::Kind;
use super::layout::Frame;
use super::pieces::{Found, Piece};
use super::repair;

/// The 12 digits `p` reads as, and whether `NO.` or `编号` is printed in
/// front of them.
fn digits_of(p: &Piece) -> Option<(String, bool)> {
    if p.hit.is_some() || p.absorbed {
        return None;
    }
    let compact: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
    let (marked, rest) = ["NO.", "No.", "NO", "No", "N0.", "N0", "编号:", "编号"]
        .iter()
        .find_map(|m| compact.strip_prefix(m).map(|r| (true, r)))
        .unwrap_or((false, compact.as_str()));
    let rest = rest.trim_start_matches(['.', ':', '：']);
    let checked = repair::check(Label::CertificateNumber, rest);
    (checked.text.len() == 12 && checked.text.bytes().all(|b| b.is_ascii_digit()))
        .then_some((checked.text, marked))
}

/// Whether `label` is the printed `登记证书编号` (read as a decoy, not a
/// field label).
fn is_number_label(label: &Piece) -> bool {
    label.hit.as_ref().is_some_and(|h| h.kind == Kind::Decoy) && label.text.contains("编号")
}

/// Whether `p` is beside `label` on its right in the same row, or right under it.
fn next_to(label: &Piece, p: &Piece) -> bool {
    let h = label.line_h;
    let beside = (p.rect.cy() - label.rect.cy()).abs() < 0.6 * h
        && p.rect.x0 > label.rect.x1 - 0.5 * h
        && p.rect.x0 - label.rect.x1 < 12.0 * h;
    let under = p.rect.y0 > label.rect.cy()
        && p.rect.y0 - label.rect.y1 < 1.5 * h
        && p.rect.x0 < label.rect.x1
        && p.rect.x1 > label.rect.x0;
    beside || under
}

/// The piece that is the certificate number by its place: after `NO.`, or
/// beside or under the printed `登记证书编号`. It is taken out of the pieces
/// to be placed (it is no other field's value) and its index returned.
pub(super) fn reserve(pieces: &mut [Piece]) -> Option<usize> {
    let labels: Vec<usize> = (0..pieces.len())
        .filter(|&i| is_number_label(&pieces[i]))
        .collect();
    let chosen = (0..pieces.len())
        .filter_map(|i| digits_of(&pieces[i]).map(|(_, marked)| (i, marked)))
        .filter(|&(i, marked)| marked || labels.iter().any(|&l| next_to(&pieces[l], &pieces[i])))
        .min_by(|a, b| pieces[a.0].rect.y0.total_cmp(&pieces[b.0].rect.y0))
        .map(|(i, _)| i)?;
    pieces[chosen].absorbed = true;
    Some(chosen)
}

/// The certificate number: the reserved piece (see [`reserve`]), else the
/// topmost run of exactly 12 digits that is no field's value, looked for
/// only when page 1 is on the image.
pub(super) fn certificate_number(
    pieces: &[Piece],
    found: &[(usize, Found)],
    frame: &Frame,
    reserved: Option<usize>,
) -> FieldEvidence {
    let best = match reserved {
        Some(i) => {
            let mut p = pieces[i].clone();
            p.absorbed = false;
            digits_of(&p).map(|(text, _)| (&pieces[i], text))
        }
        None => {
            let taken: Vec<usize> = found.iter().flat_map(|(_, f)| f.values.clone()).collect();
            let page1 = found.iter().any(|(_, f)| f.number <= 4);
            pieces
                .iter()
                .enumerate()
                .filter(|(i, _)| page1 && !taken.contains(i))
                .filter_map(|(_, p)| digits_of(p).map(|(text, _)| (p, text)))
                .min_by(|a, b| a.0.rect.y0.total_cmp(&b.0.rect.y0))
        }
    };
    match best {
        None => missing(Label::CertificateNumber),
        Some((p, text)) => FieldEvidence {
            label: Label::CertificateNumber,
            text,
            confidence: p.score.clamp(0.0, 1.0),
            quad: Some(p.quad.unwrap_or_else(|| p.rect.to_quad(frame))),
        },
    }
}
