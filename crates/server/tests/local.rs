//! A server answering with the offline engine (`EngineRecognizer`, the
//! models of `make models`): real recognitions in the API's shape.

use std::path::PathBuf;
use std::sync::Arc;

use regcert_model::ErrorCode;
use regcert_server::{Config, EngineRecognizer};

use crate::support::{KEY, assert_api_error, assert_success, config, jpeg, start, verify};

#[tokio::test]
async fn answers_with_what_the_engine_reads() {
    let recognizer = EngineRecognizer::load(None).unwrap_or_else(|e| panic!("{e}"));
    let engine = Arc::clone(recognizer.engine());
    let server = start(Config {
        recognizer: Some(Arc::new(recognizer)),
        ..config()
    })
    .await;
    let photo = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/certificates/ev-both-small.jpg"),
    )
    .unwrap();

    let reply = verify(&server, Some(KEY), Some(&photo)).await;
    assert_success(&reply);
    let direct = engine.read_certificate(&photo).unwrap();
    let want = serde_json::to_value(direct.entries).unwrap();
    assert_eq!(reply.json()["result"]["res"], want);

    // Keys are checked as before; an image the engine cannot decode is 270903.
    assert_api_error(
        &verify(&server, Some("wrong"), Some(&photo)).await,
        ErrorCode::InvalidKey,
    );
    assert_api_error(
        &verify(&server, Some(KEY), Some(&jpeg(b"not really"))).await,
        ErrorCode::RecognitionFailed,
    );
    server.shutdown().await;
}

#[test]
fn missing_models_say_how_to_get_them() {
    let err =
        EngineRecognizer::load(Some(&std::env::temp_dir().join("regcert-no-models"))).unwrap_err();
    assert!(err.to_string().contains("regcert models fetch"), "{err}");
}
