//! Canned answers matched by the image's content.

use std::path::PathBuf;

use regcert_model::ErrorCode;
use regcert_server::{Config, FixtureError, Server, ServerError};

use crate::support::*;

/// A fresh, empty folder under cargo's temporary directory for tests.
fn folder(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("regcert-server-fixtures")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const SEDAN: &str = include_str!("../../model/tests/fixtures/sedan-clean.json");

#[tokio::test]
async fn a_fixture_is_matched_by_content_and_gets_a_fresh_orderid() {
    let dir = folder("match");
    let sedan = jpeg(b"sedan");
    std::fs::write(dir.join("sedan.jpg"), &sedan).expect("write");
    std::fs::write(dir.join("sedan.json"), SEDAN).expect("write");
    let refused = jpeg(b"refused");
    std::fs::write(dir.join("refused.png"), &refused).expect("write");
    std::fs::write(
        dir.join("refused.json"),
        r#"{"reason":"识别失败","result":null,"error_code":270903}"#,
    )
    .expect("write");
    std::fs::write(dir.join("orphan.jpg"), jpeg(b"orphan")).expect("write");
    let server = start(Config {
        fixtures: Some(dir),
        ..config()
    })
    .await;

    let stored: serde_json::Value = serde_json::from_str(SEDAN).expect("json");
    for reply in [
        query(&server, KEY, &sedan).await,
        verify(&server, Some(KEY), Some(&sedan)).await,
    ] {
        let orderid = assert_success(&reply);
        assert_ne!(Some(orderid.as_str()), stored["result"]["orderid"].as_str());
        let mut json = reply.json();
        json["result"]["orderid"] = stored["result"]["orderid"].clone();
        assert_eq!(json, stored);
    }
    let reply = query(&server, KEY, &refused).await;
    assert_api_error(&reply, ErrorCode::RecognitionFailed);
    // Same name, other bytes: the sandbox record.
    let reply = query(&server, KEY, &jpeg(b"sedan!")).await;
    assert_success(&reply);
    assert_eq!(reply.json()["result"]["res"][4]["content"], "京A·D0001");
}

#[tokio::test]
async fn a_bad_fixture_is_a_startup_error_naming_the_file() {
    let dir = folder("bad");
    std::fs::write(dir.join("broken.jpg"), jpeg(b"b")).expect("write");
    std::fs::write(dir.join("broken.json"), "{\"reason\": ").expect("write");
    let config = Config {
        fixtures: Some(dir),
        ..config()
    };
    let err = Server::bind("127.0.0.1:0".parse().expect("addr"), config)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("broken.json"), "{err}");
    assert!(
        matches!(err, ServerError::Fixtures(FixtureError::Json { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_fixture_folder_is_a_startup_error() {
    let config = Config {
        fixtures: Some(folder("missing").join("nope")),
        ..config()
    };
    let err = Server::bind("127.0.0.1:0".parse().expect("addr"), config)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("nope"), "{err}");
    let Some(ServerError::Fixtures(FixtureError::Io { source, .. })) = Some(&err) else {
        panic!("{err:?}")
    };
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
}

#[tokio::test]
async fn the_repository_samples_load_and_answer_their_images() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/samples");
    let server = start(Config {
        fixtures: Some(dir.clone()),
        ..config()
    })
    .await;
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("samples folder") {
        let image = entry.expect("entry").path();
        let json = image.with_extension("json");
        if image.extension().is_some_and(|e| e == "json" || e == "py") || !json.is_file() {
            continue;
        }
        let bytes = std::fs::read(&image).expect("image");
        let stored: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("valid");
        let mut answer = verify(&server, Some(KEY), Some(&bytes)).await.json();
        answer["result"]["orderid"] = stored["result"]["orderid"].clone();
        assert_eq!(answer, stored, "{}", image.display());
        seen += 1;
    }
    assert!(seen >= 3, "{seen} samples");
}
