//! Turning image bytes into pixels, safely.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage, metadata::Orientation,
};

use crate::error::EngineError;

/// Smallest accepted side of an image, in pixels.
pub const MIN_SIDE: u32 = 16;
/// Largest accepted pixel count (a 50-megapixel phone photo fits).
pub const MAX_PIXELS: u64 = 52_000_000;
/// Largest side of the working copy of an image; bigger images are scaled
/// down before any other work (PNG while it is decoded, row by row; a large
/// JPEG decoded at a fraction of its size), which
/// bounds memory and time.
pub const MAX_WORKING_SIDE: u32 = 2400;
/// Longest JPEG side from which the decoder's own scaling (1/2, 1/4, 1/8 in
/// the inverse DCT) still keeps the working size: above it a JPEG is decoded
/// straight at a fraction of its size.
const JPEG_SCALED_FROM: u32 = 2 * MAX_WORKING_SIDE;
/// Ceiling on what the decoder may allocate.
const MAX_DECODER_ALLOC: u64 = 512 * 1024 * 1024;
/// Coefficient planes a progressive JPEG decoder keeps: 2 bytes for each of
/// three components per pixel.
const JPEG_COEFFICIENT_BYTES: u64 = 6;

/// What an image's header says, read before any pixel is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format, from the magic bytes.
    pub format: ImageFormat,
    /// Width as stored (before EXIF orientation), in pixels.
    pub width: u32,
    /// Height as stored, in pixels.
    pub height: u32,
    /// Bytes per pixel of the decoder's output (8 for 16-bit RGBA).
    pub bytes_per_pixel: u8,
    /// How the pixels are decoded: whole, or scaled down while decoding so
    /// that the full-size pixels never exist at once.
    pub decoding: Decoding,
}

/// How [`decode`] turns an image into pixels, known from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decoding {
    /// The full-size pixels are decoded, then scaled down if over
    /// [`MAX_WORKING_SIDE`].
    Whole,
    /// A non-interlaced PNG over [`MAX_WORKING_SIDE`], scaled down row by
    /// row as it is decoded.
    PngRows,
    /// A JPEG decoded at 1/2, 1/4 or 1/8 of its size by the inverse DCT,
    /// then scaled down to the working size.
    JpegScaled {
        /// Width of the decoder's output, in pixels.
        width: u32,
        /// Height of the decoder's output, in pixels.
        height: u32,
        /// Whether the JPEG is progressive: its decoder keeps the
        /// coefficients of the whole image.
        progressive: bool,
    },
}

impl ImageInfo {
    /// Size of the working copy: the longer side at most [`MAX_WORKING_SIDE`].
    pub fn working_size(&self) -> (u32, u32) {
        scaled_size(self.width, self.height, MAX_WORKING_SIDE)
    }

    /// An upper estimate of the memory [`decode`] takes at its peak, in bytes.
    pub fn decode_bytes(&self) -> u64 {
        let (ww, wh) = self.working_size();
        let working = u64::from(ww) * u64::from(wh) * 3;
        let pixels = u64::from(self.width) * u64::from(self.height);
        match self.decoding {
            // The output, per-column sums and one row of input.
            Decoding::PngRows => {
                return working + u64::from(ww) * 16 + u64::from(self.width) * 12;
            }
            // The decoder's planes and output at the scaled size (twice), a
            // turned copy, and for a progressive JPEG the coefficients.
            Decoding::JpegScaled {
                width,
                height,
                progressive,
            } => {
                let scaled = u64::from(width) * u64::from(height);
                let coefficients = if progressive {
                    pixels * JPEG_COEFFICIENT_BYTES
                } else {
                    0
                };
                return scaled * 3 * 3 + coefficients + working;
            }
            Decoding::Whole => {}
        }
        let bpp = u64::from(self.bytes_per_pixel);
        // The decoder's output, a turned copy (EXIF orientation), the
        // conversion to 8-bit RGB (through RGBA when there is alpha).
        let convert = match bpp {
            3 => 0,
            1 | 2 if self.format != ImageFormat::Png => 3,
            _ => 7,
        };
        let mut per_pixel = 2 * bpp + convert;
        if self.format == ImageFormat::Jpeg {
            per_pixel += JPEG_COEFFICIENT_BYTES;
        }
        pixels * per_pixel + working
    }
}

/// Read the header of JPEG, PNG or BMP bytes: format, size and pixel type,
/// with the size checked as [`decode`] checks it. Decodes no pixels.
pub fn probe(bytes: &[u8]) -> Result<ImageInfo, EngineError> {
    let (format, decoder) = open(bytes)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    let long = width.max(height);
    let decoding = match format {
        ImageFormat::Png if long > MAX_WORKING_SIDE && !png_interlaced(bytes) => Decoding::PngRows,
        ImageFormat::Jpeg if long > JPEG_SCALED_FROM => jpeg_scaling(bytes, width, height),
        _ => Decoding::Whole,
    };
    Ok(ImageInfo {
        format,
        width,
        height,
        bytes_per_pixel: decoder.color_type().bytes_per_pixel(),
        decoding,
    })
}

/// The size a JPEG's own decoder gives when asked for no less than the
/// working size: [`Decoding::JpegScaled`] for 8-bit gray or colour JPEGs it
/// can shrink, else [`Decoding::Whole`] (CMYK and 16-bit ones are rare
/// enough to take the general path).
fn jpeg_scaling(bytes: &[u8], width: u32, height: u32) -> Decoding {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let Some(info) = decoder.read_info().ok().and_then(|()| decoder.info()) else {
        return Decoding::Whole;
    };
    if !matches!(
        info.pixel_format,
        jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::RGB24
    ) {
        return Decoding::Whole;
    }
    let (ww, wh) = scaled_size(width, height, MAX_WORKING_SIDE);
    let (Ok(rw), Ok(rh)) = (u16::try_from(ww), u16::try_from(wh)) else {
        return Decoding::Whole;
    };
    match decoder.scale(rw, rh) {
        // Both sides at least the working size's (the decoder promises one).
        Ok((sw, sh)) if u32::from(sw) < width && u32::from(sw) >= ww && u32::from(sh) >= wh => {
            Decoding::JpegScaled {
                width: u32::from(sw),
                height: u32::from(sh),
                progressive: matches!(
                    info.coding_process,
                    jpeg_decoder::CodingProcess::DctProgressive
                ),
            }
        }
        _ => Decoding::Whole,
    }
}

/// Decode JPEG, PNG or BMP bytes into an upright RGB image, honouring the
/// EXIF orientation. Dimensions are checked from the header before the pixels
/// are decoded. An image whose longer side is over [`MAX_WORKING_SIDE`]
/// comes out scaled down to it (the engine reads no finer than that): a
/// non-interlaced PNG row by row as it is decoded, a JPEG over twice the
/// working size at 1/2, 1/4 or 1/8 by its decoder, other images right after.
pub fn decode(bytes: &[u8]) -> Result<RgbImage, EngineError> {
    decode_limited(bytes).map(|(image, _)| image)
}

/// [`decode`], with the size of the upright image as given (before any
/// scaling).
pub(crate) fn decode_limited(bytes: &[u8]) -> Result<(RgbImage, (u32, u32)), EngineError> {
    let info = probe(bytes)?;
    let (_, mut decoder) = open(bytes)?;
    // A broken EXIF block is no reason to refuse the picture.
    let orientation = decoder.orientation().ok();
    let image = match info.decoding {
        Decoding::PngRows => {
            drop(decoder);
            DynamicImage::ImageRgb8(decode_png_scaled(bytes, MAX_WORKING_SIDE)?)
        }
        Decoding::JpegScaled { .. } => {
            drop(decoder);
            DynamicImage::ImageRgb8(decode_jpeg_scaled(bytes)?)
        }
        Decoding::Whole => DynamicImage::from_decoder(decoder).map_err(decode_error)?,
    };
    let mut image = to_rgb(image);
    if let Some((small, _)) = limit_size(&image, MAX_WORKING_SIDE) {
        image = small;
    }
    let mut image = DynamicImage::ImageRgb8(image);
    let mut size = (info.width, info.height);
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
        if turns_sideways(orientation) {
            size = (size.1, size.0);
        }
    }
    Ok((image.into_rgb8(), size))
}

fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

fn decode_error(e: impl std::fmt::Display) -> EngineError {
    EngineError::ImageDecode(e.to_string())
}

/// The format (JPEG, PNG or BMP only) and a decoder that has read the header.
fn open(bytes: &[u8]) -> Result<(ImageFormat, impl ImageDecoder + '_), EngineError> {
    if bytes.is_empty() {
        return Err(EngineError::ImageEmpty);
    }
    let Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Bmp)) =
        image::guess_format(bytes)
    else {
        return Err(EngineError::ImageFormatUnknown);
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    reader.limits(limits);
    Ok((format, reader.into_decoder().map_err(decode_error)?))
}

fn png_interlaced(bytes: &[u8]) -> bool {
    png::Decoder::new(Cursor::new(bytes))
        .read_info()
        .map_or(true, |r| r.info().interlaced)
}

/// `(width, height)` scaled so that the longer side is at most `max_side`;
/// a shorter side never drops below [`MIN_SIDE`] (or its own size, if
/// smaller), so a long thin strip stays an image the engine accepts.
fn scaled_size(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_side {
        return (width, height);
    }
    let scale = max_side as f32 / long as f32;
    let side = |v: u32| {
        ((v as f32 * scale).round() as u32)
            .max(MIN_SIDE.min(v))
            .max(1)
    };
    (side(width), side(height))
}

/// Decode a JPEG at the smallest of its decoder's scales (1/8, 1/4, 1/2)
/// that keeps at least the working size, for 8-bit gray or RGB JPEGs (see
/// [`jpeg_scaling`]). A 7200×7200 JPEG comes out at 3600×3600: 39 MB of
/// pixels instead of 155 MB.
fn decode_jpeg_scaled(bytes: &[u8]) -> Result<RgbImage, EngineError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(MAX_DECODER_ALLOC).unwrap_or(usize::MAX));
    decoder.read_info().map_err(decode_error)?;
    let info = decoder
        .info()
        .ok_or_else(|| decode_error("the JPEG has no frame header"))?;
    let (ww, wh) = scaled_size(
        u32::from(info.width),
        u32::from(info.height),
        MAX_WORKING_SIDE,
    );
    let (rw, rh) = (
        u16::try_from(ww).map_err(decode_error)?,
        u16::try_from(wh).map_err(decode_error)?,
    );
    let (w, h) = decoder.scale(rw, rh).map_err(decode_error)?;
    let pixels = decoder.decode().map_err(decode_error)?;
    let (w, h) = (u32::from(w), u32::from(h));
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&g| [g; 3]).collect(),
        other => {
            return Err(EngineError::ImageDecode(format!(
                "unexpected JPEG pixel format {other:?}"
            )));
        }
    };
    RgbImage::from_raw(w, h, rgb)
        .ok_or_else(|| decode_error("the JPEG decoder gave fewer pixels than its size"))
}

/// Decode a non-interlaced PNG one row at a time into an RGB image whose
/// longer side is at most `max_side`, each output pixel the mean of the
/// input pixels it covers (transparent ones count as white, as on paper).
fn decode_png_scaled(bytes: &[u8], max_side: u32) -> Result<RgbImage, EngineError> {
    let limits = png::Limits {
        bytes: usize::try_from(MAX_DECODER_ALLOC).unwrap_or(usize::MAX),
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(decode_error)?;
    let (width, height) = (reader.info().width, reader.info().height);
    let (nw, nh) = scaled_size(width, height, max_side);
    let (color, _) = reader.output_color_type();
    let channels = color.samples();
    let column: Vec<usize> = (0..width)
        .map(|x| (u64::from(x) * u64::from(nw) / u64::from(width)) as usize)
        .collect();
    let mut out = RgbImage::new(nw, nh);
    let mut sums = vec![[0u32; 4]; nw as usize];
    let mut row_of = |dy: u32, sums: &mut [[u32; 4]]| {
        for (dx, s) in sums.iter_mut().enumerate() {
            let n = s[3].max(1);
            let px = [s[0] / n, s[1] / n, s[2] / n].map(|v| u8::try_from(v).unwrap_or(u8::MAX));
            out.put_pixel(dx as u32, dy, image::Rgb(px));
            *s = [0; 4];
        }
    };
    let mut current = 0u32;
    let mut y = 0u32;
    while let Some(row) = reader.next_row().map_err(decode_error)? {
        let dy = (u64::from(y) * u64::from(nh) / u64::from(height)) as u32;
        if dy != current {
            row_of(current, &mut sums);
            current = dy;
        }
        for (x, px) in row.data().chunks_exact(channels).enumerate() {
            let rgb = png_pixel_rgb(px);
            let s = &mut sums[column[x]];
            for c in 0..3 {
                s[c] += u32::from(rgb[c]);
            }
            s[3] += 1;
        }
        y += 1;
    }
    if y < height {
        return Err(EngineError::ImageDecode(format!(
            "the PNG ends after {y} of {height} rows"
        )));
    }
    row_of(current, &mut sums);
    Ok(out)
}

/// One 8-bit pixel of 1 to 4 samples (gray, gray+alpha, RGB, RGBA) as RGB
/// over white.
fn png_pixel_rgb(px: &[u8]) -> [u8; 3] {
    let (rgb, alpha) = match *px {
        [g] => ([g; 3], 255),
        [g, a] => ([g; 3], a),
        [r, g, b] => ([r, g, b], 255),
        [r, g, b, a, ..] => ([r, g, b], a),
        [] => ([255; 3], 255),
    };
    rgb.map(|c| over_white(c, alpha))
}

fn over_white(c: u8, alpha: u8) -> u8 {
    let (c, a) = (u16::from(c), u16::from(alpha));
    u8::try_from((c * a + 255 * (255 - a)) / 255).unwrap_or(u8::MAX)
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
        for c in 0..3 {
            dst[c] = over_white(src[c], src[3]);
        }
    }
    out
}

/// A copy of `image` whose longer side is at most `max_side`, with the x and y
/// factors that map its coordinates back to `image`'s; `None` when `image` is
/// small enough already.
pub fn limit_size(image: &RgbImage, max_side: u32) -> Option<(RgbImage, [f32; 2])> {
    let (w, h) = image.dimensions();
    if w.max(h) <= max_side {
        return None;
    }
    let (nw, nh) = scaled_size(w, h, max_side);
    let small = image::imageops::thumbnail(image, nw, nh);
    Some((small, [w as f32 / nw as f32, h as f32 / nh as f32]))
}

#[cfg(test)]
mod tests;
