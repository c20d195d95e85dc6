//! A server per test on an ephemeral port, and test images.

use std::net::SocketAddr;
use std::time::Duration;

use regcert_client::{
    Client, ClientBuilder, Endpoint, Error, Image, InvalidImage, Recognition, RetryPolicy,
};
use regcert_server::{Config, Fault, FaultRule, Faults, SANDBOX_KEY, Server, Trigger};

/// An address for ephemeral binding.
pub fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The sandbox key and no other.
pub fn config() -> Config {
    Config {
        keys: vec![SANDBOX_KEY.to_owned()],
        ..Config::default()
    }
}

/// The config with `fault` on the first `n` requests.
pub fn faulty(fault: Fault, n: u32) -> Config {
    Config {
        faults: Faults {
            latency: None,
            rules: vec![FaultRule {
                fault,
                when: Trigger::FirstN(n),
            }],
        },
        ..config()
    }
}

pub async fn server(config: Config) -> Server {
    Server::bind(loopback(), config)
        .await
        .expect("bind the test server")
}

/// Fast retries: tests measure behaviour, not patience.
pub fn fast_retry(attempts: u32) -> RetryPolicy {
    RetryPolicy::new(
        attempts,
        Duration::from_millis(5),
        Duration::from_millis(20),
    )
}

/// A client of `server` with the sandbox key and fast retries.
pub fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .key(SANDBOX_KEY)
        .base_url(server.url())
        .retry(fast_retry(3))
}

pub fn client(server: &Server, endpoint: Endpoint) -> Client {
    builder(server).endpoint(endpoint).build().expect("client")
}

/// `len` bytes that sniff as JPEG, varied by `seed`, ending with EOI.
pub fn jpeg(len: usize, seed: u32) -> Vec<u8> {
    assert!(len >= 6);
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    bytes.extend((4..len - 2).map(|_| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        (x >> 24) as u8
    }));
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

/// A port nothing listens on.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind(loopback()).expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

pub const BOTH: [Endpoint; 2] = [Endpoint::Query, Endpoint::Verify];

/// Builds the client and recognizes one image with it.
pub async fn run(builder: ClientBuilder, image: Image) -> Result<Recognition, Error> {
    builder.build().expect("client").recognize(image).await
}

/// Checks that `client`, whose `max_image_bytes` is 1000, refuses empty,
/// too large and unknown images, each with its own reason.
pub async fn assert_refuses_bad_images(client: &Client) {
    let cases = [
        (Vec::new(), InvalidImage::Empty),
        (
            jpeg(1001, 1),
            InvalidImage::TooLarge {
                size: 1001,
                max: 1000,
            },
        ),
        (
            b"%PDF-1.7 not an image".to_vec(),
            InvalidImage::UnknownFormat,
        ),
        (b"GIF89a....".to_vec(), InvalidImage::UnknownFormat),
    ];
    for (bytes, expected) in cases {
        match client.recognize(Image::from_bytes(bytes)).await {
            Err(Error::InvalidImage(got)) => assert_eq!(got, expected),
            other => panic!("{expected:?}: {other:?}"),
        }
    }
}
