//! Starting servers and sending the API's two kinds of request.

use base64::Engine as _;
use regcert_server::{Config, Server};
use serde_json::Value;

pub const KEY: &str = "test-key-5f1c2a";

/// A minimal JPEG-looking image: the magic bytes and `tail`.
pub fn jpeg(tail: &[u8]) -> Vec<u8> {
    let mut v = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00".to_vec();
    v.extend_from_slice(tail);
    v
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// An HTTP client for the tests. The workspace builds reqwest with rustls and
/// no default crypto provider (the SDK brings its own), so install ring's.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub fn config() -> Config {
    Config {
        keys: vec![KEY.to_owned()],
        ..Config::default()
    }
}

pub async fn start(config: Config) -> Server {
    Server::bind("127.0.0.1:0".parse().expect("addr"), config)
        .await
        .expect("server starts")
}

/// A reply read whole: status, content type, body bytes.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn error_code(&self) -> i64 {
        self.json()["error_code"]
            .as_i64()
            .expect("numeric error_code")
    }
}

pub async fn read(response: reqwest::Response) -> Result<Reply, reqwest::Error> {
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type").unwrap_or_default();
    let retry_after = header("retry-after");
    let body = response.bytes().await?.to_vec();
    Ok(Reply {
        status,
        content_type,
        retry_after,
        body,
    })
}

/// Sends raw form fields to the base64 endpoint (reqwest percent-encodes them).
pub async fn try_form(server: &Server, fields: &[(&str, &str)]) -> Result<Reply, reqwest::Error> {
    let response = http()
        .post(format!("{}/verify_cardjz_certificate/query", server.url()))
        .form(fields)
        .send()
        .await?;
    read(response).await
}

pub async fn form(server: &Server, fields: &[(&str, &str)]) -> Reply {
    try_form(server, fields).await.expect("request succeeds")
}

/// The base64 endpoint with `key` and the image encoded.
pub async fn query(server: &Server, key: &str, image: &[u8]) -> Reply {
    form(server, &[("key", key), ("file", &b64(image))]).await
}

/// The multipart endpoint; `file: None` leaves the field out.
pub async fn verify(server: &Server, key: Option<&str>, file: Option<&[u8]>) -> Reply {
    let mut parts = reqwest::multipart::Form::new();
    if let Some(key) = key {
        parts = parts.text("key", key.to_owned());
    }
    if let Some(file) = file {
        let part = reqwest::multipart::Part::bytes(file.to_vec())
            .file_name("certificate.jpg")
            .mime_str("image/jpeg")
            .expect("mime");
        parts = parts.part("file", part);
    }
    let response = http()
        .post(format!("{}/verify_cardjz_certificate/verify", server.url()))
        .multipart(parts)
        .send()
        .await
        .expect("request succeeds");
    read(response).await.expect("body")
}

/// Asserts an API error answer of the document's shape: HTTP 200, `result`
/// null, the catalog's reason.
pub fn assert_api_error(reply: &Reply, code: regcert_model::ErrorCode) {
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("application/json"));
    let json = reply.json();
    assert_eq!(json["error_code"].as_i64(), Some(code.code()), "{json}");
    assert_eq!(json["reason"].as_str(), Some(code.zh()));
    assert!(json["result"].is_null());
}

/// Asserts a success answer and returns its order id.
pub fn assert_success(reply: &Reply) -> String {
    assert_eq!(reply.status, 200);
    let json = reply.json();
    assert_eq!(json["error_code"].as_i64(), Some(0), "{json}");
    assert_eq!(json["reason"].as_str(), Some("操作成功"));
    let orderid = json["result"]["orderid"]
        .as_str()
        .expect("orderid")
        .to_owned();
    assert!(orderid.starts_with("JH"), "{orderid}");
    assert!(orderid.len() > 2 && orderid[2..].bytes().all(|b| b.is_ascii_digit()));
    orderid
}

/// Recognizes only the one image it holds: a success proves the server
/// read exactly those bytes.
pub struct Exactly(pub Vec<u8>);

impl regcert_server::Recognizer for Exactly {
    fn recognize(
        &self,
        image: &[u8],
    ) -> Result<Vec<regcert_model::Entry>, regcert_server::RecognizeError> {
        if image == self.0 {
            Ok(regcert_server::sandbox_entries())
        } else {
            Err(regcert_server::RecognizeError::Image("other bytes".into()))
        }
    }
}

/// Sends `request` as is over a new connection and reads the answer to
/// its end (the request should say `Connection: close`).
pub async fn raw(server: &Server, request: &[u8]) -> Reply {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .expect("connects");
    stream.write_all(request).await.expect("request sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer read");
    parse_raw(&answer)
}

/// An HTTP/1.1 answer read off the wire (plain or chunked body).
pub fn parse_raw(answer: &[u8]) -> Reply {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(answer)));
    let head = String::from_utf8_lossy(&answer[..end]).into_owned();
    let mut body = answer[end + 4..].to_vec();
    let status = head[9..12].parse().expect("status");
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut plain = Vec::new();
        let mut rest = &body[..];
        while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(std::str::from_utf8(&rest[..eol]).unwrap().trim(), 16)
                .unwrap();
            if size == 0 {
                break;
            }
            plain.extend_from_slice(&rest[eol + 2..eol + 2 + size]);
            rest = &rest[eol + 2 + size + 2..];
        }
        body = plain;
    }
    Reply {
        status,
        content_type: header("content-type").unwrap_or_default(),
        retry_after: header("retry-after"),
        body,
    }
}
