//! The engine: models loaded once, then any number of pages read with them.

use std::path::Path;
use std::time::{Duration, Instant};

use image::RgbImage;
use rten::Model;

use crate::decode::{self, MAX_WORKING_SIDE};
use crate::detect::{DetectionParams, Region, detect, detection_size};
use crate::error::EngineError;
use crate::geometry::{Quad, quad_size, rectify, rotate_corners};
use crate::models::{self, DET_MODEL_SHA256, ModelPaths, REC_MODEL_SHA256};
use crate::recognize::{REC_HEIGHT, Reading, recognize, strip_width};

/// Working memory of one recognition besides the image, in bytes: the
/// recognition batches and the models' scratch space.
const INFERENCE_BASE_BYTES: u64 = 96 * 1024 * 1024;
/// Working memory per pixel of the working copy: the image scaled for
/// detection and the strips cut out of it.
const INFERENCE_BYTES_PER_PIXEL: u64 = 16;
/// Working memory of detection per pixel of the model's input: its feature
/// maps and the probability map. Measured as the growth of peak memory
/// between inputs of 960 and 1600 pixels on the long side (about 135 bytes
/// a pixel on a 2088 x 1597 photo), with a margin.
const DETECTION_BYTES_PER_PIXEL: u64 = 160;
/// Lines whose recognition score is below this are dropped.
const MIN_TEXT_SCORE: f32 = 0.5;
/// A box whose one side is this many times the other has a clear direction.
const ELONGATED: f32 = 1.5;
/// How many lines are read to decide the page's orientation.
const ORIENTATION_SAMPLE: usize = 3;
/// Lines whose strip is wider than this (in pixels at the recognition
/// height, about four characters) go into the orientation sample only when
/// shorter ones are lacking: a dozen characters tell the orientation as well
/// as fifty, and cost less to read.
const SAMPLE_MAX_WIDTH: u32 = 200;
/// Mean score of the sample read one way above which the page is taken to be
/// that way up, without reading it the other way. Lines read the wrong way
/// round score far below it (at most 0.69 on the fixture pages and
/// certificates, against at least 0.98 the right way).
const SURE_SCORE: f32 = 0.95;
/// Characters the sample must yield for [`SURE_SCORE`] to count: a single
/// character read the wrong way round can score high.
const SURE_CHARS: usize = 8;

/// One line of text found on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The text as read.
    pub text: String,
    /// Confidence in `0..=1`: the mean probability of the characters read.
    pub score: f32,
    /// The line's box in the pixel coordinates of the image as given (after
    /// its EXIF orientation is applied), clockwise from the text's top-left
    /// corner. On a page that was turned (see [`Page::rotation_degrees`]) the
    /// first corner is the top-left of the text as read, not of the image.
    pub quad: [[f32; 2]; 4],
}

/// Time spent in each step of reading one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Decoding the image bytes (zero when a decoded image was given).
    pub decode: Duration,
    /// Text detection, including scaling the image.
    pub detection: Duration,
    /// Deciding the page's orientation.
    pub orientation: Duration,
    /// Cutting out and recognizing every line.
    pub recognition: Duration,
}

/// What was read on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The lines, in reading order of the upright page (top to bottom, then
    /// left to right).
    pub lines: Vec<TextLine>,
    /// How far the image had to be turned clockwise to be upright: 0, 90,
    /// 180 or 270.
    pub rotation_degrees: u16,
    /// Width of the image as given (after EXIF orientation), in pixels.
    pub width: u32,
    /// Height of the image as given (after EXIF orientation), in pixels.
    pub height: u32,
    /// Where the time went.
    pub timings: Timings,
}

impl Page {
    /// Size of the upright page: `(width, height)` swapped when the page was
    /// turned by 90 or 270 degrees.
    pub fn upright_size(&self) -> (u32, u32) {
        if self.rotation_degrees % 180 == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// Map a point from the image's coordinates to the upright page's.
    pub fn to_upright(&self, point: [f32; 2]) -> [f32; 2] {
        to_upright(point, self.rotation_degrees, self.width, self.height)
    }
}

fn to_upright([x, y]: [f32; 2], rotation: u16, width: u32, height: u32) -> [f32; 2] {
    let (w, h) = (width as f32, height as f32);
    match rotation {
        90 => [h - y, x],
        180 => [w - x, h - y],
        270 => [y, w - x],
        _ => [x, y],
    }
}

/// The offline OCR engine. Load it once and share it: it is `Send + Sync`
/// and every method takes `&self`.
pub struct Engine {
    det: Model,
    rec: Model,
    charset: Vec<String>,
    params: DetectionParams,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("charset_len", &self.charset.len())
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Load the models at `paths`.
    pub fn new(paths: ModelPaths) -> Result<Self, EngineError> {
        let ModelPaths {
            detection,
            recognition,
            verify_checksums,
        } = paths;
        let det = models::load_model(&detection, verify_checksums.then_some(DET_MODEL_SHA256))?;
        let rec = models::load_model(&recognition, verify_checksums.then_some(REC_MODEL_SHA256))?;
        let charset = models::load_charset(&rec, &recognition)?;
        Ok(Self {
            det,
            rec,
            charset,
            params: DetectionParams::default(),
        })
    }

    /// Load the models from a directory holding both files.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, EngineError> {
        Self::new(ModelPaths::in_dir(dir))
    }

    /// Load the models from the first default place that has them: see
    /// [`ModelPaths::default_location`].
    pub fn from_default_location() -> Result<Self, EngineError> {
        Self::new(ModelPaths::default_location()?)
    }

    /// Change the detection settings.
    #[must_use]
    pub fn with_detection_params(mut self, params: DetectionParams) -> Self {
        self.params = params;
        self
    }

    /// The detection settings in use.
    pub fn detection_params(&self) -> &DetectionParams {
        &self.params
    }

    /// Number of classes of the recognition model, blank included.
    pub fn charset_len(&self) -> usize {
        self.charset.len()
    }

    /// Read the text lines of an encoded image (JPEG, PNG or BMP).
    pub fn read_lines(&self, image: &[u8]) -> Result<Vec<TextLine>, EngineError> {
        Ok(self.read_page(image)?.lines)
    }

    /// Read the text lines of a decoded image.
    pub fn read_lines_image(&self, image: &RgbImage) -> Result<Vec<TextLine>, EngineError> {
        Ok(self.read_page_image(image)?.lines)
    }

    /// Read a page from an encoded image (JPEG, PNG or BMP), turning it
    /// upright first when it was photographed sideways or upside down.
    ///
    /// An image larger than [`MAX_WORKING_SIDE`] is scaled down while it is
    /// decoded; the lines' boxes and the page size are still those of the
    /// image as given.
    pub fn read_page(&self, image: &[u8]) -> Result<Page, EngineError> {
        let start = Instant::now();
        let (decoded, (width, height)) = decode::decode_limited(image)?;
        let decode_time = start.elapsed();
        let mut page = self.read_page_image(&decoded)?;
        page.timings.decode = decode_time;
        if (width, height) != (page.width, page.height) {
            let sx = width as f32 / page.width as f32;
            let sy = height as f32 / page.height as f32;
            for line in &mut page.lines {
                line.quad = line.quad.map(|[x, y]| [x * sx, y * sy]);
            }
            (page.width, page.height) = (width, height);
        }
        Ok(page)
    }

    /// An upper estimate of the memory reading `image` takes at its peak, in
    /// bytes: decoding (from the header, see [`crate::ImageInfo::decode_bytes`])
    /// and the models' working memory for the working copy. The header is
    /// read, no pixel is decoded; an image the engine would refuse gives
    /// the same error as [`Engine::read_page`].
    pub fn memory_estimate(image: &[u8]) -> Result<u64, EngineError> {
        let info = decode::probe(image)?;
        let (w, h) = info.working_size();
        let working = u64::from(w) * u64::from(h);
        let (dw, dh) = detection_size(w, h, &DetectionParams::default());
        let detection = u64::from(dw) * u64::from(dh);
        Ok(info.decode_bytes()
            + INFERENCE_BASE_BYTES
            + working * INFERENCE_BYTES_PER_PIXEL
            + detection * DETECTION_BYTES_PER_PIXEL)
    }

    /// Read a page from a decoded image.
    pub fn read_page_image(&self, image: &RgbImage) -> Result<Page, EngineError> {
        let (width, height) = image.dimensions();
        decode::check_dimensions(width, height)?;
        let mut timings = Timings::default();

        let small = decode::limit_size(image, MAX_WORKING_SIDE);
        let work = small.as_ref().map_or(image, |(img, _)| img);
        let scale = small.as_ref().map_or([1.0, 1.0], |(_, s)| *s);

        let t = Instant::now();
        let regions = detect(&self.det, work, &self.params)?;
        timings.detection = t.elapsed();

        let t = Instant::now();
        let (rotation, quads, readings) = self.read_oriented(work, &regions, &mut timings)?;
        // The orientation check reads lines too; they count as orientation.
        timings.recognition = t.elapsed().saturating_sub(timings.orientation);

        let mut lines: Vec<TextLine> = quads
            .iter()
            .zip(readings)
            .filter(|(_, r)| r.score >= MIN_TEXT_SCORE && !r.text.trim().is_empty())
            .map(|(q, r)| TextLine {
                text: r.text,
                score: r.score,
                quad: q.map(|[x, y]| [x * scale[0], y * scale[1]]),
            })
            .collect();
        sort_reading_order(&mut lines, rotation, width, height);
        Ok(Page {
            lines,
            rotation_degrees: rotation,
            width,
            height,
            timings,
        })
    }

    /// The recognizer's character probabilities on one upright strip
    /// [`REC_HEIGHT`] pixels high (the seal's unwrapped rim): `steps x
    /// classes` values, with `steps` and `classes`.
    pub(crate) fn strip_probabilities(
        &self,
        strip: &RgbImage,
    ) -> Result<(Vec<f32>, usize, usize), EngineError> {
        crate::recognize::probabilities(&self.rec, &self.charset, strip)
    }

    /// [`Engine::strip_probabilities`] of several strips, each read on its
    /// own: each strip's values, with `classes`.
    pub(crate) fn strips_probabilities(
        &self,
        strips: &[RgbImage],
    ) -> Result<(Vec<Vec<f32>>, usize), EngineError> {
        crate::recognize::probabilities_each(&self.rec, &self.charset, strips)
    }

    /// Greedy decoding of [`Engine::strip_probabilities`].
    pub(crate) fn decode_greedy(&self, probs: &[f32], classes: usize) -> Reading {
        crate::recognize::ctc_greedy(probs, classes, &self.charset)
    }

    /// The recognizer's characters, by class (class 0 the blank).
    pub(crate) fn charset(&self) -> &[String] {
        &self.charset
    }

    /// Each character of the recognizer's charset with its class.
    pub(crate) fn charset_index(&self) -> std::collections::HashMap<&str, usize> {
        self.charset
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect()
    }

    /// Cut out and recognize each quad (corners already in reading order).
    fn read_quads(&self, image: &RgbImage, quads: &[Quad]) -> Result<Vec<Reading>, EngineError> {
        let blank = || RgbImage::from_pixel(8, REC_HEIGHT, image::Rgb([255, 255, 255]));
        let strips: Vec<RgbImage> = quads
            .iter()
            .map(|q| {
                let (w, h) = quad_size(q);
                rectify(image, q, strip_width(w, h), REC_HEIGHT).unwrap_or_else(blank)
            })
            .collect();
        recognize(&self.rec, &self.charset, &strips)
    }

    /// Read every region, deciding first how far the page must be turned
    /// clockwise to be upright. Most boxes taller than wide mean a sideways
    /// page (90 or 270), otherwise it is upright or upside down (0 or 180).
    /// A few long lines (see [`SAMPLE_MAX_WIDTH`]) are read the first way;
    /// unless that reading is sure (see [`SURE_SCORE`]) they are read the
    /// other way too and the more confident reading wins. The other lines
    /// are then read that way only.
    fn read_oriented(
        &self,
        image: &RgbImage,
        regions: &[Region],
        timings: &mut Timings,
    ) -> Result<(u16, Vec<Quad>, Vec<Reading>), EngineError> {
        let t = Instant::now();
        let sizes: Vec<(f32, f32)> = regions.iter().map(|r| quad_size(&r.quad)).collect();
        let tall = sizes.iter().filter(|(w, h)| *h > ELONGATED * *w).count();
        let wide = sizes.iter().filter(|(w, h)| *w > ELONGATED * *h).count();
        let sideways = tall > wide;
        let candidates: [u16; 2] = if sideways { [90, 270] } else { [0, 180] };

        let mut sample: Vec<usize> = (0..regions.len())
            .filter(|&i| {
                let (w, h) = sizes[i];
                if sideways {
                    h > ELONGATED * w
                } else {
                    w > ELONGATED * h
                }
            })
            .collect();
        // The widest strips up to SAMPLE_MAX_WIDTH, then the narrowest above it.
        let key = |i: usize| {
            let (w, h) = sizes[i];
            let width = strip_width(w.max(h), w.min(h));
            if width <= SAMPLE_MAX_WIDTH {
                (false, std::cmp::Reverse(width))
            } else {
                (true, std::cmp::Reverse(u32::MAX - width))
            }
        };
        sample.sort_by_key(|&i| key(i));
        sample.truncate(ORIENTATION_SAMPLE);

        let oriented = |rotation: u16, i: usize| {
            rotate_corners(&regions[i].quad, usize::from((4 - rotation / 90) % 4))
        };
        let mut best: Option<(u16, f32, Vec<Reading>)> = None;
        if !sample.is_empty() {
            for rotation in candidates {
                let quads: Vec<Quad> = sample.iter().map(|&i| oriented(rotation, i)).collect();
                let readings = self.read_quads(image, &quads)?;
                let score = readings.iter().map(|r| r.score).sum::<f32>() / readings.len() as f32;
                let chars: usize = readings.iter().map(|r| r.text.chars().count()).sum();
                if best.as_ref().is_none_or(|b| score > b.1) {
                    best = Some((rotation, score, readings));
                }
                if score >= SURE_SCORE && chars >= SURE_CHARS {
                    break;
                }
            }
        }
        timings.orientation = t.elapsed();

        let (rotation, sample_readings) = best.map_or((candidates[0], Vec::new()), |b| (b.0, b.2));
        let quads: Vec<Quad> = (0..regions.len()).map(|i| oriented(rotation, i)).collect();
        let rest: Vec<usize> = (0..regions.len()).filter(|i| !sample.contains(i)).collect();
        let rest_quads: Vec<Quad> = rest.iter().map(|&i| quads[i]).collect();
        let mut readings = vec![Reading::default(); regions.len()];
        for (i, r) in rest.into_iter().zip(self.read_quads(image, &rest_quads)?) {
            readings[i] = r;
        }
        for (&i, r) in sample.iter().zip(sample_readings) {
            readings[i] = r;
        }
        Ok((rotation, quads, readings))
    }
}

/// Sort lines top to bottom on the upright page, lines on the same row left
/// to right. Two lines share a row when their centres are closer vertically
/// than half the smaller line height.
fn sort_reading_order(lines: &mut [TextLine], rotation: u16, width: u32, height: u32) {
    let key = |l: &TextLine| {
        let pts = l.quad.map(|p| to_upright(p, rotation, width, height));
        let cx = pts.iter().map(|p| p[0]).sum::<f32>() / 4.0;
        let cy = pts.iter().map(|p| p[1]).sum::<f32>() / 4.0;
        let (_, h) = quad_size(&l.quad);
        (cx, cy, h)
    };
    lines.sort_by(|a, b| key(a).1.total_cmp(&key(b).1));
    let mut start = 0;
    while start < lines.len() {
        let (_, y0, h0) = key(&lines[start]);
        let mut end = start + 1;
        while end < lines.len() {
            let (_, y, h) = key(&lines[end]);
            if y - y0 > 0.5 * h0.min(h) {
                break;
            }
            end += 1;
        }
        lines[start..end].sort_by(|a, b| key(a).0.total_cmp(&key(b).0));
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upright_mapping_turns_corners_onto_corners() {
        let (w, h) = (200, 100);
        assert_eq!(to_upright([0.0, 0.0], 0, w, h), [0.0, 0.0]);
        // Turned clockwise by 90: the bottom-left corner becomes the top-left.
        assert_eq!(to_upright([0.0, 100.0], 90, w, h), [0.0, 0.0]);
        assert_eq!(to_upright([200.0, 100.0], 180, w, h), [0.0, 0.0]);
        assert_eq!(to_upright([200.0, 0.0], 270, w, h), [0.0, 0.0]);
    }

    #[test]
    fn engine_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Engine>();
    }
}
