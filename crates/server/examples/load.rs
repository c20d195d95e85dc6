//! A load generator for `regcert serve` on loopback (used by
//! `scripts/bench-serve.sh`): N connections send the same image for S
//! seconds, or each once with `--once`; prints throughput, latency
//! percentiles and how the answers split.
//!
//! ```sh
//! cargo run --release -p regcert-server --example load -- \
//!     http://127.0.0.1:8080 IMAGE [--key K] [--connections N] [--seconds S] [--multipart] [--once] [--slow-headers N]
//! ```
//!
//! `--slow-headers N` first opens N connections that send half a request
//! line and stall (as a slow-header attack does), and keeps them open
//! during the run.

use std::time::{Duration, Instant};

use base64::Engine as _;

struct Options {
    url: String,
    image: Vec<u8>,
    key: String,
    connections: usize,
    seconds: f64,
    multipart: bool,
    once: bool,
    slow_headers: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or("usage: load URL IMAGE [options]")?;
    let image_path = args.next().ok_or("usage: load URL IMAGE [options]")?;
    let image = std::fs::read(&image_path).map_err(|e| format!("{image_path}: {e}"))?;
    let mut o = Options {
        url,
        image,
        key: "sandbox".to_owned(),
        connections: 8,
        seconds: 10.0,
        multipart: false,
        once: false,
        slow_headers: 0,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--key" => o.key = value()?,
            "--connections" => o.connections = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("{e}"))?,
            "--multipart" => o.multipart = true,
            "--once" => o.once = true,
            "--slow-headers" => o.slow_headers = value()?.parse().map_err(|e| format!("{e}"))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// One answer: its latency and error code (-1 when not the API's JSON).
async fn send(client: &reqwest::Client, o: &Options, b64: &str) -> (Duration, i64) {
    let started = Instant::now();
    let request = if o.multipart {
        let form = reqwest::multipart::Form::new()
            .text("key", o.key.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(o.image.clone()).file_name("image"),
            );
        client
            .post(format!("{}/verify_cardjz_certificate/verify", o.url))
            .multipart(form)
    } else {
        client
            .post(format!("{}/verify_cardjz_certificate/query", o.url))
            .form(&[("key", o.key.as_str()), ("file", b64)])
    };
    let code = match request.send().await {
        Ok(response) => match response.bytes().await {
            Ok(body) => serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error_code"].as_i64())
                .unwrap_or(-1),
            Err(_) => -1,
        },
        Err(_) => -1,
    };
    (started.elapsed(), code)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let o = std::sync::Arc::new(options()?);
    let b64 = std::sync::Arc::new(base64::engine::general_purpose::STANDARD.encode(&o.image));
    let addr = o.url.trim_start_matches("http://").to_owned();
    let mut stalled = Vec::with_capacity(o.slow_headers);
    for _ in 0..o.slow_headers {
        use tokio::io::AsyncWriteExt as _;
        let mut s = tokio::net::TcpStream::connect(&addr)
            .await
            .map_err(|e| format!("slow connection {}: {e}", stalled.len()))?;
        s.write_all(b"POST /verify_cardjz_certificate/query HTT")
            .await
            .map_err(|e| e.to_string())?;
        stalled.push(s);
    }
    if o.slow_headers > 0 {
        println!("{} slow-header connections open", stalled.len());
    }
    let deadline = Instant::now() + Duration::from_secs_f64(o.seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..o.connections)
        .map(|_| {
            let o = std::sync::Arc::clone(&o);
            let b64 = std::sync::Arc::clone(&b64);
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .timeout(Duration::from_secs(300))
                    .build()
                    .expect("client");
                let mut seen = Vec::new();
                loop {
                    seen.push(send(&client, &o, &b64).await);
                    if o.once || Instant::now() >= deadline {
                        break seen;
                    }
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.map_err(|e| e.to_string())?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(stalled);
    let mut latencies: Vec<Duration> = all.iter().map(|(d, _)| *d).collect();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    let count = |code: i64| all.iter().filter(|(_, c)| *c == code).count();
    println!(
        "requests {} in {elapsed:.1} s: {:.1} req/s, p50 {:.1} ms, p99 {:.1} ms; ok {}, busy (10014) {}, other {}",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        count(0),
        count(10014),
        all.len() - count(0) - count(10014),
    );
    Ok(())
}
