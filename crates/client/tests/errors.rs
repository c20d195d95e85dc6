//! Every answer the server can give that is not a success, each mapped to
//! the right client error.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use regcert_client::{Client, Endpoint, Error, Image, RetryPolicy};
use regcert_model::Entry;
use regcert_model::ErrorCode;
use regcert_server::{Config, RecognizeError, Recognizer};

use crate::support::{BOTH, builder, client, config, jpeg, run, server};

/// Counts its calls and fails each one (the server answers 270903).
#[derive(Default)]
struct Failing(AtomicU32);

impl Recognizer for Failing {
    fn recognize(&self, _image: &[u8]) -> Result<Vec<Entry>, RecognizeError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(RecognizeError::Image("unreadable".into()))
    }
}

/// Retries so slow that any retry would blow the bound of the assertion.
fn slow_retry() -> RetryPolicy {
    RetryPolicy::new(3, Duration::from_secs(20), Duration::from_secs(20))
}

#[tokio::test]
async fn wrong_key_is_10001_and_not_retried() {
    let server = server(config()).await;
    for endpoint in BOTH {
        let c = Client::builder()
            .key("not-a-key")
            .base_url(server.url())
            .endpoint(endpoint)
            .retry(slow_retry())
            .build()
            .unwrap();
        let started = Instant::now();
        let err = c
            .recognize(Image::from_bytes(jpeg(300, 1)))
            .await
            .unwrap_err();
        assert_eq!(
            err.api_code(),
            Some(ErrorCode::InvalidKey),
            "{endpoint:?}: {err}"
        );
        assert_eq!(err.api_code(), Some(ErrorCode::InvalidKey));
        assert!(!err.is_retryable());
        // A retry would first sleep at least 10 s (half the jittered delay).
        assert!(started.elapsed() < Duration::from_secs(8));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn failed_recognition_is_270903_after_one_try() {
    let failing = Arc::new(Failing::default());
    let server = server(Config {
        recognizer: Some(failing.clone()),
        ..config()
    })
    .await;
    for endpoint in BOTH {
        let err = run(
            builder(&server).endpoint(endpoint),
            Image::from_bytes(jpeg(300, 2)),
        )
        .await
        .unwrap_err();
        assert_eq!(err.api_code(), Some(ErrorCode::RecognitionFailed), "{err}");
    }
    assert_eq!(failing.0.load(Ordering::SeqCst), 2, "one try per endpoint");
    server.shutdown().await;
}

#[tokio::test]
async fn quota_is_10012() {
    let server = server(Config {
        quota_per_key: Some(1),
        ..config()
    })
    .await;
    let c = client(&server, Endpoint::Verify);
    c.recognize(Image::from_bytes(jpeg(300, 3))).await.unwrap();
    let err = c
        .recognize(Image::from_bytes(jpeg(300, 3)))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::QuotaExceeded), "{err}");
    assert!(!err.is_retryable());
    server.shutdown().await;
}

#[tokio::test]
async fn ip_rate_limit_is_10011_and_retryable() {
    let server = server(Config {
        qps_per_client: Some(1),
        ..config()
    })
    .await;
    let c = builder(&server).retry(RetryPolicy::none()).build().unwrap();
    c.recognize(Image::from_bytes(jpeg(300, 4))).await.unwrap();
    let err = c
        .recognize(Image::from_bytes(jpeg(300, 4)))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(ErrorCode::IpRateLimited), "{err}");
    assert!(err.is_retryable());
    // With retries spaced beyond the one-second window, it goes through.
    let patient = builder(&server)
        .retry(RetryPolicy::new(
            4,
            Duration::from_millis(600),
            Duration::from_millis(1200),
        ))
        .build()
        .unwrap();
    let found = patient
        .recognize(Image::from_bytes(jpeg(300, 4)))
        .await
        .unwrap();
    assert!(found.attempts >= 2, "{}", found.attempts);
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_path_is_http_404() {
    let server = server(config()).await;
    let c = Client::builder()
        .key("sandbox")
        .base_url(format!("{}/elsewhere", server.url()))
        .build()
        .unwrap();
    let err = c
        .recognize(Image::from_bytes(jpeg(300, 5)))
        .await
        .unwrap_err();
    match &err {
        Error::Http {
            status: 404,
            body_snippet,
        } => assert!(
            body_snippet.contains("bytes of JSON, not shown"),
            "a JSON body is described, never quoted: {body_snippet}"
        ),
        other => panic!("{other}"),
    }
    assert!(!err.is_retryable());
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_upload_is_http_413() {
    let server = server(Config {
        max_upload_bytes: 10_000,
        ..config()
    })
    .await;
    let err = client(&server, Endpoint::Verify)
        .recognize(Image::from_bytes(jpeg(20_000, 6)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 413, .. }), "{err}");
    server.shutdown().await;
}
