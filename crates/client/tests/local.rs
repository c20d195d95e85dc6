//! The local backend: the offline engine with the real models (`make
//! models`, or `$REGCERT_MODELS`) on a committed certificate photo; no server, no network.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use futures_util::StreamExt as _;
use regcert_client::regcert_engine::Engine;
use regcert_client::{Client, Error, Image, InvalidImage, blocking};

use crate::support::{assert_refuses_bad_images, jpeg};

/// The engine, loaded once for every test here.
fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    Arc::clone(ENGINE.get_or_init(|| match Engine::from_dir(models_dir()) {
        Ok(engine) => Arc::new(engine),
        Err(e) => panic!("{e}"),
    }))
}

/// The folder of the real models: `$REGCERT_MODELS`, else the repository's
/// `models/` (`make models`).
fn models_dir() -> PathBuf {
    match std::env::var_os("REGCERT_MODELS").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models"),
    }
}

fn photo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/certificates/sedan-p2-clean.jpg")
}

#[tokio::test]
async fn reads_a_photo_as_the_engine_does() {
    let client = Client::local(engine());
    assert!(client.is_local());
    let found = client
        .recognize(Image::from_path(photo()).unwrap())
        .await
        .unwrap();
    let direct = engine()
        .read_certificate(&std::fs::read(photo()).unwrap())
        .unwrap();
    assert_eq!(found.record, direct.record());
    assert_eq!(found.response.result.as_ref().unwrap().res, direct.entries);
    assert_eq!(found.attempts, 1);
    // No cloud order exists for an offline reading: none is made up.
    assert_eq!(found.order_id, None);
    assert_eq!(found.record.order_id, None);
    assert_eq!(found.response.result.as_ref().unwrap().orderid, None);
    assert_eq!(found.record.vin.as_deref(), Some("LSLAB2C12KA000101"));
    assert!(found.record.confidence.contains_key("vin"));
    assert!(
        found
            .record
            .confidence
            .values()
            .all(|c| (0.0..=1.0).contains(c))
    );
}

#[tokio::test]
async fn refuses_images_as_the_http_client_does() {
    let client = Client::builder()
        .local_engine(engine())
        .max_image_bytes(1000)
        .build()
        .unwrap();
    assert_refuses_bad_images(&client).await;
    // Bytes that look like a JPEG but do not decode: the engine's error.
    let err = client
        .recognize(Image::from_bytes(jpeg(1000, 1)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "local", "{err}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn many_keep_their_index() {
    let client = Client::local(engine());
    let images = vec![
        Image::from_bytes(Vec::new()),
        Image::from_path(photo()).unwrap(),
        Image::from_bytes(jpeg(100, 3)),
    ];
    let mut results: Vec<_> = client.recognize_many(images, 2).collect().await;
    results.sort_by_key(|(i, _)| *i);
    let kinds: Vec<_> = results
        .iter()
        .map(|(_, r)| r.as_ref().map_or_else(Error::kind, |_| "ok"))
        .collect();
    assert_eq!(kinds, ["invalid_image", "ok", "local"]);
}

#[test]
fn blocking_local_needs_no_key() {
    let client = blocking::Client::local(engine()).unwrap();
    let found = client
        .recognize(Image::from_path(photo()).unwrap())
        .unwrap();
    assert_eq!(found.attempts, 1);
    assert!(!found.record.confidence.is_empty());
    assert!(format!("{client:?}").contains("local"));
}

#[test]
fn builder_loads_models_from_a_folder() {
    let dir = models_dir();
    let client = blocking::Client::builder()
        .local_models(dir)
        .key("ignored")
        .base_url("not a url: ignored by a local client")
        .build()
        .unwrap();
    assert!(client.as_async().is_local());
    let err = client.recognize(Image::from_bytes(Vec::new())).unwrap_err();
    assert!(matches!(err, Error::InvalidImage(InvalidImage::Empty)));
}
