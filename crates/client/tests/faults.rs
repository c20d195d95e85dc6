//! Broken answers and broken connections: classification and retries.

use std::time::{Duration, Instant};

use regcert_client::{Endpoint, Error, Image, RetryPolicy};
use regcert_model::ErrorCode;
use regcert_server::{Config, Fault, FaultRule, Faults, Trigger};

use crate::support::{BOTH, builder, config, faulty, jpeg, run, server};

fn image() -> Image {
    Image::from_bytes(jpeg(500, 9))
}

/// The error after every try failed with `fault`.
async fn always(fault: Fault, endpoint: Endpoint) -> Error {
    let server = server(faulty(fault, u32::MAX)).await;
    let err = run(builder(&server).endpoint(endpoint), image())
        .await
        .unwrap_err();
    server.shutdown().await;
    err
}

#[tokio::test]
async fn html_5xx_is_http_with_a_snippet() {
    for (fault, status) in [
        (Fault::Http500Html, 500),
        (Fault::Http502Html, 502),
        (
            Fault::Http503Html {
                retry_after_secs: None,
            },
            503,
        ),
    ] {
        for endpoint in BOTH {
            match always(fault.clone(), endpoint).await {
                Error::Http {
                    status: s,
                    body_snippet,
                } => {
                    assert_eq!(s, status);
                    assert!(body_snippet.contains("<html>"), "{body_snippet}");
                    assert!(body_snippet.chars().count() <= 200);
                }
                other => panic!("{fault:?}: {other}"),
            }
        }
    }
}

#[tokio::test]
async fn cut_bodies_are_incomplete_and_retried() {
    for fault in [Fault::EmptyBody, Fault::TruncatedJson, Fault::NonUtf8Body] {
        let err = always(fault.clone(), Endpoint::Query).await;
        assert!(matches!(err, Error::Incomplete { .. }), "{fault:?}: {err}");
        assert_eq!(err.kind(), "incomplete");
        assert!(err.is_retryable());

        for endpoint in BOTH {
            let server = server(faulty(fault.clone(), 2)).await;
            let found = run(builder(&server).endpoint(endpoint), image())
                .await
                .unwrap();
            assert_eq!(found.attempts, 3, "{fault:?} {endpoint:?}");
            server.shutdown().await;
        }
    }
    match always(Fault::NonUtf8Body, Endpoint::Verify).await {
        Error::Incomplete { body_snippet } => assert!(
            body_snippet.contains('\u{fffd}') || body_snippet.contains("bytes of JSON, not shown"),
            "{body_snippet}"
        ),
        other => panic!("{other}"),
    }
}

#[tokio::test]
async fn a_whole_answer_of_the_wrong_shape_is_decode_and_final() {
    let dir = tempfile_dir("wrong-shape");
    let photo = jpeg(300, 77);
    std::fs::write(dir.join("odd.jpg"), &photo).unwrap();
    // No error_code: a whole JSON document, but not an answer.
    std::fs::write(dir.join("odd.json"), r#"{"reason":"ok","result":null}"#).unwrap();
    let server = server(Config {
        fixtures: Some(dir.clone()),
        ..config()
    })
    .await;
    let started = Instant::now();
    let err = run(
        builder(&server).retry(RetryPolicy::new(
            3,
            Duration::from_secs(20),
            Duration::from_secs(20),
        )),
        Image::from_bytes(photo),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert!(!err.is_retryable());
    // A retry would have waited 10 s at least.
    assert!(started.elapsed() < Duration::from_secs(5));
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("regcert-client-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn dropped_connection_is_transport_and_retried() {
    let err = always(Fault::DropConnection, Endpoint::Verify).await;
    assert!(matches!(err, Error::Transport(_)), "{err}");
    assert!(err.is_retryable());

    let server = server(faulty(Fault::DropConnection, 1)).await;
    let found = run(builder(&server), image()).await.unwrap();
    assert_eq!(found.attempts, 2);
    server.shutdown().await;
}

#[tokio::test]
async fn refused_connection_is_transport() {
    let err = regcert_client::Client::builder()
        .key("k")
        .base_url(crate::support::closed_port_url())
        .retry(crate::support::fast_retry(2))
        .build()
        .unwrap()
        .recognize(image())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
}

#[tokio::test]
async fn two_failures_then_success_on_the_third_try() {
    for endpoint in BOTH {
        let server = server(faulty(Fault::Http502Html, 2)).await;
        let found = run(builder(&server).endpoint(endpoint), image())
            .await
            .unwrap();
        assert_eq!(found.attempts, 3, "{endpoint:?}");
        server.shutdown().await;
    }
}

#[tokio::test]
async fn retries_stop_at_the_policy_count() {
    let server = server(faulty(Fault::Http500Html, 3)).await;
    let err = run(builder(&server), image()).await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err}");
    // The fourth request is past the faults: one more try would have succeeded.
    let found = run(builder(&server), image()).await.unwrap();
    assert_eq!(found.attempts, 1);
    server.shutdown().await;
}

#[tokio::test]
async fn api_network_error_is_retried() {
    let server = server(faulty(Fault::ApiNetworkError, 1)).await;
    let found = run(builder(&server), image()).await.unwrap();
    assert_eq!(found.attempts, 2);
    server.shutdown().await;

    let err = always(Fault::ApiNetworkError, Endpoint::Query).await;
    assert_eq!(err.api_code(), Some(ErrorCode::NetworkError), "{err}");
}

#[tokio::test]
async fn retry_after_is_honoured_on_429_and_503() {
    for fault in [
        Fault::Http429 {
            retry_after_secs: Some(1),
        },
        Fault::Http503Html {
            retry_after_secs: Some(1),
        },
    ] {
        let server = server(faulty(fault.clone(), 1)).await;
        let c = builder(&server)
            .retry(RetryPolicy::new(
                2,
                Duration::from_millis(1),
                Duration::from_secs(5),
            ))
            .build()
            .unwrap();
        let started = Instant::now();
        let found = c.recognize(image()).await.unwrap();
        assert_eq!(found.attempts, 2, "{fault:?}");
        // The backoff alone would be 1 ms: only Retry-After explains a second.
        assert!(started.elapsed() >= Duration::from_secs(1), "{fault:?}");
        server.shutdown().await;
    }
}

#[tokio::test]
async fn retry_after_is_capped_by_max_delay() {
    let server = server(faulty(
        Fault::Http429 {
            retry_after_secs: Some(3600),
        },
        1,
    ))
    .await;
    let c = builder(&server)
        .retry(RetryPolicy::new(
            2,
            Duration::from_millis(1),
            Duration::from_millis(50),
        ))
        .build()
        .unwrap();
    let started = Instant::now();
    let found = c.recognize(image()).await.unwrap();
    assert_eq!(found.attempts, 2);
    assert!(started.elapsed() < Duration::from_secs(30));
    server.shutdown().await;
}

#[tokio::test]
async fn timeout_fires_within_its_bound_and_is_retried() {
    let slow = Config {
        faults: Faults {
            latency: Some(Duration::from_secs(5)),
            rules: Vec::new(),
        },
        ..config()
    };
    let server = server(slow).await;
    let bound = Duration::from_millis(300);
    for endpoint in BOTH {
        let c = builder(&server)
            .endpoint(endpoint)
            .timeout(bound)
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let started = Instant::now();
        let err = c.recognize(image()).await.unwrap_err();
        assert!(matches!(err, Error::Timeout), "{err}");
        assert!(err.is_retryable());
        assert!(
            started.elapsed() < bound + Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
    // Two tries of 300 ms each, then the error.
    let c = builder(&server)
        .timeout(bound)
        .retry(crate::support::fast_retry(2))
        .build()
        .unwrap();
    let started = Instant::now();
    assert!(matches!(c.recognize(image()).await, Err(Error::Timeout)));
    assert!(started.elapsed() >= bound * 2);
    // Answers are still pending: stop without waiting for them.
    drop(server);
}

#[tokio::test]
async fn probabilistic_faults_do_not_lose_requests() {
    let server = server(Config {
        faults: Faults {
            latency: None,
            rules: vec![FaultRule {
                fault: Fault::Http500Html,
                when: Trigger::Probability { p: 0.3, seed: 7 },
            }],
        },
        ..config()
    })
    .await;
    let c = builder(&server)
        .retry(crate::support::fast_retry(10))
        .build()
        .unwrap();
    for seed in 0..20 {
        c.recognize(Image::from_bytes(jpeg(200, seed)))
            .await
            .unwrap();
    }
    server.shutdown().await;
}
