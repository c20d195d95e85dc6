//! The seal's lettering unwrapped: the band of text inside the rim turned
//! into a straight strip starting after the gap in the lettering (so a
//! turned seal reads from its first character), red ink as black on white.

use image::{Rgb, RgbImage};

use super::ring::{BINS, Ring, redness};
use crate::geometry::sample;
use crate::recognize::{REC_HEIGHT, strip_width};

/// The bands lettering is unwrapped from, as fractions of the rim's radius
/// along each ray: the usual one, and a wider one for lettering set closer
/// to the rim or larger (it names 3 more of the 94 seals of the layouts'
/// development split, and no seal wrongly, for about 0.08 s a photo).
pub(crate) const BANDS: [(f32, f32); 2] = [(0.55, 0.93), (0.5, 0.97)];
/// The part of the band where the gap in the lettering is looked for (the
/// inscription under the star, when there is one, stays inside it).
const GAP_BAND: (f32, f32) = (0.64, 0.88);

/// Red enough to be the seal's lettering: thin strokes, often faint.
const LETTER_INK: i32 = 20;

/// Red ink along each ray within the lettering's band.
fn lettering_profile(image: &RgbImage, ring: &Ring) -> Vec<u32> {
    let (w, h) = image.dimensions();
    (0..BINS)
        .map(|bin| {
            let mut ink = 0;
            for k in 0..24 {
                let frac = GAP_BAND.0 + (GAP_BAND.1 - GAP_BAND.0) * k as f32 / 23.0;
                for sub in [-0.25f32, 0.25] {
                    let [x, y] = ring.point(bin as f32 + sub, frac);
                    if x >= 0.0 && y >= 0.0 && (x as u32) < w && (y as u32) < h {
                        ink += u32::from(redness(image.get_pixel(x as u32, y as u32)) > LETTER_INK);
                    }
                }
            }
            ink
        })
        .collect()
}

/// The lettering's angular extent, in rays: from the end of the widest gap
/// in the ink to its start, going clockwise. `(first, count)`.
fn lettering_span(profile: &[u32]) -> (usize, usize) {
    let mut sorted = profile.to_vec();
    sorted.sort_unstable();
    let quiet = sorted[sorted.len() / 5].max(1);
    let (mut best, mut run) = ((0usize, 0usize), 0usize);
    // Twice round, so a gap across ray 0 is seen whole.
    for i in 0..2 * BINS {
        if profile[i % BINS] <= quiet {
            run += 1;
            if run > best.1 && run <= BINS {
                best = ((i + 1) % BINS, run);
            }
        } else {
            run = 0;
        }
    }
    let (gap_end, gap_len) = best;
    if gap_len < 6 {
        // No gap: start under the star, as seals are lettered over the top.
        return (BINS / 4, BINS);
    }
    (gap_end, BINS - gap_len)
}

/// The `band` of lettering (see [`BANDS`]), unwrapped: the rim at the top of
/// the strip, the text running left to right, red ink as black on white.
pub(crate) fn unwrap(image: &RgbImage, ring: &Ring, band: (f32, f32)) -> RgbImage {
    let profile = lettering_profile(image, ring);
    let (first, count) = lettering_span(&profile);
    // A few rays of margin on either side.
    let (first, count) = (first as f32 - 2.0, (count + 4).min(BINS) as f32);
    let r = ring.mean_radius();
    let band_h = (band.1 - band.0) * r;
    let arc = r * (band.0 + band.1) / 2.0 * count / BINS as f32 * std::f32::consts::TAU;
    let out_w = strip_width(arc, band_h);
    let (w, h) = image.dimensions();
    // The ink as the camera saw it (its darkest of green and blue: red ink
    // dark, paper light), where it is red; black print and the green
    // background pattern under the seal fade to white.
    let strip = RgbImage::from_fn(out_w, REC_HEIGHT, |u, v| {
        let bin = first + count * (u as f32 + 0.5) / out_w as f32;
        let frac = band.1 - (band.1 - band.0) * (v as f32 + 0.5) / REC_HEIGHT as f32;
        let [x, y] = ring.point(bin, frac);
        if x < 0.0 || y < 0.0 || x as u32 >= w || y as u32 >= h {
            return Rgb([255, 255, 255]);
        }
        let [r, g, b] = sample(image, x, y);
        let dark = g.min(b);
        let p = &Rgb([r as u8, g as u8, b as u8]);
        let weight = ((redness(p) - 2) as f32 / 10.0).clamp(0.0, 1.0);
        let grey = (255.0 * (1.0 - weight) + dark * weight) as u8;
        Rgb([grey, grey, grey])
    });
    stretch(strip)
}

/// Share of a strip's pixels taken to be its darkest ink.
const INK_SHARE: f32 = 0.02;

/// `strip` (grey, paper white) with its contrast stretched so that its
/// darkest ink is black: a faint seal's pink ink unwraps light grey, which
/// the recognizer reads far worse than the dark print it was trained on.
fn stretch(mut strip: RgbImage) -> RgbImage {
    let mut histogram = [0usize; 256];
    for p in strip.pixels() {
        histogram[usize::from(p.0[0])] += 1;
    }
    let wanted = (strip.pixels().len() as f32 * INK_SHARE) as usize;
    let mut seen = 0;
    let darkest = histogram
        .iter()
        .position(|&n| {
            seen += n;
            seen > wanted
        })
        .unwrap_or(0);
    if darkest == 0 || darkest >= 250 {
        return strip;
    }
    let scale = 255.0 / (255 - darkest) as f32;
    for p in strip.pixels_mut() {
        let v = ((f32::from(p.0[0]) - darkest as f32) * scale).clamp(0.0, 255.0) as u8;
        *p = Rgb([v, v, v]);
    }
    strip
}

#[cfg(test)]
mod tests {
    use super::super::ring::find_rings;
    use super::super::ring::tests::seal_image;
    use super::*;

    #[test]
    fn the_lettering_starts_after_the_gap_whatever_the_turn() {
        // Lettered from 150° clockwise to 30° (over the top): the gap is at
        // the bottom, rays 15..75, so the lettering starts at ray 75.
        let img = seal_image(200.0, 150.0, 70.0, 150.0, 30.0);
        let ring = find_rings(&img).into_iter().next().expect("a seal");
        let (first, count) = lettering_span(&lettering_profile(&img, &ring));
        assert!((first as i32 - 75).abs() <= 3, "{first}");
        assert!((count as i32 - 120).abs() <= 6, "{count}");
        // The same seal turned by 90°: lettered from 240° to 120°.
        let img = seal_image(200.0, 150.0, 70.0, 240.0, 120.0);
        let ring = find_rings(&img).into_iter().next().expect("a seal");
        let (first, _) = lettering_span(&lettering_profile(&img, &ring));
        assert!((first as i32 - 120).abs() <= 3, "{first}");
        // The strip is as high as the recognizer reads, and has ink.
        let strip = unwrap(&img, &ring, BANDS[0]);
        assert_eq!(strip.height(), REC_HEIGHT);
        assert!(strip.pixels().any(|p| p.0[0] < 100));
    }

    #[test]
    fn the_wider_band_unwraps_the_same_lettering_differently() {
        let img = seal_image(200.0, 150.0, 70.0, 150.0, 30.0);
        let ring = find_rings(&img).into_iter().next().expect("a seal");
        let [usual, wide] = BANDS.map(|band| unwrap(&img, &ring, band));
        assert!(
            wide.pixels().any(|p| p.0[0] < 100),
            "the wide strip has ink"
        );
        assert_ne!(usual, wide);
    }
}
