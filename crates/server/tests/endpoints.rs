//! Successful recognitions through both endpoints.

use regcert_model::Severity;
use regcert_server::{Config, sandbox_entries};

use crate::support::*;

fn assert_sandbox_record(reply: &Reply) {
    assert_success(reply);
    let record = regcert_model::parse(&reply.body).expect("a record");
    let errors: Vec<_> = record
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(record.vin.as_deref(), Some("LSXSL2C29PA000001"));
    assert_eq!(record.plate_number.as_deref(), Some("京AD0001"));
    let json = reply.json();
    assert_eq!(json["result"]["res"].as_array().map(Vec::len), Some(35));
}

#[tokio::test]
async fn query_endpoint_answers_the_sandbox_record() {
    let server = start(config()).await;
    let reply = query(&server, KEY, &jpeg(b"any image")).await;
    assert_sandbox_record(&reply);
    server.shutdown().await;
}

#[tokio::test]
async fn verify_endpoint_answers_the_sandbox_record() {
    let server = start(config()).await;
    let reply = verify(&server, Some(KEY), Some(&jpeg(b"any image"))).await;
    assert_sandbox_record(&reply);
}

#[tokio::test]
async fn order_ids_are_fresh() {
    let server = start(config()).await;
    let a = assert_success(&query(&server, KEY, &jpeg(b"1")).await);
    let b = assert_success(&verify(&server, Some(KEY), Some(&jpeg(b"1"))).await);
    assert_ne!(a, b);
}

#[test]
fn sandbox_entries_are_all_labels_in_api_order() {
    let descs: Vec<String> = sandbox_entries()
        .into_iter()
        .filter_map(|e| e.desc)
        .collect();
    let expected: Vec<&str> = regcert_model::Label::ALL
        .iter()
        .map(|l| l.api_label())
        .collect();
    assert_eq!(descs, expected);
}

#[tokio::test]
async fn base64_with_plus_slash_and_padding_survives_form_encoding() {
    // Bytes whose base64 has '+', '/' and '=' (reqwest percent-encodes them).
    let mut image = jpeg(&(0u8..=255).collect::<Vec<_>>());
    image.push(0);
    let text = b64(&image);
    assert!(text.contains('+') && text.contains('/') && text.ends_with('='));
    // The recognizer fails unless it gets exactly the image's bytes.
    let server = start(Config {
        recognizer: Some(std::sync::Arc::new(Exactly(image))),
        ..config()
    })
    .await;
    assert_success(&form(&server, &[("key", KEY), ("file", &text)]).await);
    // URL-safe alphabet, no padding, line breaks: still the same image.
    let url_safe = text.replace('+', "-").replace('/', "_").replace('=', "");
    let wrapped = format!("{}\r\n{}", &text[..8], &text[8..]);
    for variant in [url_safe, wrapped] {
        assert_success(&form(&server, &[("key", KEY), ("file", &variant)]).await);
    }
}

/// A 20 MB image (bytes of every value, so base64 uses all 64 characters).
fn big_image() -> Vec<u8> {
    let mut image = jpeg(b"");
    image.extend((0..20_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    image
}

#[tokio::test]
async fn a_20_mb_image_passes_both_endpoints_with_the_default_limit() {
    let image = big_image();
    let server = start(Config {
        recognizer: Some(std::sync::Arc::new(Exactly(image.clone()))),
        ..config()
    })
    .await;
    assert_success(&query(&server, KEY, &image).await);
    assert_success(&verify(&server, Some(KEY), Some(&image)).await);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_an_api_shaped_body() {
    let server = start(Config {
        max_upload_bytes: 1024 * 1024,
        ..config()
    })
    .await;
    let image = jpeg(&vec![7u8; 2 * 1024 * 1024]);
    for reply in [
        query(&server, KEY, &image).await,
        verify(&server, Some(KEY), Some(&image)).await,
    ] {
        assert_eq!(reply.status, 413);
        let json = reply.json();
        assert_eq!(json["error_code"].as_i64(), Some(270903));
        assert!(json["result"].is_null());
    }
    // Just under the limit is read.
    assert_success(&verify(&server, Some(KEY), Some(&jpeg(&[1u8; 1000]))).await);
}

#[tokio::test]
async fn a_recognizer_replaces_the_sandbox() {
    struct Fixed;
    impl regcert_server::Recognizer for Fixed {
        fn recognize(
            &self,
            image: &[u8],
        ) -> Result<Vec<regcert_model::Entry>, regcert_server::RecognizeError> {
            if image.ends_with(b"fail") {
                return Err(regcert_server::RecognizeError::Failed("cannot read".into()));
            }
            Ok(vec![regcert_model::Entry::new("轴数", "3")])
        }
    }
    let server = start(Config {
        recognizer: Some(std::sync::Arc::new(Fixed)),
        ..config()
    })
    .await;
    let reply = query(&server, KEY, &jpeg(b"ok")).await;
    assert_success(&reply);
    assert_eq!(
        regcert_model::parse(&reply.body)
            .expect("record")
            .axle_count,
        Some(3)
    );
    let reply = verify(&server, Some(KEY), Some(&jpeg(b"fail"))).await;
    assert_api_error(&reply, regcert_model::ErrorCode::RecognitionFailed);
}

#[tokio::test]
async fn an_image_the_estimate_refuses_is_270903_and_never_recognized() {
    #[derive(Default)]
    struct NoHeader(std::sync::atomic::AtomicU32);
    impl regcert_server::Recognizer for NoHeader {
        fn recognize(
            &self,
            _: &[u8],
        ) -> Result<Vec<regcert_model::Entry>, regcert_server::RecognizeError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(regcert_server::sandbox_entries())
        }
        fn memory_estimate(&self, _: &[u8]) -> Result<u64, regcert_server::RecognizeError> {
            Err(regcert_server::RecognizeError::Image("no header".into()))
        }
    }
    let recognizer = std::sync::Arc::new(NoHeader::default());
    let server = start(Config {
        recognizer: Some(recognizer.clone()),
        ..config()
    })
    .await;
    assert_api_error(
        &verify(&server, Some(KEY), Some(&jpeg(b"x"))).await,
        regcert_model::ErrorCode::RecognitionFailed,
    );
    assert_eq!(recognizer.0.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[test]
fn background_server_serves_blocking_callers_and_stops_on_drop() {
    let server =
        regcert_server::BackgroundServer::start("127.0.0.1:0".parse().expect("addr"), config())
            .expect("starts");
    let addr = server.local_addr();
    assert_eq!(server.url(), format!("http://{addr}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let reply = runtime.block_on(async {
        let response = http()
            .post(format!("{}/verify_cardjz_certificate/query", server.url()))
            .form(&[("key", KEY), ("file", &b64(&jpeg(b"x")))])
            .send()
            .await
            .expect("sent");
        read(response).await.expect("read")
    });
    assert_success(&reply);
    drop(server);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still listening"
    );
}

#[tokio::test]
async fn config_debug_hides_the_keys() {
    let debug = format!("{:?}", config());
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("1 redacted"), "{debug}");
}
