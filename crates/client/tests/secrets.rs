//! The key never shows: not in errors, not in `Debug`.

use regcert_client::{Client, Endpoint, Error, Image, RetryPolicy};
use regcert_server::Fault;

use crate::support::{BOTH, closed_port_url, config, faulty, jpeg, server};

const KEY: &str = "Sup3rS3cretKeyValue0123456789";

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(KEY), "{what} shows the key: {text}");
}

fn check(err: &Error) {
    assert_hidden("Display", &err.to_string());
    assert_hidden("Debug", &format!("{err:?}"));
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        assert_hidden("source", &s.to_string());
        source = s.source();
    }
}

#[tokio::test]
async fn key_appears_in_no_error_and_no_debug() {
    let builder = Client::builder().key(KEY).retry(RetryPolicy::none());
    assert_hidden("builder Debug", &format!("{builder:?}"));
    let c = builder.build().unwrap();
    assert_hidden("client Debug", &format!("{c:?}"));
    assert!(format!("{c:?}").contains("***"));

    let mut errors = Vec::new();
    // Wrong key (the server does not know this one): API error.
    let sandbox = server(config()).await;
    for endpoint in BOTH {
        let c = Client::builder()
            .key(KEY)
            .base_url(sandbox.url())
            .endpoint(endpoint)
            .build()
            .unwrap();
        errors.push(
            c.recognize(Image::from_bytes(jpeg(100, 1)))
                .await
                .unwrap_err(),
        );
    }
    sandbox.shutdown().await;
    // HTTP, decode and transport errors.
    for fault in [
        Fault::Http500Html,
        Fault::TruncatedJson,
        Fault::DropConnection,
    ] {
        let server = server(faulty(fault, u32::MAX)).await;
        let c = Client::builder()
            .key(KEY)
            .base_url(server.url())
            .retry(RetryPolicy::none())
            .endpoint(Endpoint::Verify)
            .build()
            .unwrap();
        errors.push(
            c.recognize(Image::from_bytes(jpeg(100, 2)))
                .await
                .unwrap_err(),
        );
        server.shutdown().await;
    }
    let offline = Client::builder()
        .key(KEY)
        .base_url(closed_port_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(
        offline
            .recognize(Image::from_bytes(jpeg(100, 3)))
            .await
            .unwrap_err(),
    );
    errors.push(
        offline
            .recognize(Image::from_bytes(Vec::new()))
            .await
            .unwrap_err(),
    );
    let kinds: Vec<_> = errors.iter().map(Error::kind).collect();
    assert_eq!(
        kinds,
        [
            "api",
            "api",
            "http",
            "incomplete",
            "transport",
            "transport",
            "invalid_image"
        ]
    );
    errors.iter().for_each(check);
}

#[tokio::test]
async fn a_key_in_the_url_appears_in_no_message() {
    let closed = closed_port_url();
    let with_userinfo = closed.replace("http://", &format!("http://user:{KEY}@"));
    let c = Client::builder()
        .key("k")
        .base_url(&with_userinfo)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert_hidden("client Debug", &format!("{c:?}"));
    let err = c
        .recognize(Image::from_bytes(jpeg(100, 4)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "transport", "{err}");
    // The host is still named, the user and password are not.
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
    check(&err);

    for base in [
        format!("{closed}/x?key={KEY}"),
        format!("{closed}/x?{KEY}"),
        format!("{closed}/#{KEY}"),
        format!("ftp://{KEY}@h"),
        format!("::{KEY}"),
    ] {
        let builder = Client::builder().key("k").base_url(&base);
        assert_hidden("builder Debug", &format!("{builder:?}"));
        check(&builder.build().unwrap_err());
    }
}
