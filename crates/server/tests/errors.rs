//! Every error code the server gives, and HTTP errors for unknown routes.

use regcert_model::ErrorCode;
use regcert_server::{Config, Server, ServerError};

use crate::support::*;

#[tokio::test]
async fn missing_or_wrong_key_is_10001_on_both_endpoints() {
    let server = start(config()).await;
    let image = jpeg(b"x");
    let file = b64(&image);
    assert_api_error(
        &form(&server, &[("file", &file)]).await,
        ErrorCode::InvalidKey,
    );
    assert_api_error(
        &query(&server, "wrong", &image).await,
        ErrorCode::InvalidKey,
    );
    assert_api_error(&query(&server, "", &image).await, ErrorCode::InvalidKey);
    assert_api_error(
        &verify(&server, None, Some(&image)).await,
        ErrorCode::InvalidKey,
    );
    assert_api_error(
        &verify(&server, Some("wrong"), Some(&image)).await,
        ErrorCode::InvalidKey,
    );
}

#[tokio::test]
async fn a_server_without_keys_refuses_every_key() {
    let server = start(Config::default()).await;
    assert_api_error(
        &query(&server, KEY, &jpeg(b"x")).await,
        ErrorCode::InvalidKey,
    );
}

#[tokio::test]
async fn missing_or_empty_file_is_270902() {
    let server = start(config()).await;
    assert_api_error(&form(&server, &[("key", KEY)]).await, ErrorCode::FileEmpty);
    assert_api_error(
        &form(&server, &[("key", KEY), ("file", "")]).await,
        ErrorCode::FileEmpty,
    );
    assert_api_error(
        &verify(&server, Some(KEY), None).await,
        ErrorCode::FileEmpty,
    );
    assert_api_error(
        &verify(&server, Some(KEY), Some(b"")).await,
        ErrorCode::FileEmpty,
    );
}

#[tokio::test]
async fn bad_base64_or_not_an_image_is_270903() {
    let server = start(config()).await;
    let not_image = b"%PDF-1.7 not an image";
    for file in ["***not base64***", &b64(not_image)] {
        let reply = form(&server, &[("key", KEY), ("file", file)]).await;
        assert_api_error(&reply, ErrorCode::RecognitionFailed);
    }
    let reply = verify(&server, Some(KEY), Some(not_image)).await;
    assert_api_error(&reply, ErrorCode::RecognitionFailed);
}

#[tokio::test]
async fn per_key_quota_is_10012_and_counts_failed_requests() {
    let server = start(Config {
        keys: vec![KEY.to_owned(), "second-key".to_owned()],
        quota_per_key: Some(2),
        ..Config::default()
    })
    .await;
    assert_success(&query(&server, KEY, &jpeg(b"1")).await);
    assert_api_error(&form(&server, &[("key", KEY)]).await, ErrorCode::FileEmpty);
    assert_api_error(
        &query(&server, KEY, &jpeg(b"3")).await,
        ErrorCode::QuotaExceeded,
    );
    assert_api_error(
        &verify(&server, Some(KEY), Some(&jpeg(b"4"))).await,
        ErrorCode::QuotaExceeded,
    );
    assert_success(&query(&server, "second-key", &jpeg(b"5")).await);
}

#[tokio::test]
async fn per_ip_rate_is_10011() {
    let server = start(Config {
        qps_per_client: Some(2),
        ..config()
    })
    .await;
    assert_success(&query(&server, KEY, &jpeg(b"1")).await);
    assert_success(&verify(&server, Some(KEY), Some(&jpeg(b"2"))).await);
    assert_api_error(
        &query(&server, KEY, &jpeg(b"3")).await,
        ErrorCode::IpRateLimited,
    );
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_405_with_json() {
    let server = start(config()).await;
    let cases = [
        (reqwest::Method::POST, "/nope", 404),
        (
            reqwest::Method::PUT,
            "/verify_cardjz_certificate/query",
            405,
        ),
    ];
    for (method, path, status) in cases {
        let url = format!("{}{path}", server.url());
        let sent = http().request(method, url).send().await;
        let reply = read(sent.expect("sent")).await.expect("body");
        assert_eq!(reply.status, status);
        assert_eq!(reply.error_code(), i64::from(status));
        assert!(reply.json()["result"].is_null());
    }
}

#[tokio::test]
async fn the_key_is_in_no_answer() {
    let server = start(Config {
        quota_per_key: Some(3),
        ..config()
    })
    .await;
    let replies = [
        query(&server, KEY, &jpeg(b"1")).await,
        form(&server, &[("key", KEY)]).await,
        verify(&server, Some(KEY), Some(b"not an image")).await,
        query(&server, KEY, &jpeg(b"4")).await,
    ];
    assert_eq!(replies[3].error_code(), 10012);
    for reply in &replies {
        let body = String::from_utf8_lossy(&reply.body);
        assert!(!body.contains(KEY), "{body}");
    }
}

#[tokio::test]
async fn an_address_in_use_is_a_bind_error_with_the_cause_as_its_source() {
    let first = start(config()).await;
    let addr = first.local_addr();
    let err = Server::bind(addr, config())
        .await
        .err()
        .expect("the port is taken");
    let ServerError::Bind {
        addr: asked,
        source,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*asked, addr);
    assert_eq!(source.kind(), std::io::ErrorKind::AddrInUse);
    let shown = err.to_string();
    assert!(shown.contains(&addr.to_string()), "{shown}");
    assert!(!shown.contains(&source.to_string()), "{shown}");
    first.shutdown().await;
}
