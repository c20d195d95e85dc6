//! Measurements behind `make bench-client` (driven by
//! `scripts/bench_client.py`); not a test.
//!
//! ```text
//! bench serve                                   # prints the URL, serves until stdin closes
//! bench throughput URL ENDPOINT CONCURRENCY SECONDS IMAGE
//! bench peak-mem URL ENDPOINT BYTES             # one recognition of a generated image
//! ```
//! ENDPOINT is `query` or `verify`. Results are one JSON line on stdout.

use std::io::BufRead as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use regcert_client::{Client, Endpoint, Image, RetryPolicy};
use regcert_server::{Config, SANDBOX_KEY, Server};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), AnyError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["serve"] => rt.block_on(serve()),
        ["throughput", url, endpoint, concurrency, seconds, image] => rt.block_on(throughput(
            url,
            endpoint_arg(endpoint)?,
            concurrency.parse()?,
            Duration::from_secs_f64(seconds.parse()?),
            image,
        )),
        ["peak-mem", url, endpoint, bytes] => {
            rt.block_on(peak_mem(url, endpoint_arg(endpoint)?, bytes.parse()?))
        }
        _ => Err("usage: bench serve | throughput URL ENDPOINT CONCURRENCY SECONDS IMAGE | peak-mem URL ENDPOINT BYTES".into()),
    }
}

fn endpoint_arg(name: &str) -> Result<Endpoint, AnyError> {
    match name {
        "query" => Ok(Endpoint::Query),
        "verify" => Ok(Endpoint::Verify),
        other => Err(format!("unknown endpoint {other}").into()),
    }
}

fn client(url: &str, endpoint: Endpoint) -> Result<Client, AnyError> {
    Ok(Client::builder()
        .key(SANDBOX_KEY)
        .base_url(url)
        .endpoint(endpoint)
        .retry(RetryPolicy::none())
        .build()?)
}

/// A sandbox server on an ephemeral port until stdin closes.
async fn serve() -> Result<(), AnyError> {
    let config = Config {
        keys: vec![SANDBOX_KEY.to_owned()],
        ..Config::default()
    };
    let server = Server::bind(([127, 0, 0, 1], 0).into(), config).await?;
    println!("{}", server.url());
    tokio::task::spawn_blocking(|| std::io::stdin().lock().lines().count()).await?;
    server.shutdown().await;
    Ok(())
}

/// `concurrency` tasks recognizing the same image until the time is up.
async fn throughput(
    url: &str,
    endpoint: Endpoint,
    concurrency: usize,
    duration: Duration,
    image: &str,
) -> Result<(), AnyError> {
    let client = client(url, endpoint)?;
    let image = Image::from_path(image)?;
    client.recognize(image.clone()).await?; // warm the connection pool
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..concurrency.max(1))
        .map(|_| {
            let (client, image, done) = (client.clone(), image.clone(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    client.recognize(image.clone()).await?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok::<(), regcert_client::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    let secs = started.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    println!(
        "{{\"requests\":{n},\"seconds\":{secs:.3},\"rps\":{:.1}}}",
        n as f64 / secs
    );
    Ok(())
}

/// Peak resident memory added by one recognition of a `bytes`-long image,
/// the image itself included.
async fn peak_mem(url: &str, endpoint: Endpoint, bytes: usize) -> Result<(), AnyError> {
    let client = client(url, endpoint)?;
    client.recognize(Image::from_bytes(jpeg(4096))).await?; // runtime, pool, TLS set up
    let before = vm_hwm_kib()?;
    let found = client.recognize(Image::from_bytes(jpeg(bytes))).await?;
    let after = vm_hwm_kib()?;
    let added = (after.saturating_sub(before)) * 1024;
    println!(
        "{{\"image_bytes\":{bytes},\"peak_added_bytes\":{added},\"ratio\":{:.2},\"attempts\":{}}}",
        added as f64 / bytes as f64,
        found.attempts
    );
    Ok(())
}

/// `len` bytes that sniff as JPEG, allocated once at their final size.
fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len.max(4)];
    let mut x: u32 = 0x9E37_79B9;
    for b in bytes.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = (x >> 24) as u8;
    }
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    bytes
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn vm_hwm_kib() -> Result<u64, AnyError> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".into())
}
