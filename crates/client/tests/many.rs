//! Batches: concurrency, completeness, the shared rate limit.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use regcert_client::{Endpoint, Image};

use crate::support::{builder, client, config, jpeg, server};

#[tokio::test]
async fn two_hundred_images_eight_at_a_time_none_lost() {
    let server = server(config()).await;
    let c = client(&server, Endpoint::Auto);
    let images: Vec<Image> = (0..200)
        .map(|i| Image::from_bytes(jpeg(1000 + i, i as u32)))
        .collect();
    let results: Vec<_> = c.recognize_many(images, 8).collect().await;
    assert_eq!(results.len(), 200);
    let mut seen = HashSet::new();
    let mut orders = HashSet::new();
    for (index, result) in results {
        assert!(seen.insert(index), "index {index} twice");
        let found = result.unwrap_or_else(|e| panic!("{index}: {e}"));
        assert!(orders.insert(found.order_id.unwrap()));
    }
    assert_eq!(seen, (0..200).collect::<HashSet<_>>());
    server.shutdown().await;
}

#[tokio::test]
async fn failures_keep_their_index() {
    let server = server(config()).await;
    let c = client(&server, Endpoint::Query);
    let images = vec![
        Image::from_bytes(jpeg(100, 1)),
        Image::from_bytes(Vec::new()),
        Image::from_bytes(jpeg(100, 2)),
    ];
    let mut results: Vec<_> = c.recognize_many(images, 0).collect().await;
    results.sort_by_key(|(i, _)| *i);
    assert!(results[0].1.is_ok());
    assert!(matches!(
        results[1].1,
        Err(regcert_client::Error::InvalidImage(_))
    ));
    assert!(results[2].1.is_ok());
    server.shutdown().await;
}

#[tokio::test]
async fn rate_limit_spaces_requests_across_tasks() {
    let server = server(config()).await;
    let c = builder(&server).requests_per_second(20.0).build().unwrap();
    let started = Instant::now();
    let images = (0..6).map(|i| Image::from_bytes(jpeg(100, i)));
    let done = c
        .recognize_many(images, 6)
        .filter(|(_, r)| std::future::ready(r.is_ok()))
        .count()
        .await;
    assert_eq!(done, 6);
    // Six slots 50 ms apart: the last starts 250 ms after the first.
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    server.shutdown().await;
}
