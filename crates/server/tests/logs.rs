//! The request log: one line per request, without the key or personal data.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::support::*;

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

// Current-thread runtime: the server's tasks run on this thread, under the
// subscriber set for it.
#[tokio::test(flavor = "current_thread")]
async fn log_lines_have_the_request_but_not_the_key_or_owner() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = start(config()).await;
    assert_success(&query(&server, KEY, &jpeg(b"x")).await);
    assert_success(&verify(&server, Some(KEY), Some(&jpeg(b"x"))).await);
    let _ = query(&server, "wrong-key-secret", &jpeg(b"x")).await;
    let _ = form(&server, &[("key", KEY)]).await;
    server.shutdown().await;

    let log = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("request")).collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(
        lines[0].contains("/verify_cardjz_certificate/query") && lines[0].contains("status=200")
    );
    assert!(lines[1].contains("/verify_cardjz_certificate/verify"));
    assert!(lines[2].contains("error_code=10001"), "{}", lines[2]);
    assert!(lines[3].contains("error_code=270902"), "{}", lines[3]);
    assert!(log.contains("latency_ms="));
    for secret in [KEY, "wrong-key-secret", "示例车主", "110101199003070011"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}
