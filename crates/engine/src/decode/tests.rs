//! Decoding checked against full decodes, and bad bytes refused.

use super::*;

/// A `width`×`height` 16-bit RGBA PNG: a gradient, half transparent on
/// its right half.
fn png16(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Sixteen);
        let mut writer = encoder.write_header().unwrap();
        let data: Vec<u8> = (0..height)
            .flat_map(|y| {
                (0..width).flat_map(move |x| {
                    let v = ((x * 7 + y * 3) % 65_536) as u16;
                    let a: u16 = if x < width / 2 { 0xFFFF } else { 0x8000 };
                    [v, 0x4000, 0xFFFF - v, a].map(u16::to_be_bytes).concat()
                })
            })
            .collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

#[test]
fn a_large_png_is_scaled_while_decoding_like_a_full_decode() {
    let bytes = png16(3000, 120);
    let info = probe(&bytes).unwrap();
    assert_eq!(info.decoding, Decoding::PngRows);
    assert_eq!(
        (info.width, info.height, info.bytes_per_pixel),
        (3000, 120, 8)
    );
    assert_eq!(info.working_size(), (2400, 96));
    let full_decode = 3000 * 120 * 8;
    assert!(info.decode_bytes() < full_decode, "{}", info.decode_bytes());

    let (streamed, size) = decode_limited(&bytes).unwrap();
    assert_eq!(size, (3000, 120));
    assert_eq!(streamed.dimensions(), (2400, 96));
    let full = to_rgb(image::load_from_memory(&bytes).unwrap());
    let (reference, _) = limit_size(&full, MAX_WORKING_SIDE).unwrap();
    let worst = streamed
        .pixels()
        .zip(reference.pixels())
        .flat_map(|(a, b)| (0..3).map(move |c| a[c].abs_diff(b[c])))
        .max()
        .unwrap();
    assert!(worst <= 24, "largest difference {worst}");
    let mean = |img: &RgbImage| img.pixels().map(|p| u64::from(p[1])).sum::<u64>() / 2400 / 96;
    assert!(mean(&streamed).abs_diff(mean(&reference)) <= 1);
}

#[test]
fn a_small_png_is_decoded_whole() {
    let small = png16(300, 40);
    let info = probe(&small).unwrap();
    assert_eq!(info.decoding, Decoding::Whole);
    assert!(info.decode_bytes() >= 300 * 40 * 8);
    assert_eq!(decode(&small).unwrap().dimensions(), (300, 40));
}

/// A `width`×`height` JPEG of a gradient, as `kind` (colour or gray).
fn jpeg(width: u32, height: u32, gray: bool) -> Vec<u8> {
    let rgb = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x / 20 % 256) as u8, (y * 2 % 256) as u8, 128])
    });
    let image = if gray {
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(rgb).into_luma8())
    } else {
        DynamicImage::ImageRgb8(rgb)
    };
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    out
}

#[test]
fn a_large_jpeg_is_decoded_at_a_fraction_of_its_size_like_a_full_decode() {
    for gray in [false, true] {
        let bytes = jpeg(5000, 200, gray);
        let info = probe(&bytes).unwrap();
        assert_eq!(
            info.decoding,
            Decoding::JpegScaled {
                width: 2500,
                height: 100,
                progressive: false
            },
            "gray {gray}"
        );
        let full_decode = 5000 * 200 * (2 * u64::from(info.bytes_per_pixel) + 6);
        assert!(info.decode_bytes() < full_decode, "{}", info.decode_bytes());

        let (scaled, size) = decode_limited(&bytes).unwrap();
        assert_eq!(size, (5000, 200));
        assert_eq!(scaled.dimensions(), (2400, 96));
        let full = to_rgb(image::load_from_memory(&bytes).unwrap());
        let (reference, _) = limit_size(&full, MAX_WORKING_SIDE).unwrap();
        let mean_difference = scaled
            .pixels()
            .zip(reference.pixels())
            .flat_map(|(a, b)| (0..3).map(move |c| u64::from(a[c].abs_diff(b[c]))))
            .sum::<u64>()
            / (2400 * 96 * 3);
        assert!(mean_difference <= 3, "gray {gray}: {mean_difference}");
    }
}

#[test]
fn a_jpeg_the_decoder_cannot_shrink_enough_is_decoded_whole() {
    let bytes = jpeg(4000, 100, false);
    assert_eq!(probe(&bytes).unwrap().decoding, Decoding::Whole);
    assert_eq!(decode(&bytes).unwrap().dimensions(), (2400, 60));
}

#[test]
fn a_truncated_large_jpeg_is_a_decode_error_or_a_picture_never_a_panic() {
    let bytes = jpeg(5000, 200, false);
    for cut in [bytes.len() / 2, 700, 200] {
        match decode(&bytes[..cut]) {
            Ok(image) => assert_eq!(image.dimensions(), (2400, 96)),
            Err(e) => assert!(
                matches!(
                    e,
                    EngineError::ImageDecode(_) | EngineError::ImageFormatUnknown
                ),
                "{e:?}"
            ),
        }
    }
}

#[test]
fn a_long_thin_image_keeps_the_smallest_side() {
    // 8216×18 scaled to 2400 wide would be 5 pixels high.
    assert_eq!(scaled_size(8216, 18, MAX_WORKING_SIDE), (2400, MIN_SIDE));
    assert_eq!(scaled_size(18, 8216, MAX_WORKING_SIDE), (MIN_SIDE, 2400));
    assert_eq!(scaled_size(9000, 10, MAX_WORKING_SIDE), (2400, 10));
    for bytes in [jpeg(8216, 18, false), png16(8216, 18)] {
        let image = decode(&bytes).unwrap();
        assert_eq!(image.dimensions(), (2400, MIN_SIDE));
    }
}

#[test]
fn a_truncated_png_is_a_decode_error() {
    let bytes = png16(3000, 120);
    let cut = &bytes[..bytes.len() / 2];
    assert!(matches!(decode(cut), Err(EngineError::ImageDecode(_))));
}
