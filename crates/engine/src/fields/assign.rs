//! Placing values: each piece of text that is no label goes to the label it
//! belongs to, beside it or in the cell below it.

use regcert_model::Label;

use super::kind;
use super::pieces::{Found, Piece};

/// The distance between rows of the table: the median gap between a label
/// and the nearest label below it.
pub(super) fn row_pitch(
    found: &[(usize, Found)],
    pieces: &[Piece],
    width: u32,
    height: u32,
) -> f32 {
    let mut gaps: Vec<f32> = found
        .iter()
        .filter_map(|(li, a)| {
            let h = pieces[*li].line_h;
            found
                .iter()
                .map(|(_, b)| b.rect.cy() - a.rect.cy())
                .filter(|&d| d > 1.2 * h)
                .min_by(f32::total_cmp)
        })
        .collect();
    if gaps.is_empty() {
        let mut hs: Vec<f32> = pieces.iter().map(|p| p.line_h).collect();
        hs.sort_by(f32::total_cmp);
        return hs
            .get(hs.len() / 2)
            .map_or(width.max(height) as f32 / 40.0, |h| 3.0 * h);
    }
    gaps.sort_by(f32::total_cmp);
    gaps[gaps.len() / 2]
}

/// Give each piece that is not a label to its label: the nearest label on
/// its left whose row it lies in (a value shifted half a row still has its
/// own label nearest), or, where values are printed in the cell below their
/// labels, the label right above it.
///
/// A piece lying under a label (see [`label_above`]) waits until every
/// piece beside a label is placed: it goes to that label when the label has
/// nothing beside it, otherwise it is placed like any other piece.
pub(super) fn assign_values(pieces: &[Piece], found: &mut [(usize, Found)], pitch: f32) {
    let mut below: Vec<(usize, usize)> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if p.hit.is_some() || p.absorbed {
            continue;
        }
        if let Some(k) = label_above(p, found, pitch) {
            below.push((i, k));
            continue;
        }
        if let Some(k) = label_beside(p, found, pitch) {
            found[k].1.values.push(i);
        }
    }
    let beside: Vec<bool> = found.iter().map(|(_, f)| !f.values.is_empty()).collect();
    for (i, k) in below {
        let target = if beside[k] {
            label_beside(&pieces[i], found, pitch)
        } else {
            Some(k)
        };
        if let Some(k) = target {
            found[k].1.values.push(i);
        }
    }
}

/// How far (in line heights) a value whose shape names its field may start
/// left of that label's end and still be beside it.
const TYPED_OVERLAP: f32 = 1.5;

/// The label `p` is the value beside: among the labels on its left whose
/// row it lies in, the one in the nearest column, and in that column the
/// one whose row is closest.
///
/// A value whose shape names its fields (see [`kind::only_for`]) goes to
/// one of them when one is beside it, even when the value starts a little
/// under the label's end (shifted down into the next row, on a turned
/// page): a tyre size shifted down by half a row goes to 19.轮胎规格, not
/// to 18.轮胎数 in the other column.
pub(super) fn label_beside(p: &Piece, found: &[(usize, Found)], pitch: f32) -> Option<usize> {
    let band = 0.75 * pitch;
    let beside = |overlap: f32| -> Vec<usize> {
        found
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| {
                p.rect.x0 > f.rect.x1 - overlap * p.line_h
                    && (p.rect.cy() - f.rect.cy()).abs() < band
            })
            .map(|(k, _)| k)
            .collect()
    };
    let typed: Vec<usize> = kind::only_for(&p.text).map_or_else(Vec::new, |only| {
        beside(TYPED_OVERLAP)
            .into_iter()
            .filter(|&k| {
                Label::ALL
                    .get(found[k].1.number)
                    .is_some_and(|label| only.contains(label))
            })
            .collect()
    });
    let cands = if typed.is_empty() { beside(0.5) } else { typed };
    let &nearest = cands
        .iter()
        .max_by(|&&a, &&b| found[a].1.rect.x1.total_cmp(&found[b].1.rect.x1))?;
    let col = found[nearest].1.rect.x0;
    let h = p.line_h;
    cands
        .iter()
        .copied()
        .filter(|&k| (found[k].1.rect.x0 - col).abs() < 3.0 * h)
        .min_by(|&a, &b| {
            let da = (p.rect.cy() - found[a].1.rect.cy()).abs();
            let db = (p.rect.cy() - found[b].1.rect.cy()).abs();
            da.total_cmp(&db)
        })
        .or(Some(nearest))
}

/// The label `p` lies right under, if any: the nearest label above it
/// whose column `p` starts in (its left edge at most two line heights right
/// of the label's, half a line left) and that shares at least half of the
/// narrower one's width, with `p` starting below the label's middle and less
/// than a row further down. A value printed beside its label, even shifted
/// up into the row above, starts in the value column, well right of the
/// label column above it.
pub(super) fn label_above(p: &Piece, found: &[(usize, Found)], pitch: f32) -> Option<usize> {
    found
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| {
            let indent = p.rect.x0 - f.rect.x0;
            let overlap = p.rect.x1.min(f.rect.x1) - p.rect.x0.max(f.rect.x0);
            let narrower = (p.rect.x1 - p.rect.x0).min(f.rect.x1 - f.rect.x0);
            let drop = p.rect.cy() - f.rect.cy();
            indent > -0.5 * p.line_h
                && indent < 2.0 * p.line_h
                && overlap >= 0.5 * narrower
                && p.rect.y0 > f.rect.cy()
                && drop < 0.9 * pitch
        })
        .min_by(|(_, (_, a)), (_, (_, b))| {
            (p.rect.cy() - a.rect.cy()).total_cmp(&(p.rect.cy() - b.rect.cy()))
        })
        .map(|(k, _)| k)
}

/// For each label number, the found label that the field is taken from:
/// the one whose printed number agrees, then the closest reading, then the
/// topmost (page 1's numbered block comes first).
pub(super) fn choose(found: &[(usize, Found)]) -> Vec<Option<usize>> {
    let mut out = vec![None; Label::ALL.len()];
    for (n, slot) in out.iter_mut().enumerate().skip(1) {
        *slot = found
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| f.number == n)
            .min_by(|(_, (_, a)), (_, (_, b))| {
                b.numbered
                    .cmp(&a.numbered)
                    .then(a.edits.cmp(&b.edits))
                    .then(a.rect.y0.total_cmp(&b.rect.y0))
            })
            .map(|(k, _)| k);
    }
    out
}
