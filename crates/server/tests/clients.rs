//! The requests real Juhe clients send, byte for byte as their libraries
//! write them: PHP curl (an array → multipart, `http_build_query` →
//! urlencoded), Python `requests` (`data=`, `files=`), Java
//! `HttpURLConnection` and OkHttp multipart, curl `-F` and
//! `--data-urlencode`, and the fields in a GET's query string. Every one
//! reaches the recognizer with exactly the image sent; without a file or a
//! key each gets the API's JSON error.

use std::sync::Arc;

use regcert_model::ErrorCode;
use regcert_server::{Config, Server};

use crate::support::*;

const QUERY: &str = "/verify_cardjz_certificate/query";
const VERIFY: &str = "/verify_cardjz_certificate/verify";

/// An image whose base64 has `+`, `/` and `=` padding, and whose bytes are
/// not text.
fn image() -> Vec<u8> {
    jpeg(&(0..=255u8).cycle().take(1000).collect::<Vec<u8>>())
}

async fn server() -> Server {
    start(Config {
        recognizer: Some(Arc::new(Exactly(image()))),
        ..config()
    })
    .await
}

/// `application/x-www-form-urlencoded` as PHP's `http_build_query` and
/// Python's `urlencode` write it (RFC 1738: space as `+`, the rest `%XX`).
fn quote_plus(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// As curl's `--data-urlencode` writes it: space as `%20`.
fn curl_escape(text: &str) -> String {
    quote_plus(text).replace('+', "%20")
}

/// A request with `headers` (each line without its CRLF) and `body`;
/// `Content-Length` is added unless the headers say chunked.
fn request(method: &str, target: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    let chunked = headers.iter().any(|h| h.contains("chunked"));
    if !chunked && (method == "POST" || !body.is_empty()) {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    if chunked {
        for piece in body.chunks(700) {
            bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
            bytes.extend_from_slice(piece);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
    } else {
        bytes.extend_from_slice(body);
    }
    bytes
}

/// One multipart part: its header lines and its content.
struct Part<'a> {
    headers: Vec<String>,
    content: &'a [u8],
}

fn text_part<'a>(name: &str, value: &'a str) -> Part<'a> {
    Part {
        headers: vec![format!("Content-Disposition: form-data; name=\"{name}\"")],
        content: value.as_bytes(),
    }
}

fn file_part<'a>(extra: &[&str], content: &'a [u8]) -> Part<'a> {
    let mut headers =
        vec!["Content-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"".to_owned()];
    headers.extend(extra.iter().map(|h| (*h).to_owned()));
    Part { headers, content }
}

fn multipart(boundary: &str, parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        for h in &part.headers {
            body.extend_from_slice(format!("{h}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

/// Every client's request, named, for a key and an image.
fn shapes(key: &str, image: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let file = b64(image);
    let form = format!("key={}&file={}", quote_plus(key), quote_plus(&file));
    let curl = "------------------------d74496d66958873e";
    let python = "9b7e4c2f0a3d4e5f8a1b2c3d4e5f6a7b";
    let java = "===1733011200000===";
    let okhttp = "5c8e2a9e-6f5b-4f6e-9d2b-0c1e7a3f9b21";
    let ct = |b: &str| format!("Content-Type: multipart/form-data; boundary={b}");
    let curl_ct = ct(curl);
    let okhttp_len_key = format!("Content-Length: {}", key.len());
    let okhttp_len_file = format!("Content-Length: {}", image.len());
    let php_headers = ["User-Agent: JuheCurl", "Accept: */*", curl_ct.as_str()];
    vec![
        // juhecurl($url, ['key' => $key, 'file' => base64_encode(...)], 1):
        // an array as CURLOPT_POSTFIELDS is multipart, file a text part.
        (
            "php curl array → /query",
            request(
                "POST",
                QUERY,
                &php_headers,
                &multipart(curl, &[text_part("key", key), text_part("file", &file)]),
            ),
        ),
        // ['key' => $key, 'file' => new CURLFile('a.jpg')] to /verify.
        (
            "php curl CURLFile → /verify",
            request(
                "POST",
                VERIFY,
                &php_headers,
                &multipart(
                    curl,
                    &[
                        text_part("key", key),
                        file_part(&["Content-Type: image/jpeg"], image),
                    ],
                ),
            ),
        ),
        // A CURLFile sent to the base64 endpoint by mistake still works.
        (
            "php curl CURLFile → /query",
            request(
                "POST",
                QUERY,
                &php_headers,
                &multipart(
                    curl,
                    &[
                        text_part("key", key),
                        file_part(&["Content-Type: application/octet-stream"], image),
                    ],
                ),
            ),
        ),
        // juhecurl($url, http_build_query($params), 1).
        (
            "php http_build_query → /query",
            request(
                "POST",
                QUERY,
                &[
                    "User-Agent: JuheCurl",
                    "Accept: */*",
                    "Content-Type: application/x-www-form-urlencoded",
                ],
                form.as_bytes(),
            ),
        ),
        // requests.post(url, data={'key': key, 'file': b64}).
        (
            "python requests data= → /query",
            request(
                "POST",
                QUERY,
                &[
                    "User-Agent: python-requests/2.32.3",
                    "Accept-Encoding: gzip, deflate",
                    "Accept: */*",
                    "Content-Type: application/x-www-form-urlencoded",
                ],
                form.as_bytes(),
            ),
        ),
        // requests.post(url, data={'key': key}, files={'file': open('a.jpg', 'rb')}):
        // no Content-Type on the file part.
        (
            "python requests files= → /verify",
            request(
                "POST",
                VERIFY,
                &[
                    "User-Agent: python-requests/2.32.3",
                    "Accept: */*",
                    &ct(python),
                ],
                &multipart(python, &[text_part("key", key), file_part(&[], image)]),
            ),
        ),
        // The base64 text sent as a multipart field to /verify.
        (
            "python requests files= base64 text → /verify",
            request(
                "POST",
                VERIFY,
                &["User-Agent: python-requests/2.32.3", &ct(python)],
                &multipart(python, &[text_part("key", key), text_part("file", &file)]),
            ),
        ),
        // HttpURLConnection with a hand-written body, as Java samples do,
        // in chunked streaming mode.
        (
            "java HttpURLConnection → /verify",
            request(
                "POST",
                VERIFY,
                &[
                    &ct(java),
                    "User-Agent: Java/17.0.9",
                    "Accept: text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
                    "Transfer-Encoding: chunked",
                ],
                &multipart(
                    java,
                    &[
                        Part {
                            headers: vec![
                                "Content-Disposition: form-data; name=\"key\"".to_owned(),
                                "Content-Type: text/plain; charset=UTF-8".to_owned(),
                            ],
                            content: key.as_bytes(),
                        },
                        file_part(
                            &[
                                "Content-Type: image/jpeg",
                                "Content-Transfer-Encoding: binary",
                            ],
                            image,
                        ),
                    ],
                ),
            ),
        ),
        // OkHttp's MultipartBody: a Content-Length on every part.
        (
            "okhttp MultipartBody → /verify",
            request(
                "POST",
                VERIFY,
                &[
                    &ct(okhttp),
                    "User-Agent: okhttp/4.12.0",
                    "Accept-Encoding: gzip",
                ],
                &multipart(
                    okhttp,
                    &[
                        Part {
                            headers: vec![
                                "Content-Disposition: form-data; name=\"key\"".to_owned(),
                                okhttp_len_key,
                            ],
                            content: key.as_bytes(),
                        },
                        file_part(&["Content-Type: image/jpeg", &okhttp_len_file], image),
                    ],
                ),
            ),
        ),
        // curl -F key=KEY -F file=@a.jpg
        (
            "curl -F → /verify",
            request(
                "POST",
                VERIFY,
                &["User-Agent: curl/8.5.0", "Accept: */*", curl_ct.as_str()],
                &multipart(
                    curl,
                    &[
                        text_part("key", key),
                        file_part(&["Content-Type: image/jpeg"], image),
                    ],
                ),
            ),
        ),
        // curl --data-urlencode key=KEY --data-urlencode file@a.b64 (the
        // file's line break included, spaces as %20).
        (
            "curl --data-urlencode → /query",
            request(
                "POST",
                QUERY,
                &[
                    "User-Agent: curl/8.5.0",
                    "Content-Type: application/x-www-form-urlencoded",
                ],
                format!(
                    "key={}&file={}",
                    curl_escape(key),
                    curl_escape(&format!("{file}\n"))
                )
                .as_bytes(),
            ),
        ),
        // The fields in the query string of a GET, and of a POST with no body.
        (
            "GET query string → /query",
            request("GET", &format!("{QUERY}?{form}"), &[], b""),
        ),
        (
            "GET query string → /verify",
            request("GET", &format!("{VERIFY}?{form}"), &[], b""),
        ),
        (
            "POST query string → /query",
            request("POST", &format!("{QUERY}?{form}"), &[], b""),
        ),
        // The key in the URL, the file in the body.
        (
            "key in URL, file multipart → /verify",
            request(
                "POST",
                &format!("{VERIFY}?key={}", quote_plus(key)),
                &[curl_ct.as_str()],
                &multipart(curl, &[file_part(&["Content-Type: image/jpeg"], image)]),
            ),
        ),
        // A urlencoded body sent without a Content-Type.
        (
            "urlencoded without Content-Type → /query",
            request("POST", QUERY, &[], form.as_bytes()),
        ),
    ]
}

#[tokio::test]
async fn every_client_shape_reaches_the_recognizer_with_the_image() {
    let server = server().await;
    for (name, request) in shapes(KEY, &image()) {
        let reply = raw(&server, &request).await;
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.error_code(), 0, "{name}: {}", reply.json());
        assert_success(&reply);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn every_client_shape_gets_json_errors() {
    let server = server().await;
    for (name, request) in shapes("wrong-key", &image()) {
        let reply = raw(&server, &request).await;
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.error_code(), ErrorCode::InvalidKey.code(), "{name}");
    }
    // No key at all, and no file at all, in each kind of request.
    let cases = [
        (request("GET", QUERY, &[], b""), ErrorCode::InvalidKey),
        (
            request("GET", &format!("{VERIFY}?key={KEY}"), &[], b""),
            ErrorCode::FileEmpty,
        ),
        (
            request(
                "POST",
                QUERY,
                &["Content-Type: multipart/form-data; boundary=xyz"],
                &multipart("xyz", &[text_part("key", KEY)]),
            ),
            ErrorCode::FileEmpty,
        ),
        (
            request(
                "POST",
                VERIFY,
                &["Content-Type: multipart/form-data; boundary=xyz"],
                b"--xyz\r\nbroken",
            ),
            ErrorCode::InvalidKey,
        ),
        (
            request(
                "POST",
                QUERY,
                &["Content-Type: application/json"],
                b"{\"key\":1}",
            ),
            ErrorCode::InvalidKey,
        ),
        (
            request(
                "POST",
                VERIFY,
                &["Content-Type: application/x-www-form-urlencoded"],
                format!("key={KEY}&file=").as_bytes(),
            ),
            ErrorCode::FileEmpty,
        ),
    ];
    for (request, code) in cases {
        let reply = raw(&server, &request).await;
        assert_api_error(&reply, code);
    }
    server.shutdown().await;
}
