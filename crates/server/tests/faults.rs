//! Injected failures, seen from an HTTP client.

use std::time::{Duration, Instant};

use regcert_model::ErrorCode;
use regcert_server::{Config, Fault, FaultRule, Faults, Server, Trigger};

use crate::support::*;

async fn start_with(fault: Fault, when: Trigger) -> Server {
    start(Config {
        faults: Faults {
            latency: None,
            rules: vec![FaultRule { fault, when }],
        },
        ..config()
    })
    .await
}

/// Sends one good request to the base64 endpoint.
async fn good(server: &Server) -> Result<Reply, reqwest::Error> {
    try_form(server, &[("key", KEY), ("file", &b64(&jpeg(b"x")))]).await
}

#[tokio::test]
async fn html_errors_and_retry_after() {
    let cases = [
        (Fault::Http500Html, 500, None),
        (Fault::Http502Html, 502, None),
        (
            Fault::Http503Html {
                retry_after_secs: Some(7),
            },
            503,
            Some("7"),
        ),
        (
            Fault::Http503Html {
                retry_after_secs: None,
            },
            503,
            None,
        ),
        (
            Fault::Http429 {
                retry_after_secs: Some(2),
            },
            429,
            Some("2"),
        ),
    ];
    for (fault, status, retry_after) in cases {
        let server = start_with(fault.clone(), Trigger::FirstN(1)).await;
        let reply = good(&server).await.expect("an answer");
        assert_eq!(reply.status, status, "{fault:?}");
        assert!(reply.content_type.starts_with("text/html"), "{fault:?}");
        assert!(String::from_utf8_lossy(&reply.body).contains("<html>"));
        assert_eq!(reply.retry_after.as_deref(), retry_after, "{fault:?}");
        // Only the first request is hit.
        assert_success(&good(&server).await.expect("an answer"));
    }
}

#[tokio::test]
async fn dropped_connection_is_a_transport_error() {
    let server = start_with(Fault::DropConnection, Trigger::FirstN(1)).await;
    let err = good(&server).await.err().expect("the body cannot be read");
    assert!(
        err.is_body() || err.is_request() || err.is_decode(),
        "{err:?}"
    );
    assert_success(&good(&server).await.expect("the next one is fine"));
}

#[tokio::test]
async fn broken_bodies_with_status_200() {
    let server = start_with(Fault::TruncatedJson, Trigger::FirstN(1)).await;
    let reply = good(&server).await.expect("an answer");
    assert_eq!(reply.status, 200);
    assert!(!reply.body.is_empty());
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());
    assert!(regcert_model::parse(&reply.body).is_err());

    let server = start_with(Fault::EmptyBody, Trigger::FirstN(1)).await;
    let reply = good(&server).await.expect("an answer");
    assert_eq!((reply.status, reply.body.len()), (200, 0));

    let server = start_with(Fault::NonUtf8Body, Trigger::FirstN(1)).await;
    let reply = good(&server).await.expect("an answer");
    assert_eq!(reply.status, 200);
    assert!(std::str::from_utf8(&reply.body).is_err());
}

#[tokio::test]
async fn api_network_error_is_270901_on_the_first_n() {
    let server = start_with(Fault::ApiNetworkError, Trigger::FirstN(2)).await;
    assert_api_error(
        &good(&server).await.expect("answer"),
        ErrorCode::NetworkError,
    );
    let reply = verify(&server, Some(KEY), Some(&jpeg(b"x"))).await;
    assert_api_error(&reply, ErrorCode::NetworkError);
    assert_success(&good(&server).await.expect("answer"));
}

#[tokio::test]
async fn faults_come_before_key_checks() {
    let server = start_with(Fault::Http502Html, Trigger::FirstN(1)).await;
    let reply = form(&server, &[("key", "wrong")]).await;
    assert_eq!(reply.status, 502);
}

#[tokio::test]
async fn probability_is_deterministic_for_a_seed() {
    async fn pattern(seed: u64) -> Vec<bool> {
        let server = start_with(Fault::Http500Html, Trigger::Probability { p: 0.5, seed }).await;
        let mut hits = Vec::new();
        for _ in 0..24 {
            hits.push(good(&server).await.expect("answer").status == 500);
        }
        hits
    }
    let first = pattern(42).await;
    assert_eq!(first, pattern(42).await);
    assert!(first.contains(&true) && first.contains(&false), "{first:?}");
    assert_ne!(first, pattern(43).await);
}

#[tokio::test]
async fn latency_is_added_to_every_answer() {
    let server = start(Config {
        faults: Faults {
            latency: Some(Duration::from_millis(300)),
            rules: Vec::new(),
        },
        ..config()
    })
    .await;
    let started = Instant::now();
    assert_success(&good(&server).await.expect("answer"));
    assert!(started.elapsed() >= Duration::from_millis(300));
}
