//! Geometry of the page as the text runs: lines turned so that text reads
//! left to right along x, and the width of each character within a line.

use crate::engine::TextLine;

/// The rotation that makes the page's text horizontal: points of the image
/// map to an upright frame where text runs along +x and lines go down +y.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    cos: f32,
    sin: f32,
}

/// Lines whose width is this many times their height have a clear direction.
const ELONGATED: f32 = 1.5;
/// Lines further than this from the page's direction (radians, about 12°)
/// do not vote on the final direction: seal text runs on a curve.
const STRAY: f32 = 0.21;

impl Frame {
    /// The page's text direction, taken from the lines' own first edges
    /// (each quad starts at the text's top-left corner, clockwise).
    pub(crate) fn from_lines(lines: &[TextLine]) -> Frame {
        let dirs: Vec<(f32, f32, f32)> = lines
            .iter()
            .filter_map(|l| {
                let [a, b, _, d] = l.quad;
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                let len = dx.hypot(dy);
                let h = (d[0] - a[0]).hypot(d[1] - a[1]);
                (len > ELONGATED * h && len > 0.0).then_some((dx / len, dy / len, len))
            })
            .collect();
        let mean = |keep: &dyn Fn(f32, f32) -> bool| {
            let (mut x, mut y) = (0.0f32, 0.0f32);
            for &(dx, dy, w) in &dirs {
                if keep(dx, dy) {
                    x += dx * w;
                    y += dy * w;
                }
            }
            let n = x.hypot(y);
            (n > 0.0).then(|| (x / n, y / n))
        };
        let Some((cx, cy)) = mean(&|_, _| true) else {
            return Frame { cos: 1.0, sin: 0.0 };
        };
        let (cos, sin) =
            mean(&|dx, dy| (dx * cx + dy * cy).clamp(-1.0, 1.0).acos() < STRAY).unwrap_or((cx, cy));
        Frame { cos, sin }
    }

    /// A point of the image in the upright frame.
    pub(crate) fn to_upright(self, [x, y]: [f32; 2]) -> [f32; 2] {
        [x * self.cos + y * self.sin, -x * self.sin + y * self.cos]
    }

    /// A point of the upright frame in the image.
    pub(crate) fn to_image(self, [u, v]: [f32; 2]) -> [f32; 2] {
        [u * self.cos - v * self.sin, u * self.sin + v * self.cos]
    }

    /// How far a line's own direction is from the page's, in radians.
    pub(crate) fn deviation(&self, quad: &[[f32; 2]; 4]) -> f32 {
        let [a, b, _, _] = quad;
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy);
        if len == 0.0 {
            return 0.0;
        }
        ((dx * self.cos + dy * self.sin) / len)
            .clamp(-1.0, 1.0)
            .acos()
    }
}

/// An axis-aligned box in the upright frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    /// The upright bounding box of a quad.
    pub(crate) fn of_quad(frame: &Frame, quad: &[[f32; 2]; 4]) -> Rect {
        let pts = quad.map(|p| frame.to_upright(p));
        let xs = pts.map(|p| p[0]);
        let ys = pts.map(|p| p[1]);
        Rect {
            x0: xs.iter().copied().fold(f32::INFINITY, f32::min),
            x1: xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            y0: ys.iter().copied().fold(f32::INFINITY, f32::min),
            y1: ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        }
    }

    pub(crate) fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }

    pub(crate) fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// The part of the box between fractions `a` and `b` of its width.
    pub(crate) fn slice_x(&self, a: f32, b: f32) -> Rect {
        let w = self.x1 - self.x0;
        Rect {
            x0: self.x0 + a * w,
            x1: self.x0 + b * w,
            ..*self
        }
    }

    /// The box's corners in the image, clockwise from the top-left.
    pub(crate) fn to_quad(self, frame: &Frame) -> [[f32; 2]; 4] {
        [
            [self.x0, self.y0],
            [self.x1, self.y0],
            [self.x1, self.y1],
            [self.x0, self.y1],
        ]
        .map(|p| frame.to_image(p))
    }
}

/// Relative printed width of a character: a CJK character is a square, an
/// ASCII letter or digit about half of one.
fn char_width(c: char) -> f32 {
    if c.is_whitespace() {
        0.35
    } else if c.is_ascii() {
        0.55
    } else {
        1.0
    }
}

/// Where each character of `chars` starts and ends along the line, as
/// fractions of the line's width: `n + 1` boundaries.
pub(crate) fn char_bounds(chars: &[char]) -> Vec<f32> {
    let total: f32 = chars.iter().map(|&c| char_width(c)).sum();
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut acc = 0.0;
    out.push(0.0);
    for &c in chars {
        acc += char_width(c);
        out.push(if total > 0.0 { acc / total } else { 1.0 });
    }
    out
}

/// The part of `line` between fractions `u0` and `u1` of its length, as a
/// line of its own holding `text`.
pub(crate) fn slice_line(line: &TextLine, u0: f32, u1: f32, text: String) -> TextLine {
    let [a, b, c, d] = line.quad;
    let lerp =
        |p: [f32; 2], q: [f32; 2], t: f32| [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
    TextLine {
        text,
        score: line.score,
        quad: [
            lerp(a, b, u0),
            lerp(a, b, u1),
            lerp(d, c, u1),
            lerp(d, c, u0),
        ],
    }
}

/// For each character of `spaced` that is not white space, its index in
/// `spaced`, then `spaced.len()`: maps positions in the text without white
/// space (where labels are matched) back to the text as read.
pub(crate) fn nonspace_positions(spaced: &[char]) -> Vec<usize> {
    spaced
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .chain(std::iter::once(spaced.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quad: [[f32; 2]; 4]) -> TextLine {
        TextLine {
            text: "x".into(),
            score: 1.0,
            quad,
        }
    }

    #[test]
    fn sideways_page_turns_upright() {
        // Text running down the image (page turned 90° clockwise in the photo).
        let l = line([[100.0, 10.0], [100.0, 210.0], [70.0, 210.0], [70.0, 10.0]]);
        let f = Frame::from_lines(&[l.clone(), l]);
        let [u0, v0] = f.to_upright([100.0, 10.0]);
        let [u1, v1] = f.to_upright([100.0, 210.0]);
        assert!((v1 - v0).abs() < 1e-3 && u1 - u0 > 199.0);
        let back = f.to_image(f.to_upright([3.0, 4.0]));
        assert!((back[0] - 3.0).abs() < 1e-3 && (back[1] - 4.0).abs() < 1e-3);
    }

    #[test]
    fn curved_strays_do_not_tilt_the_page() {
        let flat = line([[0.0, 0.0], [300.0, 0.0], [300.0, 20.0], [0.0, 20.0]]);
        let steep = line([[0.0, 0.0], [100.0, 100.0], [90.0, 110.0], [-10.0, 10.0]]);
        let f = Frame::from_lines(&[flat.clone(), flat, steep]);
        assert!(f.sin.abs() < 1e-4, "{f:?}");
    }

    #[test]
    fn ascii_is_narrower_than_cjk() {
        let b = char_bounds(&['轴', '距', '1', '2']);
        assert_eq!(b.len(), 5);
        assert!((b[2] - 2.0 / 3.1).abs() < 1e-4);
        assert!((b[4] - 1.0).abs() < 1e-6);
    }
}
