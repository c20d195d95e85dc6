//! The seal's ink taken off the page, so that what it was stamped over (the
//! 车辆获得方式 value, the dates beside it) is detected and read as if the
//! seal were not there, rather than merged with its lettering.

use image::{Rgb, RgbImage};

use super::ring::{Ring, redness};

/// Red weaker than this is left as it is: the tint of black print's
/// anti-aliased edges, of the paper and of the green guilloche.
const BLEACH_RED: i32 = 30;
/// How far beyond the rim's widest radius ink is taken off, for the rim's
/// own width and ink smudged past it.
const MARGIN: f32 = 1.1;

/// Turn the red ink inside `ring` (and a little beyond) into the grey of its
/// red channel: red ink on paper becomes as light as the paper, black print
/// under it stays black. Red outside the seal (a certificate number printed
/// in red) is kept.
pub(crate) fn bleach(image: &mut RgbImage, ring: &Ring) {
    let (w, h) = image.dimensions();
    let r = ring.radius.iter().copied().fold(0.0f32, f32::max) * MARGIN;
    if r.is_nan() || r <= 0.0 {
        return;
    }
    let clamp = |v: f32, max: u32| (v.max(0.0) as u32).min(max);
    let (x0, x1) = (clamp(ring.cx - r, w), clamp(ring.cx + r + 1.0, w));
    let (y0, y1) = (clamp(ring.cy - r, h), clamp(ring.cy + r + 1.0, h));
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = (x as f32 + 0.5 - ring.cx, y as f32 + 0.5 - ring.cy);
            if dx * dx + dy * dy > r * r {
                continue;
            }
            let p = image.get_pixel_mut(x, y);
            if redness(p) > BLEACH_RED {
                let red = p.0[0];
                *p = Rgb([red, red, red]);
            }
        }
    }
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
        let rim = img.get_pixel(270, 152);
        assert!(
            redness(rim) == 0 && rim.0[0] > 200,
            "rim ink bleached: {rim:?}"
        );
        assert_eq!(
            *img.get_pixel(200, 147),
            Rgb([20, 20, 20]),
            "black print kept"
        );
        assert_eq!(*img.get_pixel(3, 3), seal, "red outside the seal kept");
    }
}
