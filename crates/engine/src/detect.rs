//! Text detection: the DB (differentiable binarization) model's probability
//! map turned into one quad per text line.

use image::RgbImage;
use rten::Model;
use rten_imageproc::{PointF, RetrievalMode, find_contours, min_area_rect};
use rten_tensor::prelude::*;
use rten_tensor::{NdTensor, NdTensorView};

use crate::error::EngineError;
use crate::geometry::{Quad, order_clockwise};

/// Settings of the detection step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectionParams {
    /// The image is scaled so that its longer side is about this long (then
    /// rounded to a multiple of 32) before the model sees it. The default,
    /// 1600, finds the small and faint values of a certificate photo (a
    /// single digit, a light font under the seal) that 960 missed: on the
    /// layouts of `tests/layouts` it reads about 2.5 more fields in 100, at
    /// about 0.45 s more a photo on 2 cores (`make bench-fields`).
    pub long_side: u32,
    /// Probability above which a pixel is text.
    pub threshold: f32,
    /// Mean probability a box needs to be kept.
    pub box_threshold: f32,
    /// How far boxes are grown around the shrunken text kernel the model
    /// finds, as a ratio of area to perimeter.
    pub unclip_ratio: f32,
    /// Boxes whose shorter side is below this (in model pixels) are dropped.
    pub min_size: f32,
    /// At most this many connected components are examined.
    pub max_candidates: usize,
}

impl Default for DetectionParams {
    fn default() -> Self {
        Self {
            long_side: 1600,
            threshold: 0.3,
            box_threshold: 0.5,
            unclip_ratio: 1.6,
            min_size: 3.0,
            max_candidates: 1000,
        }
    }
}

/// One detected text region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Corners in the coordinates of the image given to [`detect`].
    pub quad: Quad,
    /// Mean text probability inside the region.
    pub score: f32,
}

/// Boxes whose sides differ by less than this ratio are treated as single
/// characters and kept axis-aligned: their minimum-area rectangle's angle is
/// noise.
const SQUARE_RATIO: f32 = 1.5;

fn round_to_32(v: f32) -> u32 {
    (((v / 32.0).round() as u32) * 32).max(32)
}

/// Normalize RGB pixels into a `[1, 3, h, w]` tensor in BGR order, values
/// `(x / 255 - 0.5) / 0.5`.
pub(crate) fn to_input_tensor(image: &RgbImage) -> Result<NdTensor<f32, 4>, EngineError> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let plane = w * h;
    let mut data = vec![0f32; 3 * plane];
    for (i, px) in image.pixels().enumerate() {
        for c in 0..3 {
            data[(2 - c) * plane + i] = f32::from(px[c]) / 127.5 - 1.0;
        }
    }
    NdTensor::try_from_data([1, 3, h, w], data).map_err(|e| EngineError::Inference(e.to_string()))
}

/// For each of `dst` output samples, the first of the `src` input samples
/// it covers and their normalized weights under the triangle (bilinear)
/// filter, computed as `image::imageops::resize` computes them.
fn triangle_taps(src: u32, dst: u32) -> Vec<(usize, Vec<f32>)> {
    let ratio = src as f32 / dst as f32;
    let sratio = ratio.max(1.0);
    (0..dst)
        .map(|o| {
            let centre = (o as f32 + 0.5) * ratio;
            let left = ((centre - sratio).floor() as i64).clamp(0, i64::from(src) - 1);
            let right = ((centre + sratio).ceil() as i64).clamp(left + 1, i64::from(src));
            let mut weights: Vec<f32> = (left..right)
                .map(|i| (1.0 - ((i as f32 - (centre - 0.5)) / sratio).abs()).max(0.0))
                .collect();
            let sum = weights.iter().fold(0.0, |a, w| a + w);
            for w in &mut weights {
                *w /= sum;
            }
            (left as usize, weights)
        })
        .collect()
}

/// `image` scaled to `dw` x `dh` with the triangle filter and normalized as
/// [`to_input_tensor`] does: the same values as
/// `to_input_tensor(&resize(image, dw, dh, FilterType::Triangle))`, without
/// the intermediate images and with the passes running along rows.
fn resized_input_tensor(
    image: &RgbImage,
    dw: u32,
    dh: u32,
) -> Result<NdTensor<f32, 4>, EngineError> {
    let (w, h) = image.dimensions();
    if (w, h) == (dw, dh) {
        return to_input_tensor(image);
    }
    let src = image.as_raw();
    let row_len = 3 * w as usize;
    // Vertical pass: `dh` rows of `w` RGB pixels, unrounded.
    let mut tall = vec![0f32; dh as usize * row_len];
    for (out, (top, weights)) in tall.chunks_exact_mut(row_len).zip(triangle_taps(h, dh)) {
        for (i, weight) in weights.iter().enumerate() {
            let row = &src[(top + i) * row_len..][..row_len];
            for (o, &v) in out.iter_mut().zip(row) {
                *o += f32::from(v) * weight;
            }
        }
    }
    // Horizontal pass, rounded to 8 bits as the image would be, then
    // normalized into BGR planes.
    let (dw, dh) = (dw as usize, dh as usize);
    let plane = dw * dh;
    let mut data = vec![0f32; 3 * plane];
    let taps = triangle_taps(w, dw as u32);
    for (y, row) in tall.chunks_exact(row_len).enumerate() {
        for (x, (left, weights)) in taps.iter().enumerate() {
            let mut acc = [0f32; 3];
            for (i, weight) in weights.iter().enumerate() {
                let px = &row[(left + i) * 3..][..3];
                for c in 0..3 {
                    acc[c] += px[c] * weight;
                }
            }
            for c in 0..3 {
                let v = acc[c].clamp(0.0, 255.0).round();
                data[(2 - c) * plane + y * dw + x] = v / 127.5 - 1.0;
            }
        }
    }
    NdTensor::try_from_data([1, 3, dh, dw], data).map_err(|e| EngineError::Inference(e.to_string()))
}

/// Size of the model's input for an image of `w` x `h` pixels: scaled so
/// that its longer side is [`DetectionParams::long_side`], each side rounded
/// to a multiple of 32.
pub(crate) fn detection_size(w: u32, h: u32, params: &DetectionParams) -> (u32, u32) {
    let scale = params.long_side as f32 / w.max(h).max(1) as f32;
    (round_to_32(w as f32 * scale), round_to_32(h as f32 * scale))
}

/// Find the text regions of `image`.
pub fn detect(
    model: &Model,
    image: &RgbImage,
    params: &DetectionParams,
) -> Result<Vec<Region>, EngineError> {
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return Ok(Vec::new());
    }
    let (dw, dh) = detection_size(w, h, params);
    let input = resized_input_tensor(image, dw, dh)?;
    let output = model
        .run_one(input.view().into(), None)
        .map_err(|e| EngineError::Inference(e.to_string()))?;
    let prob: NdTensor<f32, 4> = output
        .try_into()
        .map_err(|e: rten::TryFromValueError| EngineError::Inference(e.to_string()))?;
    let [_, _, ph, pw] = prob.shape();
    if ph == 0 || pw == 0 {
        return Ok(Vec::new());
    }
    let prob = prob.slice((0, 0));
    let regions = regions_from_map(prob, params);
    let (sx, sy) = (w as f32 / pw as f32, h as f32 / ph as f32);
    Ok(regions
        .into_iter()
        .map(|r| Region {
            quad: r.quad.map(|[x, y]| {
                [
                    ((x + 0.5) * sx).clamp(0.0, w as f32),
                    ((y + 0.5) * sy).clamp(0.0, h as f32),
                ]
            }),
            score: r.score,
        })
        .collect())
}

/// Post-processing of a probability map: threshold, dilate, connected
/// components, minimum-area rectangles, score filter, unclip. Quads are in
/// map pixel indices.
fn regions_from_map(prob: NdTensorView<f32, 2>, params: &DetectionParams) -> Vec<Region> {
    let [rows, cols] = prob.shape();
    let prob = prob.to_contiguous();
    let data = prob.data();
    // Threshold, then dilate with a 2x2 kernel.
    let mut mask = vec![false; rows * cols];
    for y in 0..rows {
        for x in 0..cols {
            let hit = |yy: usize, xx: usize| data[yy * cols + xx] > params.threshold;
            mask[y * cols + x] = hit(y, x)
                || (x > 0 && hit(y, x - 1))
                || (y > 0 && hit(y - 1, x))
                || (x > 0 && y > 0 && hit(y - 1, x - 1));
        }
    }
    let Ok(mask) = NdTensor::try_from_data([rows, cols], mask) else {
        return Vec::new();
    };
    let contours = find_contours(mask.view(), RetrievalMode::External);

    let mut regions = Vec::new();
    for contour in contours.iter().take(params.max_candidates) {
        let points: Vec<PointF> = contour.iter().map(|p| p.to_f32()).collect();
        let Some(rect) = min_area_rect(&points) else {
            continue;
        };
        let (rw, rh) = (rect.width(), rect.height());
        if rw.min(rh) < params.min_size {
            continue;
        }
        let corners: [[f32; 2]; 4] = if rw.max(rh) < SQUARE_RATIO * rw.min(rh) {
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for p in &points {
                x0 = x0.min(p.x);
                y0 = y0.min(p.y);
                x1 = x1.max(p.x);
                y1 = y1.max(p.y);
            }
            [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
        } else {
            rect.corners().map(|p| [p.x, p.y])
        };
        let quad = order_clockwise(corners);
        let score = mean_inside(data, rows, cols, &quad);
        if score < params.box_threshold {
            continue;
        }
        let quad = unclip(&quad, params.unclip_ratio);
        let (qw, qh) = crate::geometry::quad_size(&quad);
        if qw.min(qh) < params.min_size + 2.0 {
            continue;
        }
        regions.push(Region { quad, score });
    }
    regions
}

/// Mean of the map over the pixels inside a (convex) quad.
fn mean_inside(data: &[f32], rows: usize, cols: usize, quad: &Quad) -> f32 {
    let x0 = quad
        .iter()
        .map(|p| p[0])
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let y0 = quad
        .iter()
        .map(|p| p[1])
        .fold(f32::MAX, f32::min)
        .floor()
        .max(0.0) as usize;
    let x1 = (quad.iter().map(|p| p[0]).fold(f32::MIN, f32::max).ceil() as usize).min(cols - 1);
    let y1 = (quad.iter().map(|p| p[1]).fold(f32::MIN, f32::max).ceil() as usize).min(rows - 1);
    let (mut sum, mut n) = (0f32, 0u32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            if inside_convex(quad, x as f32, y as f32) {
                sum += data[y * cols + x];
                n += 1;
            }
        }
    }
    if n == 0 { 0.0 } else { sum / n as f32 }
}

/// Whether a point lies inside or on a clockwise convex quad.
fn inside_convex(quad: &Quad, x: f32, y: f32) -> bool {
    (0..4).all(|i| {
        let a = quad[i];
        let b = quad[(i + 1) % 4];
        (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) >= -1e-3
    })
}

/// Grow a rectangle-like quad on every side by `area * ratio / perimeter`,
/// which undoes the shrinking of text regions the model was trained with.
fn unclip(quad: &Quad, ratio: f32) -> Quad {
    let (w, h) = crate::geometry::quad_size(quad);
    let perimeter = 2.0 * (w + h);
    if perimeter <= 0.0 {
        return *quad;
    }
    let d = w * h * ratio / perimeter;
    let unit = |a: [f32; 2], b: [f32; 2]| {
        let len = (b[0] - a[0]).hypot(b[1] - a[1]).max(1e-6);
        [(b[0] - a[0]) / len, (b[1] - a[1]) / len]
    };
    // Along the top edge and down the left edge.
    let u = unit(quad[0], quad[1]);
    let v = unit(quad[0], quad[3]);
    let shift = |p: [f32; 2], su: f32, sv: f32| {
        [
            p[0] + d * (su * u[0] + sv * v[0]),
            p[1] + d * (su * u[1] + sv * v[1]),
        ]
    };
    [
        shift(quad[0], -1.0, -1.0),
        shift(quad[1], 1.0, -1.0),
        shift(quad[2], 1.0, 1.0),
        shift(quad[3], -1.0, 1.0),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::imageops::{FilterType, resize};

    #[test]
    fn finds_a_tilted_bar_as_one_rotated_region() {
        let (rows, cols) = (64usize, 128usize);
        let mut map = vec![0f32; rows * cols];
        // A 100 x 8 bar tilted by about 3 degrees.
        for x in 10..110 {
            let yc = 30.0 + (x as f32 - 10.0) * 0.05;
            for y in 0..rows {
                if (y as f32 - yc).abs() < 4.0 {
                    map[y * cols + x] = 0.9;
                }
            }
        }
        let t = NdTensor::from_data([rows, cols], map);
        let regions = regions_from_map(t.view(), &DetectionParams::default());
        assert_eq!(regions.len(), 1);
        let q = regions[0].quad;
        let (w, h) = crate::geometry::quad_size(&q);
        assert!(w > 100.0 && h > 8.0 && h < 25.0, "{w} x {h}");
        // The top edge follows the tilt.
        assert!(q[1][1] > q[0][1] + 3.0, "{q:?}");
    }

    #[test]
    fn resized_input_matches_the_image_crate() {
        let img = RgbImage::from_fn(203, 157, |x, y| {
            image::Rgb([
                (x * 7 + y * 3) as u8,
                (x * y % 251) as u8,
                if (x / 5 + y / 3) % 2 == 0 { 0 } else { 255 },
            ])
        });
        for (dw, dh) in [(96, 64), (160, 128), (203, 157), (320, 224)] {
            let expected =
                to_input_tensor(&resize(&img, dw, dh, FilterType::Triangle)).expect("tensor");
            let got = resized_input_tensor(&img, dw, dh).expect("tensor");
            assert_eq!(got.shape(), expected.shape());
            assert_eq!(got.data(), expected.data(), "{dw}x{dh}");
        }
    }

    #[test]
    fn empty_map_gives_no_region() {
        let t = NdTensor::from_data([32, 32], vec![0f32; 1024]);
        assert!(regions_from_map(t.view(), &DetectionParams::default()).is_empty());
    }

    #[test]
    fn unclip_grows_every_side() {
        let q = [[10.0, 10.0], [110.0, 10.0], [110.0, 20.0], [10.0, 20.0]];
        let g = unclip(&q, 1.5);
        let d = 100.0 * 10.0 * 1.5 / 220.0;
        assert!((g[0][0] - (10.0 - d)).abs() < 1e-3 && (g[2][1] - (20.0 + d)).abs() < 1e-3);
    }
}
