//! The committed fixture pages are read exactly, whatever their orientation.

use regcert_engine::Engine;

use crate::common::{engine, expected_strings, image_bytes, missing};

/// Read a fixture and check every printed string and the applied rotation.
fn check_fixture(name: &str, rotation: u16) {
    let page = engine()
        .read_page(&image_bytes(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let expected = expected_strings(name);
    let missed = missing(&page, &expected);
    let read: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        missed.is_empty(),
        "{name}: not read: {missed:?}\nread: {read:?}"
    );
    assert_eq!(page.rotation_degrees, rotation, "{name}: rotation");
    for line in &page.lines {
        assert!(
            (0.0..=1.0).contains(&line.score),
            "{name}: score {}",
            line.score
        );
        for [x, y] in line.quad {
            assert!(
                (-1.0..=page.width as f32 + 1.0).contains(&x)
                    && (-1.0..=page.height as f32 + 1.0).contains(&y),
                "{name}: corner ({x}, {y}) outside {}x{}",
                page.width,
                page.height
            );
        }
    }
}

#[test]
fn clean() {
    check_fixture("clean.png", 0);
}

#[test]
fn tilted_plus_3_degrees() {
    check_fixture("tilt_plus3.jpg", 0);
}

#[test]
fn tilted_minus_3_degrees() {
    check_fixture("tilt_minus3.jpg", 0);
}

#[test]
fn blurred() {
    check_fixture("blur.jpg", 0);
}

#[test]
fn heavily_compressed() {
    check_fixture("jpeg_q25.jpg", 0);
}

#[test]
fn sideways_page_is_turned_upright() {
    check_fixture("sideways.jpg", 90);
}

#[test]
fn upside_down_page_is_turned_upright() {
    check_fixture("upside_down.jpg", 180);
}

#[test]
fn lines_come_in_reading_order_with_clockwise_quads() {
    let page = engine()
        .read_page(&image_bytes("clean.png"))
        .expect("clean page");
    let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts.first(), Some(&"机动车登记证书"), "{texts:?}");
    let pos = |t: &str| texts.iter().position(|x| *x == t);
    assert!(pos("车辆类型") < pos("小型轿车") && pos("小型轿车") < pos("车辆品牌"));
    for line in &page.lines {
        let [tl, tr, br, bl] = line.quad;
        assert!(tl[0] < tr[0] && bl[0] < br[0] && tl[1] < bl[1] && tr[1] < br[1]);
    }
}

#[test]
fn quads_of_a_turned_page_start_at_the_text_top_left() {
    let page = engine()
        .read_page(&image_bytes("upside_down.jpg"))
        .expect("upside-down page");
    let title = page
        .lines
        .iter()
        .find(|l| l.text == "机动车登记证书")
        .expect("title read");
    // Upside down, the text's top-left corner is the image's bottom-right one.
    let [first, second, ..] = title.quad;
    assert!(first[0] > second[0], "{:?}", title.quad);
    let upright = page.to_upright(first);
    assert!(upright[1] < page.height as f32 / 4.0, "{upright:?}");
    assert_eq!(page.upright_size(), (page.width, page.height));
}

#[test]
fn exif_orientation_is_honoured() {
    // sideways.jpg needs a quarter turn clockwise; EXIF orientation 6 says
    // exactly that, so the decoded image is upright already.
    let bytes = with_exif_orientation(&image_bytes("sideways.jpg"), 6);
    let page = engine().read_page(&bytes).expect("page with EXIF");
    assert_eq!((page.width, page.height), (1200, 1600));
    assert_eq!(page.rotation_degrees, 0);
    let missed = missing(&page, &expected_strings("sideways.jpg"));
    assert!(missed.is_empty(), "not read: {missed:?}");
}

#[test]
fn decoded_image_variant_reads_the_same() {
    let img = image::load_from_memory(&image_bytes("clean.png"))
        .expect("decode")
        .into_rgb8();
    let lines = engine().read_lines_image(&img).expect("lines");
    let from_bytes = engine()
        .read_lines(&image_bytes("clean.png"))
        .expect("lines");
    assert_eq!(lines, from_bytes);
}

#[test]
fn engine_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    let bytes = image_bytes("jpeg_q25.jpg");
    let results: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| engine().read_lines(&bytes).map(|l| l.len())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread").expect("read"))
            .collect()
    });
    assert_eq!(results[0], results[1]);
}

/// Insert an EXIF APP1 segment holding only an orientation tag right after
/// the JPEG's SOI marker.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes()); // first IFD offset
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes()); // count
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff);
    let len = u16::try_from(payload.len() + 2).expect("short segment");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}
