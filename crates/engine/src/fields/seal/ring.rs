//! Finding the seal: the largest round patch of red ink, its rim traced ray
//! by ray (so a seal photographed at an angle, an ellipse, is followed too).

use image::{Rgb, RgbImage};

/// Rays traced around the seal.
pub(super) const BINS: usize = 180;
/// Whether a pixel is red ink: clearly more red than green or blue.
pub(super) fn redness(p: &Rgb<u8>) -> i32 {
    let [r, g, b] = p.0.map(i32::from);
    if r < 90 { 0 } else { (r - g.max(b)).max(0) }
}

/// Red enough to be the seal's rim, printed with the most ink.
const RED: i32 = 45;

fn is_red(p: &Rgb<u8>) -> bool {
    redness(p) > RED
}

/// The seal's place: its centre and its rim's radius along each ray.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ring {
    pub(super) cx: f32,
    pub(super) cy: f32,
    pub(super) radius: Vec<f32>,
}

impl Ring {
    pub(super) fn point(&self, bin: f32, frac: f32) -> [f32; 2] {
        let i = (bin.rem_euclid(BINS as f32) as usize).min(BINS - 1);
        let theta = bin / BINS as f32 * std::f32::consts::TAU;
        let r = self.radius[i] * frac;
        [self.cx + r * theta.cos(), self.cy + r * theta.sin()]
    }

    pub(super) fn mean_radius(&self) -> f32 {
        self.radius.iter().sum::<f32>() / BINS as f32
    }
}

/// Find the seal: the largest patch of red ink about as high as wide, whose
/// rim is red along most rays from its centre. Two guesses at its rim, the
/// likelier first: around the patch's box, and around the circle fitted to
/// the red ink near it ([`fit_circle`]) when that is another one. Which of
/// them reads better is up to the recognizer.
pub(crate) fn find_rings(image: &RgbImage) -> Vec<Ring> {
    let (w, h) = image.dimensions();
    let cell = (w.max(h) / 400).max(2);
    let (gw, gh) = (w.div_ceil(cell) as usize, h.div_ceil(cell) as usize);
    let mut grid = vec![0u16; gw * gh];
    for (x, y, p) in image.enumerate_pixels() {
        if is_red(p) {
            grid[(y / cell) as usize * gw + (x / cell) as usize] += 1;
        }
    }
    let min_side = w.min(h) as f32;
    let mut best: Option<(u32, [usize; 4])> = None;
    for (count, [x0, y0, x1, y1]) in components(&grid, gw, gh) {
        let (bw, bh) = (
            ((x1 - x0 + 1) as u32 * cell) as f32,
            ((y1 - y0 + 1) as u32 * cell) as f32,
        );
        let round = bw / bh > 0.6 && bh / bw > 0.6;
        let sized = bw.min(bh) > 0.04 * min_side && bw.max(bh) < 0.7 * min_side;
        if round && sized && best.is_none_or(|(c, _)| count > c) {
            best = Some((count, [x0, y0, x1, y1]));
        }
    }
    let Some((_, [x0, y0, x1, y1])) = best else {
        return Vec::new();
    };
    let c = cell as f32;
    let (cx, cy) = (
        (x0 + x1 + 1) as f32 * c / 2.0,
        (y0 + y1 + 1) as f32 * c / 2.0,
    );
    let r0 = ((x1 - x0 + 1) + (y1 - y0 + 1)) as f32 * c / 4.0;
    let (fx, fy, fr) = fit_circle(image, cx, cy, r0);
    let moved = (fx - cx).hypot(fy - cy) > 0.5 || (fr - r0).abs() > 0.5;
    let mut rings: Vec<Ring> = trace_rim(image, cx, cy, r0, RED).into_iter().collect();
    if moved {
        rings.extend(trace_rim(image, fx, fy, fr, RIM_INK));
    }
    rings
}

/// Red enough to be part of the rim when looking for the circle it draws: a
/// faint seal's thin rim is lighter than [`is_red`] asks.
const RIM_INK: i32 = 25;
/// Directions sampled when scoring a circle.
const FIT_RAYS: usize = 90;

/// The circle near (cx, cy) with radius near `r0` that runs through red ink
/// in the most directions: the seal's rim, continuous where its lettering
/// is broken. The patch of red ink the seal was found by is often only its
/// darkest part (the star and some letters, when the rim is faint), so its
/// box gives the centre and radius only roughly. Centres within half the
/// rough radius and radii from 0.8 to 3 times it (for a patch that is only
/// the star) are tried, coarsely then to the pixel; the larger circle wins
/// a tie, the rim being outermost.
fn fit_circle(image: &RgbImage, cx: f32, cy: f32, r0: f32) -> (f32, f32, f32) {
    let (w, h) = image.dimensions();
    // The largest circle tried, around the farthest centre tried.
    let reach = 3.6 * r0;
    let (x0, y0) = ((cx - reach).max(0.0) as u32, (cy - reach).max(0.0) as u32);
    let (x1, y1) = (((cx + reach) as u32).min(w), ((cy + reach) as u32).min(h));
    if x1 <= x0 || y1 <= y0 {
        return (cx, cy, r0);
    }
    let mw = (x1 - x0) as usize;
    let mask: Vec<bool> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| redness(image.get_pixel(x, y)) > RIM_INK)
        .collect();
    let red = |x: f32, y: f32| {
        let (mx, my) = (x - x0 as f32, y - y0 as f32);
        mx >= 0.0 && my >= 0.0 && {
            let (mx, my) = (mx as usize, my as usize);
            mx < mw && mask.get(my * mw + mx).copied().unwrap_or(false)
        }
    };
    let dirs: Vec<(f32, f32)> = (0..FIT_RAYS)
        .map(|i| (i as f32 / FIT_RAYS as f32 * std::f32::consts::TAU).sin_cos())
        .collect();
    let score = |cx: f32, cy: f32, r: f32| {
        dirs.iter()
            .filter(|(s, c)| {
                (-1..=1).any(|d| red(cx + (r + d as f32) * c, cy + (r + d as f32) * s))
            })
            .count()
    };
    let search = |cx: f32, cy: f32, r: f32, span: f32, step: f32, rs: (f32, f32)| {
        let mut best = (0usize, cx, cy, r);
        let n = (span / step).round() as i32;
        for i in -n..=n {
            for j in -n..=n {
                let (x, y) = (cx + i as f32 * step, cy + j as f32 * step);
                let mut rr = rs.0;
                while rr <= rs.1 {
                    let s = score(x, y, rr);
                    if s > best.0 || (s == best.0 && rr > best.3) {
                        best = (s, x, y, rr);
                    }
                    rr += step.max(1.0);
                }
            }
        }
        best
    };
    let step = (r0 / 12.0).max(1.0);
    let coarse = search(cx, cy, r0, 0.5 * r0, step, (0.8 * r0, 3.0 * r0));
    let fine = search(
        coarse.1,
        coarse.2,
        coarse.3,
        step,
        1.0,
        (coarse.3 - step, coarse.3 + step),
    );
    // A circle through red ink in too few directions is no rim: keep the
    // rough one.
    if fine.0 < FIT_RAYS / 2 {
        return (cx, cy, r0);
    }
    (fine.1, fine.2, fine.3)
}

/// Red ink counts per cell → connected patches (cells with ink, joined
/// across one empty cell), as (ink, [x0, y0, x1, y1]) in cells.
fn components(grid: &[u16], gw: usize, gh: usize) -> Vec<(u32, [usize; 4])> {
    let mut seen = vec![false; grid.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..grid.len() {
        if grid[start] == 0 || seen[start] {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (mut count, mut bbox) = (0u32, [usize::MAX, usize::MAX, 0, 0]);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % gw, i / gw);
            count += u32::from(grid[i]);
            bbox = [
                bbox[0].min(x),
                bbox[1].min(y),
                bbox[2].max(x),
                bbox[3].max(y),
            ];
            for ny in y.saturating_sub(2)..(y + 3).min(gh) {
                for nx in x.saturating_sub(2)..(x + 3).min(gw) {
                    let j = ny * gw + nx;
                    if grid[j] > 0 && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        out.push((count, bbox));
    }
    out
}

/// The rim along each ray from (cx, cy): the outermost pixel redder than
/// `ink` within 25% of the rough radius `r0`. `None` when too few rays find
/// it.
fn trace_rim(image: &RgbImage, cx: f32, cy: f32, r0: f32, ink: i32) -> Option<Ring> {
    let (w, h) = image.dimensions();
    let mut radius: Vec<Option<f32>> = Vec::with_capacity(BINS);
    for bin in 0..BINS {
        let theta = bin as f32 / BINS as f32 * std::f32::consts::TAU;
        let (dx, dy) = (theta.cos(), theta.sin());
        let mut r = 1.25 * r0;
        let mut hit = None;
        while r > 0.75 * r0 {
            let (x, y) = (cx + r * dx, cy + r * dy);
            if x >= 0.0
                && y >= 0.0
                && (x as u32) < w
                && (y as u32) < h
                && redness(image.get_pixel(x as u32, y as u32)) > ink
            {
                hit = Some(r);
                break;
            }
            r -= 1.0;
        }
        radius.push(hit);
    }
    let found: Vec<f32> = radius.iter().flatten().copied().collect();
    if found.len() < BINS / 2 {
        return None;
    }
    let mut sorted = found;
    sorted.sort_by(f32::total_cmp);
    let median = sorted[sorted.len() / 2];
    // Rays that missed the rim, or hit ink outside it, take their
    // neighbours' radius: the median over a window of rays.
    let raw: Vec<f32> = radius
        .iter()
        .map(|r| {
            r.filter(|r| (r - median).abs() < 0.12 * median)
                .unwrap_or(f32::NAN)
        })
        .collect();
    let smooth: Vec<f32> = (0..BINS)
        .map(|i| {
            let mut win: Vec<f32> = (0..9)
                .map(|k| raw[(i + BINS + k - 4) % BINS])
                .filter(|r| !r.is_nan())
                .collect();
            win.sort_by(f32::total_cmp);
            win.get(win.len() / 2).copied().unwrap_or(median)
        })
        .collect();
    Some(Ring {
        cx,
        cy,
        radius: smooth,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A red ring of radius `r` at (cx, cy) on pale green paper, with red
    /// blocks standing for letters along the rim from `from` to `to` degrees.
    pub(in crate::fields::seal) fn seal_image(
        cx: f32,
        cy: f32,
        r: f32,
        from: f32,
        to: f32,
    ) -> RgbImage {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([228, 240, 226]));
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let d = dx.hypot(dy);
            let deg = dy.atan2(dx).to_degrees().rem_euclid(360.0);
            let in_arc = if from <= to {
                deg >= from && deg <= to
            } else {
                deg >= from || deg <= to
            };
            let letter = in_arc && (deg as u32 / 8).is_multiple_of(2);
            if (d - r).abs() < 2.0 || (letter && d > 0.66 * r && d < 0.86 * r) {
                *p = Rgb([205, 40, 50]);
            }
        }
        img
    }

    #[test]
    fn the_ring_is_found_with_its_radius() {
        let img = seal_image(200.0, 150.0, 70.0, 150.0, 30.0);
        let ring = find_rings(&img).into_iter().next().expect("a seal");
        assert!(
            (ring.cx - 200.0).abs() < 6.0 && (ring.cy - 150.0).abs() < 6.0,
            "{ring:?}"
        );
        assert!(
            (ring.mean_radius() - 71.0).abs() < 4.0,
            "{}",
            ring.mean_radius()
        );
    }

    #[test]
    fn a_faint_rim_around_a_dark_star_is_found() {
        // The rim and lettering too faint for `is_red`; only the star in the
        // middle (radius 24) is dark red. The patch found is the star, and
        // the circle fitted to the faint ink gives the rim.
        let mut img = RgbImage::from_pixel(400, 300, Rgb([228, 240, 226]));
        let (cx, cy, r) = (210.0f32, 140.0f32, 70.0f32);
        for (x, y, p) in img.enumerate_pixels_mut() {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let d = dx.hypot(dy);
            let deg = dy.atan2(dx).to_degrees().rem_euclid(360.0);
            let letter = (deg as u32 / 8).is_multiple_of(2) && d > 0.66 * r && d < 0.86 * r;
            if d < 24.0 {
                *p = Rgb([205, 40, 50]);
            } else if (d - r).abs() < 2.0 || letter {
                *p = Rgb([235, 200, 196]);
            }
        }
        let rings = find_rings(&img);
        assert!(
            rings.iter().any(|ring| (ring.mean_radius() - r).abs() < 4.0
                && (ring.cx - cx).abs() < 4.0
                && (ring.cy - cy).abs() < 4.0),
            "{:?}",
            rings
                .iter()
                .map(|g| (g.cx, g.cy, g.mean_radius()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn no_seal_on_black_print_or_a_red_line() {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([228, 240, 226]));
        assert_eq!(find_rings(&img), Vec::new());
        // A certificate number printed in red: wide, not round.
        for x in 50..350 {
            for y in 20..40 {
                img.put_pixel(x, y, Rgb([205, 40, 50]));
            }
        }
        assert_eq!(find_rings(&img), Vec::new());
    }
}
