//! The lines of a page cut into pieces: the labels found in them and the
//! text around the labels, each with its box on the upright page.

use regcert_model::values::halfwidth;

use crate::engine::TextLine;
use crate::geometry::quad_size;

use super::labels::{self, Hit, Kind};
use super::layout::{Frame, Rect, char_bounds, nonspace_positions};

/// One piece of text on the upright page: a whole line, or the part of a
/// line before, between or after the labels found in it.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) rect: Rect,
    pub(super) score: f32,
    /// Height of the line it came from.
    pub(super) line_h: f32,
    /// The label, when the piece is one.
    pub(super) hit: Option<Hit>,
    /// Taken as part of a label (its second line, its number).
    pub(super) absorbed: bool,
    /// The quad of the whole line, for a piece that is a whole line.
    pub(super) quad: Option<[[f32; 2]; 4]>,
}

/// A label found on the page.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) number: usize,
    pub(super) numbered: bool,
    pub(super) edits: usize,
    pub(super) rect: Rect,
    pub(super) score: f32,
    pub(super) values: Vec<usize>,
}

/// Lines turned more than this from the page (radians, about 11°) are seal
/// or background text, not print. Values a printer fed askew sit up to 10°
/// off the page's rules (`国产` over 10.国产/进口, turned 0.18).
pub(super) const MAX_DEVIATION: f32 = 0.2;

/// Boxes whose sides differ less than this are a character or two, which
/// detection keeps square to the image (see `detect`): their angle is not
/// the text's, so a turned page does not make them stray text.
const SQUARISH: f32 = 1.5;

fn is_squarish(quad: &[[f32; 2]; 4]) -> bool {
    let (w, h) = quad_size(quad);
    w.max(h) < SQUARISH * w.min(h)
}

/// Every line as pieces: labels found in it, and the text around them, each
/// with the part of the line's box it takes.
pub(super) fn split_lines(lines: &[TextLine], frame: &Frame) -> Vec<Piece> {
    let mut out = Vec::new();
    for line in lines {
        if frame.deviation(&line.quad) > MAX_DEVIATION && !is_squarish(&line.quad) {
            continue;
        }
        let rect = Rect::of_quad(frame, &line.quad);
        let [a, _, _, d] = line.quad;
        let line_h = (d[0] - a[0]).hypot(d[1] - a[1]).max(1.0);
        let chars: Vec<char> = halfwidth(&line.text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let spaced: Vec<char> = halfwidth(&line.text).chars().collect();
        let hits = labels::find(&chars);
        let bounds = char_bounds(&spaced);
        // Position in `spaced` of the i-th non-space character.
        let pos = nonspace_positions(&spaced);
        let piece = |from: usize, to: usize, hit: Option<Hit>| {
            let (s, e) = (
                pos[from],
                if to < chars.len() {
                    pos[to]
                } else {
                    spaced.len()
                },
            );
            let text: String = spaced[s..e].iter().collect::<String>().trim().to_owned();
            let whole = from == 0 && to == chars.len();
            Piece {
                text,
                rect: rect.slice_x(bounds[s], bounds[e]),
                score: line.score,
                line_h,
                hit,
                absorbed: false,
                quad: whole.then_some(line.quad),
            }
        };
        let mut at = 0;
        for hit in hits {
            if hit.start > at {
                out.push(piece(at, hit.start, None));
            }
            at = hit.end;
            let (s, e) = (hit.start, hit.end);
            out.push(piece(s, e, Some(hit)));
        }
        if at < chars.len() {
            out.push(piece(at, chars.len(), None));
        }
    }
    out.retain(|p| !p.text.is_empty());
    out
}

/// The field labels among the pieces.
pub(super) fn collect_labels(pieces: &[Piece]) -> Vec<(usize, Found)> {
    pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p.hit {
            Some(Hit {
                kind: Kind::Field(n),
                edits,
                ..
            }) => Some((
                i,
                Found {
                    number: n,
                    numbered: p.hit.as_ref().is_some_and(Hit::numbered),
                    edits,
                    rect: p.rect,
                    score: p.score,
                    values: Vec::new(),
                },
            )),
            _ => None,
        })
        .collect()
}

/// Take into each label the second line of a label cut in two, and a printed
/// number read as a box of its own just left of it.
pub(super) fn absorb_label_parts(pieces: &mut [Piece], found: &mut [(usize, Found)]) {
    for (li, f) in found.iter_mut() {
        let h = pieces[*li].line_h;
        let label_rect = f.rect;
        for (i, p) in pieces.iter_mut().enumerate() {
            if p.hit.is_some() || p.absorbed || i == *li {
                continue;
            }
            let chars: Vec<char> = p.text.chars().filter(|c| !c.is_whitespace()).collect();
            // The rest of the label on the next line, starting under it.
            let drop = p.rect.cy() - label_rect.cy();
            let below =
                drop > 0.3 * h && drop < 1.6 * h && (p.rect.x0 - label_rect.x0).abs() < 2.0 * h;
            if below
                && labels::continuation_edits(f.number, &chars)
                    .is_some_and(|e| e <= labels::allowed_edits(chars.len()).min(1))
            {
                p.absorbed = true;
                f.rect = f.rect.union(&p.rect);
                continue;
            }
            // Its number, read apart: "9." just left of it on the same line.
            let same_row = (p.rect.cy() - label_rect.cy()).abs() < 0.5 * h;
            let just_left =
                p.rect.x1 <= label_rect.x0 + 0.3 * h && label_rect.x0 - p.rect.x1 < 1.5 * h;
            let digits: String = chars.iter().filter(|c| c.is_ascii_digit()).collect();
            let is_number = !digits.is_empty()
                && chars
                    .iter()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '。' | ',' | '、'));
            if same_row && just_left && is_number {
                let n: usize = digits.parse().unwrap_or(0);
                if n == f.number || chars.len() > digits.len() {
                    p.absorbed = true;
                    f.numbered |= n == f.number;
                    f.rect = f.rect.union(&p.rect);
                }
            }
        }
    }
}
