//! The offline engine's doors: image bytes, and text lines (as the engine
//! would hand them to field extraction, but any at all).

use regcert_engine::{EngineError, TextLine};

/// `regcert_engine::decode`: any bytes give an image within the engine's
/// limits or a typed error.
pub fn engine_decode(data: &[u8]) {
    match regcert_engine::decode(data) {
        Ok(image) => {
            let pixels = u64::from(image.width()) * u64::from(image.height());
            assert!(pixels <= regcert_engine::MAX_PIXELS);
            assert!(image.width().min(image.height()) >= regcert_engine::MIN_SIDE);
        }
        Err(
            e @ (EngineError::ModelMissing { .. }
            | EngineError::ModelChecksum { .. }
            | EngineError::ModelCorrupt { .. }),
        ) => panic!("decoding never needs the models: {e}"),
        Err(_) => {}
    }
}

/// `regcert_engine::extract` over the lines [`text_lines`] reads from
/// `data`, on a page just holding them.
pub fn engine_extract(data: &[u8]) {
    let lines = text_lines(data);
    let (mut width, mut height) = (1.0f32, 1.0f32);
    for corner in lines.iter().flat_map(|l| l.quad) {
        if corner[0].is_finite() && corner[1].is_finite() {
            width = width.max(corner[0]);
            height = height.max(corner[1]);
        }
    }
    let side = |v: f32| (v.ceil() as u32).clamp(1, 20_000);
    let extraction = regcert_engine::extract(&lines, side(width), side(height));
    let _ = format!("{extraction:?}");
}

/// Text lines from text, one per input line: `X,Y,W,H TEXT` puts TEXT in
/// that box (any numbers `f32` parses, `NaN` and `inf` included); a line
/// without a box is placed in a column, 40 pixels below the one before.
/// `#SCORE` after the box sets the line's score (default 0.95).
pub fn text_lines(data: &[u8]) -> Vec<TextLine> {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .take(400)
        .enumerate()
        .map(|(row, line)| {
            let (boxed, rest) = match line.split_once(' ') {
                Some((head, rest)) => match parse_box(head) {
                    Some(b) => (Some(b), rest),
                    None => (None, line),
                },
                None => (None, line),
            };
            let (score, text) = match rest.strip_prefix('#').and_then(|r| r.split_once(' ')) {
                Some((s, text)) => match s.parse::<f32>() {
                    Ok(s) => (s, text),
                    Err(_) => (0.95, rest),
                },
                None => (0.95, rest),
            };
            let [x, y, w, h] = boxed.unwrap_or_else(|| {
                let w = 20.0 * text.chars().count() as f32;
                [20.0, 20.0 + 40.0 * row as f32, w, 30.0]
            });
            TextLine {
                text: text.to_owned(),
                score,
                quad: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]],
            }
        })
        .collect()
}

fn parse_box(head: &str) -> Option<[f32; 4]> {
    let mut parts = head.split(',').map(|p| p.parse::<f32>().ok());
    let b = [
        parts.next()??,
        parts.next()??,
        parts.next()??,
        parts.next()??,
    ];
    parts.next().is_none().then_some(b)
}
