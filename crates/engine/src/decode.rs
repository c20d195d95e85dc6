//! Turning image bytes into pixels, safely.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::EngineError;

/// Smallest accepted side of an image, in pixels.
pub const MIN_SIDE: u32 = 16;
/// Largest accepted pixel count (a 50-megapixel phone photo fits).
pub const MAX_PIXELS: u64 = 52_000_000;
/// Largest side of the working copy of an image; bigger images are scaled
/// down before any other work, which bounds memory and time.
pub const MAX_WORKING_SIDE: u32 = 2400;
/// Ceiling on what the decoder may allocate.
const MAX_DECODER_ALLOC: u64 = 512 * 1024 * 1024;

/// Decode JPEG, PNG or BMP bytes into an upright RGB image, honouring the
/// EXIF orientation. Dimensions are checked from the header before the pixels
/// are decoded.
pub fn decode(bytes: &[u8]) -> Result<RgbImage, EngineError> {
    if bytes.is_empty() {
        return Err(EngineError::ImageEmpty);
    }
    let Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Bmp)) =
        image::guess_format(bytes)
    else {
        return Err(EngineError::ImageFormatUnknown);
    };
    let decode_err = |e: image::ImageError| EngineError::ImageDecode(e.to_string());

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_err)?;

    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    // A broken EXIF block is no reason to refuse the picture.
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(to_rgb(image))
}

/// Check an already decoded image the same way [`decode`] checks a header.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), EngineError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(EngineError::ImageTooLarge {
            width,
            height,
            max_pixels: MAX_PIXELS,
        });
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(EngineError::ImageTooSmall {
            width,
            height,
            min: MIN_SIDE,
        });
    }
    Ok(())
}

/// Convert to 8-bit RGB; transparent pixels become white, as on paper.
fn to_rgb(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(src[3]);
        for c in 0..3 {
            let v = (u16::from(src[c]) * a + 255 * (255 - a)) / 255;
            dst[c] = u8::try_from(v).unwrap_or(u8::MAX);
        }
    }
    out
}

/// A copy of `image` whose longer side is at most `max_side`, with the x and y
/// factors that map its coordinates back to `image`'s; `None` when `image` is
/// small enough already.
pub fn limit_size(image: &RgbImage, max_side: u32) -> Option<(RgbImage, [f32; 2])> {
    let (w, h) = image.dimensions();
    let long = w.max(h);
    if long <= max_side {
        return None;
    }
    let scale = max_side as f32 / long as f32;
    let nw = ((w as f32 * scale).round() as u32).max(1);
    let nh = ((h as f32 * scale).round() as u32).max(1);
    let small = image::imageops::thumbnail(image, nw, nh);
    Some((small, [w as f32 / nw as f32, h as f32 / nh as f32]))
}
