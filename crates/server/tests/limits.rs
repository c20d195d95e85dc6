//! Admission (memory budget, in-flight limit, bounded queue, the busy
//! answer), timeouts, and the operator's endpoints.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use regcert_model::ErrorCode;
use regcert_server::{Config, Limits, RecognizeError};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::*;

const MB: u64 = 1024 * 1024;

/// Takes `hold` per image, says each needs `estimate` bytes, and records
/// the most recognitions it ever ran at once.
struct Slow {
    hold: Duration,
    estimate: u64,
    running: AtomicUsize,
    peak: AtomicUsize,
}

impl Slow {
    fn new(hold: Duration, estimate: u64) -> Arc<Slow> {
        Arc::new(Slow {
            hold,
            estimate,
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        })
    }
}

impl regcert_server::Recognizer for Slow {
    fn recognize(&self, _: &[u8]) -> Result<Vec<regcert_model::Entry>, RecognizeError> {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        std::thread::sleep(self.hold);
        self.running.fetch_sub(1, Ordering::SeqCst);
        Ok(regcert_server::sandbox_entries())
    }

    fn memory_estimate(&self, _: &[u8]) -> Result<u64, RecognizeError> {
        Ok(self.estimate)
    }
}

fn limits(budget: u64, inflight: usize, queue: usize, queue_timeout: Duration) -> Limits {
    Limits {
        memory_budget: budget,
        max_inflight: inflight,
        queue_len: queue,
        queue_timeout,
        ..Limits::default()
    }
}

#[tokio::test]
async fn over_the_budget_and_queue_requests_get_the_busy_answer() {
    let slow = Slow::new(Duration::from_millis(400), 300 * MB);
    // Room for two at once by memory (though four by count), two waiting.
    let server = start(Config {
        recognizer: Some(slow.clone()),
        limits: limits(700 * MB, 4, 2, Duration::from_secs(30)),
        ..config()
    })
    .await;
    let image = jpeg(b"x");
    let replies = futures_util::future::join_all((0..8).map(|_| query(&server, KEY, &image))).await;
    let ok = replies.iter().filter(|r| r.error_code() == 0).count();
    let busy: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.error_code() == ErrorCode::InternalError.code())
        .collect();
    assert_eq!(ok + busy.len(), 8);
    assert_eq!(ok, 4, "two running and two queued are answered");
    for reply in busy {
        assert_api_error(reply, ErrorCode::InternalError);
        assert_eq!(reply.retry_after.as_deref(), Some("30"));
    }
    assert_eq!(slow.peak.load(Ordering::SeqCst), 2);
    let metrics = http()
        .get(format!("{}{}", server.url(), regcert_server::METRICS_PATH))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("regcert_shed_total 4"), "{metrics}");
    assert!(metrics.contains("regcert_requests_total{endpoint=\"query\",code=\"10014\"} 4"));
    server.shutdown().await;
}

#[tokio::test]
async fn a_queued_request_past_its_deadline_is_busy_and_an_image_over_the_budget_is_refused() {
    let slow = Slow::new(Duration::from_millis(600), 10 * MB);
    let server = start(Config {
        recognizer: Some(slow),
        limits: limits(100 * MB, 1, 8, Duration::from_millis(100)),
        ..config()
    })
    .await;
    let image = jpeg(b"x");
    let (a, b) = tokio::join!(query(&server, KEY, &image), query(&server, KEY, &image));
    let mut codes = [a.error_code(), b.error_code()];
    codes.sort_unstable();
    assert_eq!(codes, [0, ErrorCode::InternalError.code()]);
    server.shutdown().await;

    let huge = Slow::new(Duration::ZERO, 200 * MB);
    let server = start(Config {
        recognizer: Some(huge),
        limits: limits(100 * MB, 1, 8, Duration::from_secs(5)),
        ..config()
    })
    .await;
    assert_api_error(
        &query(&server, KEY, &image).await,
        ErrorCode::RecognitionFailed,
    );
    server.shutdown().await;
}

/// A sandbox server with `limits`.
async fn with_limits(limits: Limits) -> regcert_server::Server {
    start(Config { limits, ..config() }).await
}

/// Reads one answer off `stream` (the server closes after it, or sends a
/// whole response).
async fn answer_of(stream: &mut TcpStream) -> Reply {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    parse_raw(&answer)
}

#[tokio::test]
async fn slow_headers_are_cut_and_do_not_starve_others() {
    let server = with_limits(Limits {
        header_timeout: Duration::from_secs(1),
        ..Limits::default()
    })
    .await;
    // 300 connections that send half a request line and stop.
    let mut slow = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
        s.write_all(b"POST /verify_cardjz_certificate/query HTT")
            .await
            .unwrap();
        slow.push(s);
    }
    let started = Instant::now();
    assert_success(&query(&server, KEY, &jpeg(b"x")).await);
    assert!(started.elapsed() < Duration::from_secs(1));
    // The header timeout closes them all.
    for s in &mut slow {
        let mut buf = [0u8; 64];
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await;
        assert!(matches!(n, Ok(Ok(_)) | Ok(Err(_))), "connection left open");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_with_270901() {
    let server = with_limits(Limits {
        body_timeout: Duration::from_millis(500),
        ..Limits::default()
    })
    .await;
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    s.write_all(
        b"POST /verify_cardjz_certificate/query HTTP/1.1\r\nHost: x\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\
          Connection: close\r\n\r\nkey=",
    )
    .await
    .unwrap();
    let reply = answer_of(&mut s).await;
    assert_eq!(reply.status, 408);
    assert_eq!(reply.error_code(), ErrorCode::NetworkError.code());

    // A body that trickles in (each pause under the body timeout) is cut by
    // the whole-request timeout.
    server.shutdown().await;
    let server = with_limits(Limits {
        body_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_millis(800),
        ..Limits::default()
    })
    .await;
    let mut s = TcpStream::connect(server.local_addr()).await.unwrap();
    s.write_all(
        b"POST /verify_cardjz_certificate/query HTTP/1.1\r\nHost: x\r\n\
          Content-Length: 1000\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let trickle = async {
        for _ in 0..40 {
            if s.write_all(b"k").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(10), trickle)
        .await
        .ok();
    let reply = answer_of(&mut s).await;
    assert_eq!(reply.status, 408);
    assert_eq!(reply.error_code(), ErrorCode::NetworkError.code());
    assert!(started.elapsed() < Duration::from_secs(10));
    server.shutdown().await;
}

#[tokio::test]
async fn health_readiness_metrics_and_request_ids() {
    let server = start(Config {
        model_load_time: Some(Duration::from_millis(1500)),
        ..config()
    })
    .await;
    let get = |path: &'static str| {
        let url = format!("{}{path}", server.url());
        async move { read(http().get(url).send().await.unwrap()).await.unwrap() }
    };
    let health = get(regcert_server::HEALTH_PATH).await;
    assert_eq!(
        (health.status, health.json()["status"].as_str()),
        (200, Some("ok"))
    );
    let ready = get(regcert_server::READY_PATH).await;
    assert_eq!(
        (ready.status, ready.json()["status"].as_str()),
        (200, Some("ready"))
    );

    let sent = http()
        .post(format!("{}/verify_cardjz_certificate/query", server.url()))
        .form(&[("key", KEY), ("file", &b64(&jpeg(b"x")))])
        .send()
        .await
        .unwrap();
    let id = sent.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(!id.is_empty());
    let sent = http()
        .post(format!("{}/verify_cardjz_certificate/query", server.url()))
        .header("x-request-id", "client-chosen-1")
        .form(&[("key", "not-the-key")])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.headers()["x-request-id"], "client-chosen-1");

    let metrics = get(regcert_server::METRICS_PATH).await;
    assert_eq!(metrics.status, 200);
    assert!(metrics.content_type.starts_with("text/plain"));
    let text = String::from_utf8(metrics.body).unwrap();
    for line in [
        "regcert_requests_total{endpoint=\"query\",code=\"0\"} 1",
        "regcert_requests_total{endpoint=\"query\",code=\"10001\"} 1",
        "regcert_request_duration_seconds_count{endpoint=\"query\"} 2",
        "regcert_inflight 0",
        "regcert_queue_depth 0",
        "regcert_model_load_seconds 1.5",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("process_resident_memory_bytes "))
    );
    // No key, wrong or right, in the metrics.
    assert!(!text.contains(KEY) && !text.contains("not-the-key"));
    server.shutdown().await;
}

#[tokio::test]
async fn keys_can_be_replaced_while_serving() {
    let server = start(config()).await;
    assert_success(&query(&server, KEY, &jpeg(b"x")).await);
    server.set_keys(vec!["new-key".to_owned()]);
    assert_api_error(
        &query(&server, KEY, &jpeg(b"x")).await,
        ErrorCode::InvalidKey,
    );
    let set = server.key_setter();
    assert_success(&query(&server, "new-key", &jpeg(b"x")).await);
    set(vec![KEY.to_owned()]);
    assert_success(&query(&server, KEY, &jpeg(b"x")).await);
    server.shutdown().await;
}
