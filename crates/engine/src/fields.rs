//! From text lines to the certificate's fields.
//!
//! [`extract`] finds the printed labels among the lines read on a photo of a
//! 机动车登记证书 — page 2 alone (labels 5 to 34, two label/value pairs a
//! row) or both pages side by side (page 1 with labels 1 to 4 and the
//! 12-digit certificate number) — and gives each label the text printed to
//! its right in the same row, or in the cell below it where the sheet is
//! printed that way, as the API's 35 entries. It is pure: the same
//! lines always give the same answer, and a field that is not found is empty,
//! never guessed.
//!
//! Labels are found despite reading errors (a few edits, fewer for short
//! labels), a printed number glued in front (`9.车辆识别代号/车架号`,
//! `9车辆识别代号`), a label cut over two lines, and a label read together
//! with its value (`5.车辆类型小型轿车`). The printed numbers 1 to 34 settle
//! near labels (总质量 / 准牵引总质量). Values printed offset across the cell
//! rules, by up to half a row, still go to their own label: each value goes
//! to the nearest label on its left whose row it lies in. Text lying right
//! under a label that has nothing beside it is that label's value (sheets
//! printed with each value in the cell below its label). Of the page-1
//! labels, which repeat unnumbered in the 转移登记 blocks below, the
//! numbered first block is used.

mod labels;
mod layout;
mod repair;

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use regcert_model::labels::Label;
use regcert_model::text::halfwidth;
use regcert_model::wire::Entry;
use regcert_model::{Response, VehicleRegistration};

use crate::engine::{Engine, Page, TextLine};
use crate::error::EngineError;
use labels::{Hit, Kind};
use layout::{Frame, Rect, char_bounds};

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

/// The fields of one certificate photo.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// All 35 entries in the API's order ([`Label::ALL`]), `desc` the API's
    /// label, `content` the text read or `""`.
    pub entries: Vec<Entry>,
    /// One per label, in the same order.
    pub fields: Vec<FieldEvidence>,
}

/// A certificate read from an image by [`Engine::read_certificate`].
#[derive(Debug, Clone)]
pub struct Certificate {
    /// The answer the cloud API would give: all 35 entries.
    pub response: Response,
    /// What was read for each field, in the API's order.
    pub fields: Vec<FieldEvidence>,
    /// The text lines the fields were taken from.
    pub page: Page,
}

impl Certificate {
    /// The normalized record, with [`VehicleRegistration::confidence`]
    /// filled from the engine's evidence for every field that has a value.
    pub fn record(&self) -> Result<VehicleRegistration, regcert_model::Error> {
        let mut record = regcert_model::from_response(&self.response)?;
        for f in self.fields.iter().filter(|f| !f.text.is_empty()) {
            for key in f.label.keys() {
                record
                    .confidence
                    .insert((*key).to_owned(), f64::from(f.confidence));
            }
        }
        Ok(record)
    }
}

impl Engine {
    /// Read a certificate from an encoded image (JPEG, PNG or BMP): its text
    /// lines ([`Engine::read_page`]), then its fields ([`extract`]).
    ///
    /// Text printed in red (the 发证机关章 seal) is left out of the fields.
    pub fn read_certificate(&self, image: &[u8]) -> Result<Certificate, EngineError> {
        let start = Instant::now();
        let decoded = crate::decode::decode(image)?;
        let decode_time = start.elapsed();
        let mut page = self.read_page_image(&decoded)?;
        page.timings.decode = decode_time;
        let extraction = extract(&without_red(&decoded, &page.lines), page.width, page.height);
        Ok(Certificate {
            response: Response::success(extraction.entries, order_id()),
            fields: extraction.fields,
            page,
        })
    }
}

/// `"JH"` and digits from the clock, as the API's order numbers look.
fn order_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("JH{nanos}")
}

/// The lines of `image` without the text printed in red: the seal stamped
/// over the print, whose curved text reads as fragments. A line whose ink is
/// red throughout is left out; red characters at either end of a line (seal
/// text read together with a value) are cut off.
pub fn without_red(image: &image::RgbImage, lines: &[TextLine]) -> Vec<TextLine> {
    lines.iter().filter_map(|l| black_part(image, l)).collect()
}

/// The part of `line` printed in black (or dark) ink, if any.
fn black_part(image: &image::RgbImage, line: &TextLine) -> Option<TextLine> {
    let chars: Vec<char> = line.text.chars().collect();
    let bounds = char_bounds(&chars);
    let red: Vec<bool> = (0..chars.len())
        .map(|i| {
            let (r, d) = ink_in(image, &line.quad, bounds[i], bounds[i + 1]);
            // Spaces have no ink: they go with their neighbours.
            !chars[i].is_whitespace() && r >= 3 && 4 * d <= r
        })
        .collect();
    // The certificate number may be printed in red: it is no seal text.
    let digits: String = chars.iter().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 12 && red.iter().all(|&r| r) {
        return Some(line.clone());
    }
    let first = red.iter().position(|r| !r)?;
    let last = red.iter().rposition(|r| !r).unwrap_or(first);
    if first == 0 && last + 1 == chars.len() {
        return Some(line.clone());
    }
    let text: String = chars[first..=last]
        .iter()
        .collect::<String>()
        .trim()
        .to_owned();
    if text.is_empty() {
        return None;
    }
    let (u0, u1) = (bounds[first], bounds[last + 1]);
    let [a, b, c, d] = line.quad;
    let lerp =
        |p: [f32; 2], q: [f32; 2], t: f32| [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
    Some(TextLine {
        text,
        score: line.score,
        quad: [
            lerp(a, b, u0),
            lerp(a, b, u1),
            lerp(d, c, u1),
            lerp(d, c, u0),
        ],
    })
}

/// Red and dark pixels sampled in the part of `quad` between fractions `u0`
/// and `u1` of its length.
fn ink_in(image: &image::RgbImage, quad: &[[f32; 2]; 4], u0: f32, u1: f32) -> (u32, u32) {
    const STEPS: usize = 10;
    let (w, h) = image.dimensions();
    let [a, b, c, d] = *quad;
    let (mut red, mut dark) = (0, 0);
    for i in 0..STEPS {
        let u = u0 + (u1 - u0) * (i as f32 + 0.5) / STEPS as f32;
        let top = [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u];
        let bottom = [d[0] + (c[0] - d[0]) * u, d[1] + (c[1] - d[1]) * u];
        for j in 0..STEPS {
            let v = (j as f32 + 0.5) / STEPS as f32;
            let x = top[0] + (bottom[0] - top[0]) * v;
            let y = top[1] + (bottom[1] - top[1]) * v;
            if x < 0.0 || y < 0.0 || x >= w as f32 || y >= h as f32 {
                continue;
            }
            let [r, g, b] = image.get_pixel(x as u32, y as u32).0.map(i32::from);
            let redness = r - g.max(b);
            if redness > 60 {
                red += 1;
            } else if redness < 25 && (r + g + b) / 3 < 120 {
                dark += 1;
            }
        }
    }
    (red, dark)
}

/// One piece of text on the upright page: a whole line, or the part of a
/// line before, between or after the labels found in it.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    rect: Rect,
    score: f32,
    /// Height of the line it came from.
    line_h: f32,
    /// The label, when the piece is one.
    hit: Option<Hit>,
    /// Taken as part of a label (its second line, its number).
    absorbed: bool,
    /// The quad of the whole line, for a piece that is a whole line.
    quad: Option<[[f32; 2]; 4]>,
}

/// A label found on the page.
#[derive(Debug, Clone)]
struct Found {
    number: usize,
    numbered: bool,
    edits: usize,
    rect: Rect,
    score: f32,
    values: Vec<usize>,
}

/// Lines turned more than this from the page (radians, about 8°) are seal
/// or background text, not print.
const MAX_DEVIATION: f32 = 0.14;

/// Find the certificate's fields among `lines` read on an image of
/// `width` x `height` pixels.
pub fn extract(lines: &[TextLine], width: u32, height: u32) -> Extraction {
    let frame = Frame::from_lines(lines);
    let mut pieces = split_lines(lines, &frame);
    let mut found = collect_labels(&pieces);
    absorb_label_parts(&mut pieces, &mut found);
    let pitch = row_pitch(&found, &pieces, width, height);
    assign_values(&pieces, &mut found, pitch);

    let chosen = choose(&found);
    let mut fields = Vec::with_capacity(Label::ALL.len());
    for (n, label) in Label::ALL.iter().enumerate() {
        let evidence = if *label == Label::CertificateNumber {
            certificate_number(&pieces, &found, &frame)
        } else {
            chosen[n].map_or_else(
                || missing(*label),
                |i| evidence(*label, &found[i], &pieces, &frame),
            )
        };
        fields.push(evidence);
    }
    let entries = fields
        .iter()
        .map(|f| Entry::new(f.label.api_label(), f.text.clone()))
        .collect();
    Extraction { entries, fields }
}

fn missing(label: Label) -> FieldEvidence {
    FieldEvidence {
        label,
        text: String::new(),
        confidence: 0.0,
        quad: None,
    }
}

/// Every line as pieces: labels found in it, and the text around them, each
/// with the part of the line's box it takes.
fn split_lines(lines: &[TextLine], frame: &Frame) -> Vec<Piece> {
    let mut out = Vec::new();
    for line in lines {
        if frame.deviation(&line.quad) > MAX_DEVIATION {
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
        let pos: Vec<usize> = spaced
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| i)
            .chain(std::iter::once(spaced.len()))
            .collect();
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
fn collect_labels(pieces: &[Piece]) -> Vec<(usize, Found)> {
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
fn absorb_label_parts(pieces: &mut [Piece], found: &mut [(usize, Found)]) {
    for (li, f) in found.iter_mut() {
        let h = pieces[*li].line_h;
        let label_rect = f.rect;
        for (i, p) in pieces.iter_mut().enumerate() {
            if p.hit.is_some() || p.absorbed || i == *li {
                continue;
            }
            let chars: Vec<char> = p.text.chars().filter(|c| !c.is_whitespace()).collect();
            // The rest of the label on the next line, starting under it.
            let below = p.rect.y0 > label_rect.cy()
                && p.rect.y0 - label_rect.y1 < 1.2 * h
                && (p.rect.x0 - label_rect.x0).abs() < 2.0 * h;
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

/// The distance between rows of the table: the median gap between a label
/// and the nearest label below it.
fn row_pitch(found: &[(usize, Found)], pieces: &[Piece], width: u32, height: u32) -> f32 {
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
fn assign_values(pieces: &[Piece], found: &mut [(usize, Found)], pitch: f32) {
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

/// The label `p` is the value beside: among the labels on its left whose
/// row it lies in, the one in the nearest column, and in that column the
/// one whose row is closest.
fn label_beside(p: &Piece, found: &[(usize, Found)], pitch: f32) -> Option<usize> {
    let band = 0.75 * pitch;
    let cands: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| {
            p.rect.x0 > f.rect.x1 - 0.5 * p.line_h && (p.rect.cy() - f.rect.cy()).abs() < band
        })
        .map(|(k, _)| k)
        .collect();
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
fn label_above(p: &Piece, found: &[(usize, Found)], pitch: f32) -> Option<usize> {
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
fn choose(found: &[(usize, Found)]) -> Vec<Option<usize>> {
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

/// The text of a label's value pieces, top to bottom and left to right,
/// checked and scored.
fn evidence(
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
fn certificate_number(pieces: &[Piece], found: &[(usize, Found)], frame: &Frame) -> FieldEvidence {
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

#[cfg(test)]
mod tests;
