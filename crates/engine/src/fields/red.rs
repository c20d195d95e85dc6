//! Text printed in red: the 发证机关章 seal stamped over the print, whose
//! curved text reads as fragments among the lines.

use crate::engine::TextLine;

use super::layout::{char_bounds, slice_line};

/// The lines of `image` without the text printed in red: the seal stamped
/// over the print, whose curved text reads as fragments. A line whose ink is
/// red throughout is left out; red characters at either end of a line (seal
/// text read together with a value) are cut off.
pub fn without_red(image: &image::RgbImage, lines: &[TextLine]) -> Vec<TextLine> {
    lines.iter().filter_map(|l| black_part(image, l)).collect()
}

/// The part of `line` printed in black (or dark) ink, if any.
pub(super) fn black_part(image: &image::RgbImage, line: &TextLine) -> Option<TextLine> {
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
    Some(slice_line(line, bounds[first], bounds[last + 1], text))
}

/// Red and dark pixels sampled in the part of `quad` between fractions `u0`
/// and `u1` of its length.
pub(super) fn ink_in(
    image: &image::RgbImage,
    quad: &[[f32; 2]; 4],
    u0: f32,
    u1: f32,
) -> (u32, u32) {
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
