//! Successful recognitions through both endpoints.

use regcert_client::{Endpoint, Image};
use regcert_model::Entry;
use regcert_model::Response;
use regcert_server::Config;

use crate::support::{BOTH, client, config, jpeg, server};

#[tokio::test]
async fn both_endpoints_return_the_sandbox_record() {
    let server = server(config()).await;
    for endpoint in BOTH {
        let found = client(&server, endpoint)
            .recognize(Image::from_bytes(jpeg(2048, 1)))
            .await
            .unwrap_or_else(|e| panic!("{endpoint:?}: {e}"));
        let order = found.order_id.clone().expect("order id");
        assert!(order.starts_with("JH"), "{order}");
        assert_eq!(found.record.order_id.as_deref(), Some(order.as_str()));
        assert_eq!(found.attempts, 1);
        let entries = &found.response.result.as_ref().expect("result").res;
        assert_eq!(entries, &regcert_server::sandbox_entries());
        assert!(found.record.vin.is_some(), "{endpoint:?}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn order_ids_are_fresh() {
    let server = server(config()).await;
    let c = client(&server, Endpoint::Auto);
    let a = c.recognize(Image::from_bytes(jpeg(100, 2))).await.unwrap();
    let b = c.recognize(Image::from_bytes(jpeg(100, 2))).await.unwrap();
    assert_ne!(a.order_id, b.order_id);
    server.shutdown().await;
}

/// Bytes whose base64 has `+`, `/` and `=`: the server answers the fixture
/// only when it decodes exactly these bytes back. (The server reads a space
/// as `+`, as lenient decoders do, so the exact escaping is checked by the
/// unit tests of the body encoder.)
#[tokio::test]
async fn base64_specials_survive_the_form_encoding() {
    let mut image = jpeg(64, 3);
    image.extend_from_slice(&[0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF, 0x3E, 0xFF, 0xD9]);
    image.push(0x01); // length not a multiple of 3: "=" padding
    let b64 = base64_of(&image);
    assert!(
        b64.contains('+') && b64.contains('/') && b64.ends_with('='),
        "{b64}"
    );

    let dir = fixture_dir("specials");
    std::fs::write(dir.join("specials.jpg"), &image).unwrap();
    let fixture = Response::success(vec![Entry::new("车辆品牌", "FIXTURE-BRAND")], "JH0");
    std::fs::write(
        dir.join("specials.json"),
        serde_json::to_vec(&fixture).unwrap(),
    )
    .unwrap();
    let server = server(Config {
        fixtures: Some(dir),
        ..config()
    })
    .await;
    for endpoint in BOTH {
        let found = client(&server, endpoint)
            .recognize(Image::from_bytes(image.clone()))
            .await
            .unwrap();
        assert_eq!(
            found.record.brand.as_deref(),
            Some("FIXTURE-BRAND"),
            "{endpoint:?}"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn twenty_megabytes_through_both_endpoints() {
    let server = server(config()).await;
    let image = bytes::Bytes::from(jpeg(20 * 1000 * 1000, 4));
    for endpoint in BOTH {
        let found = client(&server, endpoint)
            .recognize(Image::from_bytes(image.clone()))
            .await
            .unwrap_or_else(|e| panic!("{endpoint:?}: {e}"));
        assert_eq!(found.attempts, 1);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn auto_sends_large_images_multipart() {
    // With a body limit the base64 form of the image exceeds but its bytes do
    // not, only the multipart endpoint can succeed.
    let server = server(Config {
        max_upload_bytes: 60_000,
        ..config()
    })
    .await;
    let image = Image::from_bytes(jpeg(50_000, 5));
    let auto = crate::support::builder(&server)
        .verify_threshold(10_000)
        .build()
        .unwrap();
    assert!(auto.recognize(image.clone()).await.is_ok());
    let err = client(&server, Endpoint::Query)
        .recognize(image.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(err, regcert_client::Error::Http { status: 413, .. }),
        "{err}"
    );
    let small_first = crate::support::builder(&server)
        .verify_threshold(100_000)
        .build()
        .unwrap();
    assert!(small_first.recognize(image).await.is_err());
    server.shutdown().await;
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A fresh folder under the test target's scratch space.
pub fn fixture_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("regcert-client-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
