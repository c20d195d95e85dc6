//! The committed certificate photos (tests/fixtures/certificates, rendered by
//! tests/fixtures/gen/certificate.py) read end to end give their expected
//! records: overall field accuracy at least 98%.

#[path = "score.rs"]
mod score;

use regcert_engine::FieldEvidence;

use crate::common::engine;
use score::{Score, certificates_dir, compare, expected, images};

/// Share of expected fields that must come out exactly right.
const MIN_ACCURACY: f64 = 0.98;

#[test]
fn committed_photos_give_their_records() {
    let images = images(&certificates_dir());
    assert!(
        images.len() >= 12,
        "expected at least 12 committed certificate images in {}",
        certificates_dir().display()
    );
    assert_accuracy(&images, MIN_ACCURACY);
}

/// Reads every photo of `images` end to end and checks its evidence, that
/// every field with a value has a confidence, and that the share of expected
/// fields read exactly is at least `floor`.
fn assert_accuracy(images: &[std::path::PathBuf], floor: f64) {
    let mut total = Score::default();
    let mut report = Vec::new();
    for path in images {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cert = engine()
            .read_certificate(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let record = cert.record();
        check_evidence(&name, &cert.fields);
        let got = serde_json::to_value(&record).unwrap_or_default();
        let want = expected(path).unwrap_or_else(|e| panic!("{e}"));
        let score = compare(&got, &want);
        if !score.misses.is_empty() {
            report.push(format!("{name}: {}", score.misses.join("; ")));
        }
        // Every field the engine gave a value for has a confidence.
        for key in want.as_object().into_iter().flat_map(|o| o.keys()) {
            let has_value = got.get(key).is_some_and(|v| !v.is_null());
            if has_value {
                assert!(
                    record.confidence.contains_key(key.as_str()),
                    "{name}: no confidence for {key}"
                );
            }
        }
        total.add(&score);
    }
    assert!(
        total.accuracy() >= floor,
        "field accuracy {:.4} ({}/{}; non-blank values {:.4}) below {floor}; misses:\n{}",
        total.accuracy(),
        total.hits,
        total.total,
        total.printed_accuracy(),
        report.join("\n")
    );
}

/// Field accuracy the committed photos of other layouts (tests/fixtures/
/// layouts: one dev-split photo per kind of tests/layouts/render.py) must
/// keep. A floor against regressions at the level reached (0.81 when it was
/// set), not the engine's target: `make bench-fields` measures that on the
/// whole dev and held-out splits.
const LAYOUTS_FLOOR: f64 = 0.78;

#[test]
fn committed_photos_of_other_layouts_keep_their_accuracy() {
    let dir = certificates_dir().join("../layouts");
    let images = images(&dir);
    assert_eq!(images.len(), 5, "one photo per kind in {}", dir.display());
    assert_accuracy(&images, LAYOUTS_FLOOR);
}

/// Seals of the committed photos of other layouts that must be named right:
/// a floor at the level reached (3 of 5 when it was set).
const SEALS_FLOOR: usize = 3;

#[test]
fn seals_of_other_layouts_are_named_right_or_not_at_all() {
    let dir = certificates_dir().join("../layouts");
    let (mut right, mut report) = (0, Vec::new());
    for path in images(&dir) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let cert = engine()
            .read_certificate(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = expected(&path).unwrap_or_else(|e| panic!("{e}"));
        let want = want.get("issuing_authority").and_then(|v| v.as_str());
        let got = cert.record().issuing_authority;
        match (got.as_deref(), want) {
            (Some(g), Some(w)) if g == w => right += 1,
            // A seal that cannot be named stays empty, never a guess.
            (None, _) => report.push(format!("{name}: not read")),
            (Some(g), w) => panic!("{name}: issuing authority {g:?}, want {w:?}"),
        }
    }
    assert!(
        right >= SEALS_FLOOR,
        "{right} seals named right, below {SEALS_FLOOR}: {report:?}"
    );
}

/// Evidence comes in the API's order, in range, with a place for each value.
fn check_evidence(name: &str, fields: &[FieldEvidence]) {
    assert_eq!(fields.len(), 35, "{name}");
    for (f, label) in fields.iter().zip(regcert_model::Label::ALL) {
        assert_eq!(f.label, label, "{name}");
        assert!((0.0..=1.0).contains(&f.confidence), "{name}: {f:?}");
        if f.text.is_empty() {
            assert!(f.quad.is_none(), "{name}: place without a value: {f:?}");
        } else {
            assert!(f.quad.is_some(), "{name}: value without a place: {f:?}");
        }
    }
}

#[test]
fn photo_without_certificate_gives_empty_fields_not_inventions() {
    // A blank page: every content empty, the response still a success.
    let img = regcert_engine::image::RgbImage::from_pixel(
        400,
        300,
        regcert_engine::image::Rgb([240, 240, 240]),
    );
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, regcert_engine::image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{e}"));
    let cert = engine()
        .read_certificate(bytes.get_ref())
        .unwrap_or_else(|e| panic!("{e}"));
    let record = cert.record();
    assert_eq!(record.vin, None);
    assert_eq!(record.plate_number, None);
    assert!(cert.fields.iter().all(|f| f.text.is_empty()));
    assert_eq!(cert.entries.len(), 35);
    assert!(
        cert.entries
            .iter()
            .all(|e| e.content.as_deref().unwrap_or("").is_empty())
    );
    // No cloud order was placed: the engine makes none up.
    assert_eq!(record.order_id, None);
}
