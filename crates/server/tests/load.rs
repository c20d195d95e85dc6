//! Many large images at once against the offline engine: every answer is
//! a recognition or the busy answer, the process's peak memory stays
//! bounded, and the server keeps answering other requests meanwhile.
//!
//! Scaled down from the production check (16 uploads of a 7200×7200
//! 16-bit PNG under a 1.5 GB peak, see `scripts/bench-serve.sh`): 6 uploads
//! of a 4800×4800 one.

#[allow(dead_code)]
mod support;

use std::sync::Arc;
use std::time::Duration;

use regcert_model::ErrorCode;
use regcert_server::{Config, EngineRecognizer, Limits, Recognizer};

use support::*;

/// A `side`×`side` 16-bit RGBA PNG of white with bands of dark "text",
/// written row by row (the full pixels never exist in memory).
fn big_png(side: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Sixteen);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let white = vec![0xFFu8; side as usize * 8];
    let dark: Vec<u8> = (0..side)
        .flat_map(|_| [0x20, 0, 0x20, 0, 0x20, 0, 0xFF, 0xFF])
        .collect();
    for y in 0..side {
        let row = if (y / 40) % 7 == 3 && y % 40 < 20 {
            &dark
        } else {
            &white
        };
        std::io::Write::write_all(&mut stream, row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    out
}

/// The process's peak resident memory (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_large_images_at_once_stay_within_memory() {
    let image = big_png(4800);
    assert!(image.len() < 2 * 1024 * 1024, "{} bytes", image.len());
    let recognizer = EngineRecognizer::load(None).unwrap_or_else(|e| panic!("{e}"));
    // A budget for one such image at a time (about 620 MB by the engine's
    // estimate), as a container of about 1 GB would set.
    let estimate = recognizer
        .memory_estimate(&image)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        estimate < 768 * 1024 * 1024,
        "estimate {} MB",
        estimate >> 20
    );
    let server = start(Config {
        recognizer: Some(Arc::new(recognizer)),
        limits: Limits {
            memory_budget: estimate + estimate / 4,
            max_inflight: 2,
            queue_len: 2,
            queue_timeout: Duration::from_secs(120),
            ..Limits::default()
        },
        ..config()
    })
    .await;
    let before = peak_rss();
    let burst = futures_util::future::join_all((0..6).map(|_| {
        let url = server.url();
        let image = image.clone();
        async move {
            let form = reqwest::multipart::Form::new().text("key", KEY).part(
                "file",
                reqwest::multipart::Part::bytes(image).file_name("big.png"),
            );
            let sent = http()
                .post(format!("{url}/verify_cardjz_certificate/verify"))
                .multipart(form)
                .send()
                .await
                .unwrap();
            read(sent).await.unwrap()
        }
    }));
    let meanwhile = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let health = http()
            .get(format!("{}/healthz", server.url()))
            .send()
            .await
            .unwrap();
        let wrong_key = query(&server, "wrong", &jpeg(b"x")).await;
        (health.status().as_u16(), wrong_key)
    };
    let (replies, (health, wrong_key)) = tokio::join!(burst, meanwhile);
    assert_eq!(health, 200);
    assert_api_error(&wrong_key, ErrorCode::InvalidKey);
    let ok = replies.iter().filter(|r| r.error_code() == 0).count();
    let busy = replies
        .iter()
        .filter(|r| r.error_code() == ErrorCode::InternalError.code())
        .count();
    assert_eq!(ok + busy, 6, "every answer is a recognition or busy");
    assert!(ok >= 2, "{ok} recognized");
    let peak = peak_rss();
    eprintln!(
        "peak RSS {} MB (before the burst {} MB)",
        peak >> 20,
        before >> 20
    );
    assert!(peak < 1024 * 1024 * 1024, "peak RSS {} MB", peak >> 20);
    server.shutdown().await;
}
