//! `regcert serve`'s request parsing (form fields, multipart, base64),
//! driven over HTTP: the parsers are the server's own business, and this
//! door is the one clients knock on.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::OnceLock;
use std::time::Duration;

use regcert_server::{BackgroundServer, Config, QUERY_PATH, SANDBOX_KEY, VERIFY_PATH};

/// The multipart boundary of the requests (seeds use it too).
pub const BOUNDARY: &str = "regcertfuzz";

fn server() -> &'static BackgroundServer {
    static SERVER: OnceLock<BackgroundServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        let config = Config {
            keys: vec![SANDBOX_KEY.to_owned()],
            ..Config::default()
        };
        BackgroundServer::start(([127, 0, 0, 1], 0).into(), config).expect("server starts")
    })
}

/// One request built from `data`, whose first byte picks its kind (the
/// rest is the payload), and the server's answer checked: an HTTP response
/// always comes, and a 200 carries an answer of the API.
///
/// - `0 mod 3`: the payload as the form body of the base64 endpoint;
/// - `1 mod 3`: the payload as the multipart body of the file endpoint;
/// - `2 mod 3`: the payload percent-encoded as the `file` field of a form
///   with the sandbox key (so the base64 decoder sees it).
pub fn server_request(data: &[u8]) {
    let Some((&kind, payload)) = data.split_first() else {
        return;
    };
    let (path, content_type, body) = match kind % 3 {
        0 => (
            QUERY_PATH,
            "application/x-www-form-urlencoded".to_owned(),
            payload.to_vec(),
        ),
        1 => (
            VERIFY_PATH,
            format!("multipart/form-data; boundary={BOUNDARY}"),
            payload.to_vec(),
        ),
        _ => {
            let mut body = format!("key={SANDBOX_KEY}&file=").into_bytes();
            for &b in payload {
                if b.is_ascii_alphanumeric() {
                    body.push(b);
                } else {
                    body.extend_from_slice(format!("%{b:02X}").as_bytes());
                }
            }
            (
                QUERY_PATH,
                "application/x-www-form-urlencoded".to_owned(),
                body,
            )
        }
    };
    let addr = server().local_addr();
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a timeout");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("send the head");
    // The server may answer (413) and close before the body is all sent.
    let _ = stream.write_all(&body);
    let mut answer = Vec::new();
    if let Err(e) = stream.read_to_end(&mut answer) {
        // A reset after an early answer (the body was not read) is fine.
        assert!(
            answer.starts_with(b"HTTP/1.1 ") && e.kind() == std::io::ErrorKind::ConnectionReset,
            "no answer: {e}"
        );
    }
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 "),
        "not an HTTP answer: {text:?}"
    );
    if text.starts_with("HTTP/1.1 200 ") {
        let body_at = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head")
            + 4;
        let response = regcert_model::Response::from_slice(&answer[body_at..])
            .unwrap_or_else(|e| panic!("a 200 that is not an answer: {e}"));
        assert_ne!(
            response.status(),
            regcert_model::Status::Missing,
            "a 200 without error_code"
        );
    }
}
