//! The seal's ink taken off the page, so that what it was stamped over (the
//! 车辆获得方式 value, the dates beside it) is detected and read as if the
//! seal were not there, rather than merged with its lettering.

use image::{Rgb, RgbImage};

use super::ring::{Ring, redness};

/// Red weaker than this is left as it is: the tint of black print's
/// anti-aliased edges, of the paper and of the green guilloche.
const BLEACH_RED: i32 = 20;
/// How far beyond the rim's widest radius ink is taken off, for the rim's
/// own width and ink smudged past it.
const MARGIN: f32 = 1.1;
/// Red ink whose red channel is at least this share of the paper's is seal
/// ink alone, and becomes paper; darker, it lies over print, which keeps
/// its darkness.
const INK_ALONE: f32 = 0.75;

/// Turn the red ink inside `ring` (and a little beyond) into paper: red ink
/// lets red light through, so a pixel's red channel is what it would be
/// without the seal. Seal ink alone becomes the paper's colour; print under
/// it keeps its darkness. Red outside the seal (a certificate number
/// printed in red) is kept.
pub(crate) fn bleach(image: &mut RgbImage, ring: &Ring) {
    let (w, h) = image.dimensions();
    let r = ring.radius.iter().copied().fold(0.0f32, f32::max) * MARGIN;
    if r.is_nan() || r <= 0.0 {
        return;
    }
    let clamp = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
    let (x0, x1) = (clamp(ring.cx - r, w), clamp(ring.cx + r + 1.0, w));
    let (y0, y1) = (clamp(ring.cy - r, h), clamp(ring.cy + r + 1.0, h));
    let Some(paper) = paper(image, (x0, y0, x1, y1)) else {
        return;
    };
    let paper_red = f32::from(paper[0]).max(1.0);
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (x as f32 + 0.5 - ring.cx, y as f32 + 0.5 - ring.cy);
            if dx * dx + dy * dy > r * r {
                continue;
            }
            let p = image.get_pixel_mut(x, y);
            if redness(p) > BLEACH_RED {
                let k = (f32::from(p.0[0]) / paper_red).min(1.0);
                let k = if k >= INK_ALONE { 1.0 } else { k / INK_ALONE };
                *p = Rgb(paper.map(|c| (f32::from(c) * k).round() as u8));
            }
        }
    }
}

/// The paper's colour in the box `(x0, y0, x1, y1)`: the median of each
/// channel over the lighter half of the pixels that are not red.
fn paper(image: &RgbImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> Option<[u8; 3]> {
    let mut plain: Vec<[u8; 3]> = (y0..y1)
        .step_by(2)
        .flat_map(|y| (x0..x1).step_by(2).map(move |x| (x, y)))
        .map(|(x, y)| *image.get_pixel(x, y))
        .filter(|p| redness(p) <= BLEACH_RED / 2)
        .map(|p| p.0)
        .collect();
    let light = |p: &[u8; 3]| p.iter().map(|&c| u32::from(c)).sum::<u32>();
    plain.sort_by_key(light);
    let lighter = plain.split_off(plain.len() / 2);
    if lighter.is_empty() {
        return None;
    }
    let median = |c: usize| {
        let mut v: Vec<u8> = lighter.iter().map(|p| p[c]).collect();
        v.sort_unstable();
        v[v.len() / 2]
    };
    Some([median(0), median(1), median(2)])
}

#[cfg(test)]
mod tests {
    use super::super::ring::find_rings;
    use super::super::ring::tests::seal_image;
    use super::*;

    #[test]
    fn seal_ink_goes_black_print_under_it_and_red_outside_stay() {
        let mut img = seal_image(200.0, 150.0, 70.0, 150.0, 30.0);
        let seal = *img.get_pixel(270, 150);
        assert!(redness(&seal) > BLEACH_RED);
        // Black print inside the seal, and a red mark far from it.
        for (x, y, p) in img.enumerate_pixels_mut() {
            if (145..150).contains(&y) && (160..240).contains(&x) {
                *p = Rgb([20, 20, 20]);
            }
            if x < 10 && y < 10 {
                *p = seal;
            }
        }
        let rings = find_rings(&img);
        assert!(!rings.is_empty(), "the seal is found");
        for ring in &rings {
            bleach(&mut img, ring);
        }
        // The rim becomes the paper around it.
        assert_eq!(*img.get_pixel(270, 152), Rgb([228, 240, 226]));
        assert_eq!(
            *img.get_pixel(200, 147),
            Rgb([20, 20, 20]),
            "black print kept"
        );
        assert_eq!(*img.get_pixel(3, 3), seal, "red outside the seal kept");
    }
}
