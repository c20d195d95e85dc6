//! Bad input gives a typed error or an empty result, never a panic.

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};
use regcert_engine::EngineError;

use crate::common::{engine, image_bytes};

fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `width` x `height` but whose data is tiny.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = encode(&RgbImage::new(1, 1), ImageFormat::Png);
    // IHDR data starts after the 8-byte signature, length and type.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn empty_input() {
    assert!(matches!(
        engine().read_lines(&[]),
        Err(EngineError::ImageEmpty)
    ));
}

#[test]
fn not_an_image() {
    let err = engine()
        .read_lines(b"%PDF-1.7 certainly not a photo")
        .unwrap_err();
    assert!(matches!(err, EngineError::ImageFormatUnknown), "{err}");
    let err = engine().read_lines(b"GIF89a\x01\x00\x01\x00").unwrap_err();
    assert!(matches!(err, EngineError::ImageFormatUnknown), "{err}");
}

#[test]
fn truncated_images() {
    for name in ["clean.png", "blur.jpg"] {
        let bytes = image_bytes(name);
        for cut in [8, 100, bytes.len() / 2] {
            match engine().read_lines(&bytes[..cut]) {
                Err(EngineError::ImageDecode(_) | EngineError::ImageFormatUnknown) => {}
                // A decoder may fill the missing part; that is fine too.
                Ok(_) => {}
                Err(other) => panic!("{name} cut at {cut}: unexpected {other}"),
            }
        }
    }
}

#[test]
fn one_pixel_image() {
    let bytes = encode(&RgbImage::new(1, 1), ImageFormat::Png);
    let err = engine().read_lines(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            EngineError::ImageTooSmall {
                width: 1,
                height: 1,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn huge_image_is_refused_from_its_header() {
    let err = engine()
        .read_lines(&png_claiming(10_000, 10_000))
        .unwrap_err();
    assert!(
        matches!(
            err,
            EngineError::ImageTooLarge {
                width: 10_000,
                height: 10_000,
                ..
            }
        ),
        "{err}"
    );
    // A huge BMP header, no pixel data.
    let mut bmp = encode(&RgbImage::new(2, 2), ImageFormat::Bmp);
    bmp[18..22].copy_from_slice(&10_000i32.to_le_bytes());
    bmp[22..26].copy_from_slice(&10_000i32.to_le_bytes());
    let err = engine().read_lines(&bmp).unwrap_err();
    assert!(matches!(err, EngineError::ImageTooLarge { .. }), "{err}");
}

#[test]
fn tiny_decoded_image_is_refused() {
    let img = RgbImage::new(3, 400);
    let err = engine().read_lines_image(&img).unwrap_err();
    assert!(matches!(err, EngineError::ImageTooSmall { .. }), "{err}");
}

#[test]
fn all_white_page_reads_nothing() {
    let img = RgbImage::from_pixel(1200, 1600, Rgb([255, 255, 255]));
    for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Bmp] {
        let page = engine()
            .read_page(&encode(&img, format))
            .expect("white page");
        assert!(page.lines.is_empty(), "{format:?}: {:?}", page.lines);
        assert_eq!(page.rotation_degrees, 0);
    }
}

#[test]
fn big_photo_is_scaled_down_and_still_read() {
    // A 2x upscale of a fixture: above the working size, so it is shrunk
    // first; the quads still come back in the big image's coordinates.
    let img = image::load_from_memory(&image_bytes("clean.png"))
        .expect("decode")
        .into_rgb8();
    let big = image::imageops::resize(&img, 2400, 3200, image::imageops::FilterType::Triangle);
    let page = engine().read_page_image(&big).expect("big page");
    assert_eq!((page.width, page.height), (2400, 3200));
    let title = page
        .lines
        .iter()
        .find(|l| l.text == "机动车登记证书")
        .expect("title read");
    assert!(title.quad[1][0] > 1400.0, "{:?}", title.quad);
}

#[test]
fn errors_of_bad_input_say_what_is_wrong() {
    let err = engine().read_lines(&[]).unwrap_err().to_string();
    assert!(err.contains("empty"), "{err}");
    let err = engine()
        .read_lines(&png_claiming(10_000, 10_000))
        .unwrap_err()
        .to_string();
    assert!(err.contains("10000x10000"), "{err}");
}
