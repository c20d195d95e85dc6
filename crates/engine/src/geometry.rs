//! Quadrilaterals: ordering their corners, and cutting the text they hold out
//! of an image as an upright strip (perspective rectification).

use image::{Rgb, RgbImage};

/// Four corners `[x, y]`, clockwise from the top-left one.
pub type Quad = [[f32; 2]; 4];

/// Order four corners clockwise (in image coordinates, y down) starting with
/// the top-left one: the corner with the smallest `x + y` of the two that
/// begin the top edge.
pub fn order_clockwise(points: [[f32; 2]; 4]) -> Quad {
    let cx = points.iter().map(|p| p[0]).sum::<f32>() / 4.0;
    let cy = points.iter().map(|p| p[1]).sum::<f32>() / 4.0;
    let mut pts = points;
    // Ascending angle is clockwise when y points down.
    pts.sort_by(|a, b| {
        let ta = (a[1] - cy).atan2(a[0] - cx);
        let tb = (b[1] - cy).atan2(b[0] - cx);
        ta.total_cmp(&tb)
    });
    let start = (0..4)
        .min_by(|&i, &j| (pts[i][0] + pts[i][1]).total_cmp(&(pts[j][0] + pts[j][1])))
        .unwrap_or(0);
    pts.rotate_left(start);
    pts
}

/// The same quad with its first corner moved `turns` places clockwise: the
/// corner order that reads the quad's content rotated by `turns * 90`
/// degrees counter-clockwise.
pub fn rotate_corners(quad: &Quad, turns: usize) -> Quad {
    let mut q = *quad;
    q.rotate_left(turns % 4);
    q
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Mean lengths of the top/bottom edges and of the left/right edges.
pub fn quad_size(quad: &Quad) -> (f32, f32) {
    let w = (dist(quad[0], quad[1]) + dist(quad[3], quad[2])) / 2.0;
    let h = (dist(quad[0], quad[3]) + dist(quad[1], quad[2])) / 2.0;
    (w, h)
}

/// A projective transform as a row-major 3x3 matrix with the last entry 1.
#[derive(Debug, Clone, Copy)]
struct Homography([f32; 9]);

impl Homography {
    /// The transform taking the rectangle `(0,0)..(w,h)` (corners clockwise
    /// from the top-left) onto `quad`; `None` when the quad is degenerate.
    fn rect_to_quad(w: f32, h: f32, quad: &Quad) -> Option<Self> {
        let src = [[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]];
        // Solve the 8 unknowns h0..h7 of
        // u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1),
        // v = (h3 x + h4 y + h5) / (h6 x + h7 y + 1).
        let mut a = [[0f64; 9]; 8];
        for (k, (s, d)) in src.iter().zip(quad.iter()).enumerate() {
            let (x, y) = (f64::from(s[0]), f64::from(s[1]));
            let (u, v) = (f64::from(d[0]), f64::from(d[1]));
            a[2 * k] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            a[2 * k + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        let sol = solve8(a)?;
        let mut m = [0f32; 9];
        for (dst, s) in m.iter_mut().zip(sol.iter()) {
            *dst = *s as f32;
        }
        m[8] = 1.0;
        Some(Self(m))
    }

    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let m = &self.0;
        let d = m[6] * x + m[7] * y + m[8];
        let d = if d.abs() < 1e-9 { 1e-9 } else { d };
        (
            (m[0] * x + m[1] * y + m[2]) / d,
            (m[3] * x + m[4] * y + m[5]) / d,
        )
    }
}

/// Gaussian elimination with partial pivoting on an 8x8 system given as an
/// augmented 8x9 matrix.
fn solve8(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-10 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (r, row) in a.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            if r != col && f != 0.0 {
                for (dst, src) in row.iter_mut().zip(pivot_row.iter()).skip(col) {
                    *dst -= f * src;
                }
            }
        }
    }
    let mut x = [0f64; 8];
    for (i, xi) in x.iter_mut().enumerate() {
        *xi = a[i][8] / a[i][i];
    }
    Some(x)
}

/// Bilinear sample at a continuous position (pixel centres at `i + 0.5`),
/// clamped to the image; white outside of it.
pub(crate) fn sample(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = image.dimensions();
    let fx = x - 0.5;
    let fy = y - 0.5;
    if fx < -1.0 || fy < -1.0 || fx > w as f32 || fy > h as f32 {
        return [255.0; 3];
    }
    let x0 = fx.floor();
    let y0 = fy.floor();
    let tx = fx - x0;
    let ty = fy - y0;
    let clamp = |v: f32, max: u32| -> u32 { v.max(0.0).min((max - 1) as f32) as u32 };
    let (xa, xb) = (clamp(x0, w), clamp(x0 + 1.0, w));
    let (ya, yb) = (clamp(y0, h), clamp(y0 + 1.0, h));
    let p = |xx: u32, yy: u32| -> &Rgb<u8> { image.get_pixel(xx, yy) };
    let (p00, p10, p01, p11) = (p(xa, ya), p(xb, ya), p(xa, yb), p(xb, yb));
    let mut out = [0f32; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let top = f32::from(p00[c]) * (1.0 - tx) + f32::from(p10[c]) * tx;
        let bottom = f32::from(p01[c]) * (1.0 - tx) + f32::from(p11[c]) * tx;
        *o = top * (1.0 - ty) + bottom * ty;
    }
    out
}

/// Cut the content of `quad` out of `image` into an upright `out_w` x `out_h`
/// strip; when the strip is smaller than the quad each output pixel averages
/// several samples, so thin strokes survive the downscale.
pub fn rectify(image: &RgbImage, quad: &Quad, out_w: u32, out_h: u32) -> Option<RgbImage> {
    if image.width() == 0 || image.height() == 0 || out_w == 0 || out_h == 0 {
        return None;
    }
    let hom = Homography::rect_to_quad(out_w as f32, out_h as f32, quad)?;
    let (qw, qh) = quad_size(quad);
    let factor = (qw / out_w as f32).max(qh / out_h as f32);
    let n = factor.ceil().clamp(1.0, 4.0) as u32;
    let step = 1.0 / n as f32;
    let norm = 1.0 / (n * n) as f32;
    let mut out = RgbImage::new(out_w, out_h);
    for (ox, oy, px) in out.enumerate_pixels_mut() {
        let mut acc = [0f32; 3];
        for sy in 0..n {
            for sx in 0..n {
                let x = ox as f32 + (sx as f32 + 0.5) * step;
                let y = oy as f32 + (sy as f32 + 0.5) * step;
                let (u, v) = hom.apply(x, y);
                let s = sample(image, u, v);
                for c in 0..3 {
                    acc[c] += s[c];
                }
            }
        }
        for c in 0..3 {
            px[c] = (acc[c] * norm).round().clamp(0.0, 255.0) as u8;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_corners_clockwise_from_top_left() {
        let q = order_clockwise([[10.0, 20.0], [0.0, 0.0], [10.0, 0.0], [0.0, 20.0]]);
        assert_eq!(q, [[0.0, 0.0], [10.0, 0.0], [10.0, 20.0], [0.0, 20.0]]);
        // Slightly tilted line.
        let q = order_clockwise([[100.0, 3.0], [0.0, 0.0], [99.0, 23.0], [-1.0, 20.0]]);
        assert_eq!(q[0], [0.0, 0.0]);
        assert_eq!(q[1], [100.0, 3.0]);
    }

    #[test]
    fn homography_maps_rect_corners_onto_quad() {
        let quad = [[5.0, 7.0], [105.0, 12.0], [103.0, 40.0], [4.0, 36.0]];
        let hom = Homography::rect_to_quad(200.0, 48.0, &quad).expect("solvable");
        for (s, d) in [[0.0, 0.0], [200.0, 0.0], [200.0, 48.0], [0.0, 48.0]]
            .iter()
            .zip(quad.iter())
        {
            let (u, v) = hom.apply(s[0], s[1]);
            assert!((u - d[0]).abs() < 1e-3 && (v - d[1]).abs() < 1e-3);
        }
    }

    #[test]
    fn degenerate_quad_is_refused() {
        let quad = [[1.0, 1.0]; 4];
        assert!(Homography::rect_to_quad(10.0, 10.0, &quad).is_none());
    }

    #[test]
    fn rectify_copies_an_axis_aligned_box() {
        let mut img = RgbImage::from_pixel(40, 20, Rgb([255, 255, 255]));
        img.put_pixel(12, 6, Rgb([0, 0, 0]));
        let quad = [[10.0, 5.0], [20.0, 5.0], [20.0, 10.0], [10.0, 10.0]];
        let out = rectify(&img, &quad, 10, 5).expect("crop");
        assert_eq!(out.get_pixel(2, 1)[0], 0);
        assert_eq!(out.get_pixel(5, 3)[0], 255);
    }
}
