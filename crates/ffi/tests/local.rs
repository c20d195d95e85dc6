//! regcert_client_new_local: the offline engine with the real models
//! (`make models`) behind the same recognize calls.

use std::path::PathBuf;

use regcert::*;

use crate::support::{Client, PNG, last_message};

fn photo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/certificates/sedan-p2-clean.jpg")
}

#[test]
fn a_local_client_reads_a_photo_with_no_key() {
    let client = Client::new_local(None).unwrap_or_else(|s| panic!("{s:?}: {}", last_message()));
    // Settings of the API client are accepted and change nothing.
    assert_eq!(client.set_timeout_ms(1), regcert_status::Ok);
    assert_eq!(client.set_retry_attempts(5), regcert_status::Ok);
    let record = client.recognize_file(&photo()).unwrap();
    assert_eq!(record.get("vin").as_deref(), Some("LSLAB2C12KA000101"));
    // An offline reading places no cloud order: none is made up.
    assert_eq!(record.get("order_id"), None);
    let json: serde_json::Value = serde_json::from_str(&record.json()).unwrap();
    let confidence = json["confidence"].as_object().unwrap();
    assert!(
        confidence["vin"]
            .as_f64()
            .is_some_and(|c| c > 0.0 && c <= 1.0)
    );

    assert_eq!(
        client.recognize_bytes(b"").err(),
        Some(regcert_status::InvalidImage)
    );
    // A PNG too small to read text in: the engine's own failure.
    assert_eq!(
        client.recognize_bytes(PNG).err(),
        Some(regcert_status::Local)
    );
    assert!(last_message().contains("too small"), "{}", last_message());
}

#[test]
fn missing_models_are_their_own_status() {
    let dir = std::env::temp_dir().join("regcert-ffi-no-models");
    let status = Client::new_local(dir.to_str()).err();
    assert_eq!(status, Some(regcert_status::Models));
    let message = last_message();
    assert!(message.contains("regcert models fetch"), "{message}");
}
