//! The blocking facade.

use regcert_client::{Endpoint, Error, Image, blocking};
use regcert_server::{BackgroundServer, SANDBOX_KEY};

use crate::support::{config, fast_retry, jpeg, loopback};

fn client(server: &BackgroundServer, endpoint: Endpoint) -> blocking::Client {
    blocking::Client::builder()
        .key(SANDBOX_KEY)
        .base_url(server.url())
        .endpoint(endpoint)
        .retry(fast_retry(3))
        .build()
        .unwrap()
}

#[test]
fn recognizes_without_a_runtime() {
    let server = BackgroundServer::start(loopback(), config()).unwrap();
    for endpoint in crate::support::BOTH {
        let c = client(&server, endpoint);
        let found = c.recognize(Image::from_bytes(jpeg(4096, 1))).unwrap();
        assert!(found.order_id.is_some());
        assert!(!format!("{c:?}").contains(SANDBOX_KEY));
    }
}

#[test]
fn many_come_back_in_input_order() {
    let server = BackgroundServer::start(loopback(), config()).unwrap();
    let c = client(&server, Endpoint::Auto);
    let images = vec![
        Image::from_bytes(jpeg(100, 1)),
        Image::from_bytes(b"not an image".to_vec()),
        Image::from_bytes(jpeg(100, 2)),
        Image::from_bytes(Vec::new()),
    ];
    let results = c.recognize_many(images, 3).unwrap();
    let kinds: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(Error::kind, |_| "ok"))
        .collect();
    assert_eq!(kinds, ["ok", "invalid_image", "ok", "invalid_image"]);
}

#[test]
fn refuses_inside_a_runtime_and_drops_there_safely() {
    let server = BackgroundServer::start(loopback(), config()).unwrap();
    let c = client(&server, Endpoint::Auto);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let err = c.recognize(Image::from_bytes(jpeg(100, 3))).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        assert!(err.to_string().contains("async runtime"), "{err}");
        assert!(matches!(
            c.recognize_many(Vec::new(), 1),
            Err(Error::Config(_))
        ));
        // The last clone dropped here must not panic.
        drop(c);
    });
}
