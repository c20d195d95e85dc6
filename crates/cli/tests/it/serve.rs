//! `regcert serve` run as an operator would: keys out of `ps` (a key file
//! reloaded on SIGHUP, the environment), JSON logs, the probes, SIGTERM.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// The error code of a base64 request with `key` and a JPEG-looking file.
fn code_for(url: &str, key: &str) -> i64 {
    let body = format!("key={key}&file=%2F9j%2F4AAQSkZJRgABAQ");
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /verify_cardjz_certificate/query HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let json = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let value: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {answer}"));
    value["error_code"].as_i64().unwrap()
}

/// `kill SIGNAL` to the server's process.
fn send_signal(served: &mut Served, signal: &str) {
    let pid = served.child().id().to_string();
    let status = Command::new("kill").args([signal, &pid]).status().unwrap();
    assert!(status.success(), "kill {signal} {pid}");
}

#[test]
fn keys_come_from_a_file_reloaded_on_sighup_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys");
    std::fs::write(&file, "file-key-1\n# a comment\n\nfile-key-2\n").unwrap();
    let mut cmd = regcert();
    cmd.env("REGCERT_SERVE_KEYS", "env-key-1, env-key-2")
        .stderr(Stdio::null());
    let mut served = Served::start_command(cmd, &["--key-file", file.to_str().unwrap()]);
    for key in ["file-key-1", "file-key-2", "env-key-1", "env-key-2"] {
        assert_eq!(code_for(&served.url, key), 0, "{key}");
    }
    assert_eq!(code_for(&served.url, "a-comment"), 10001);

    std::fs::write(&file, "file-key-3\n").unwrap();
    send_signal(&mut served, "-HUP");
    let deadline = Instant::now() + Duration::from_secs(10);
    while code_for(&served.url, "file-key-3") != 0 {
        assert!(Instant::now() < deadline, "the key file was not reloaded");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(code_for(&served.url, "file-key-1"), 10001);
    assert_eq!(code_for(&served.url, "env-key-1"), 0);

    // An unreadable key file stops the start, naming the file.
    let r = run(regcert().args(["serve", "--key-file", "/no/such/keys"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/no/such/keys"), "{}", r.stderr);
}

#[test]
fn json_logs_have_request_ids_not_keys_and_sigterm_drains() {
    let mut cmd = regcert();
    cmd.stderr(Stdio::piped());
    let mut served = Served::start_command(
        cmd,
        &[
            "--key",
            "secret-key-1",
            "--log-format",
            "json",
            "--threads",
            "1",
        ],
    );
    assert_eq!(code_for(&served.url, "secret-key-1"), 0);
    assert_eq!(code_for(&served.url, "other-key-2"), 10001);
    send_signal(&mut served, "-TERM");
    let status = served.child().wait().unwrap();
    assert!(status.success(), "{status}");
    let mut logs = String::new();
    served
        .child()
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(
        !logs.contains("secret-key-1") && !logs.contains("other-key-2"),
        "{logs}"
    );
    let lines = json_lines(&logs);
    let requests: Vec<_> = lines.iter().filter(|l| l["message"] == "request").collect();
    assert_eq!(requests.len(), 2, "{logs}");
    for line in requests {
        assert!(
            line["request_id"].as_str().is_some_and(|id| !id.is_empty()),
            "{line}"
        );
        assert!(line["latency_ms"].is_u64(), "{line}");
    }
    assert!(logs.contains("draining"), "{logs}");
}

/// A real Java `HttpURLConnection` client (`tests/clients/JuheClient.java`,
/// run as a single-file program) against `regcert serve`: both endpoints
/// answer it. Needs a JDK 11+ on PATH; without one the test says so and
/// checks nothing.
#[test]
fn a_java_httpurlconnection_client_is_answered() {
    if Command::new("java").arg("-version").output().is_err() {
        eprintln!("no java on PATH: the Java client is not run");
        return;
    }
    let served = Served::start(&["--key", "java-key-1"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let r = run(Command::new("java")
        .arg(root.join("tests/clients/JuheClient.java"))
        .arg(&served.url)
        .arg("java-key-1")
        .arg(sample("sedan-person.jpg")));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let stdout = r.stdout;
    assert_eq!(stdout.lines().collect::<Vec<_>>(), ["0", "0"], "{stdout}");
}
