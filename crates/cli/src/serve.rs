//! `regcert serve`: the API-compatible server on a local address.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::time::Duration;

use regcert_server::{Config, DEFAULT_MAX_UPLOAD_BYTES, Faults, Limits, SANDBOX_KEY, Server};

mod fault_spec;

pub use fault_spec::FaultSpec;

/// The environment variable holding keys to accept (separated by commas,
/// spaces or line breaks): keys out of `ps`.
pub const KEYS_ENV: &str = "REGCERT_SERVE_KEYS";

/// Arguments of `regcert serve`.
#[derive(clap::Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed on the first line).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// An API key to accept (repeat for more). At least one key, or
    /// --sandbox-key, is required.
    #[arg(long = "key", value_name = "KEY")]
    keys: Vec<String>,
    /// A file of keys to accept, one a line (blank lines and lines starting
    /// with # ignored); read again on SIGHUP. Keys also come from
    /// $REGCERT_SERVE_KEYS (comma or space separated). Unlike --key, neither
    /// shows in `ps`.
    #[arg(long, value_name = "PATH")]
    key_file: Option<PathBuf>,
    /// Also accept the sandbox key "sandbox" (what `regcert recognize --sandbox` sends).
    #[arg(long)]
    sandbox_key: bool,
    /// Memory for recognitions at once, estimated from each image's header
    /// before decoding (bytes, or with K, M, G suffix) [default: 60% of the
    /// memory the process may use: its cgroup's limit, else the machine's].
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    memory_budget: Option<u64>,
    /// Recognitions running at once [default: the CPUs the process may use].
    #[arg(long, value_name = "N")]
    max_inflight: Option<usize>,
    /// Recognitions waiting for admission; more are answered busy (10014,
    /// with Retry-After) at once [default: 4 × --max-inflight].
    #[arg(long, value_name = "N")]
    queue: Option<usize>,
    /// Longest wait for admission before the busy answer, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    queue_timeout: f64,
    /// Request bodies over 1 MiB read at once [default: 4 × the CPUs].
    #[arg(long, value_name = "N")]
    max_uploads: Option<usize>,
    /// Longest time to receive a request's headers, and to keep an idle
    /// keep-alive connection, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    header_timeout: f64,
    /// Longest pause while a body arrives, in seconds (then HTTP 408, 270901).
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    body_timeout: f64,
    /// Longest time from a request's headers to its answer, in seconds
    /// (then HTTP 408, 270901).
    #[arg(long, value_name = "SECS", default_value_t = 120.0)]
    request_timeout: f64,
    /// Threads for recognition (and for the runtime) [default: the CPUs the
    /// process may use: its affinity and cgroup CPU quota].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Folder of fixtures: IMAGE.jpg beside IMAGE.json, the response returned for that image.
    #[arg(long, value_name = "DIR")]
    fixtures: Option<PathBuf>,
    /// Requests allowed per key; later ones get error 10012.
    #[arg(long, value_name = "N")]
    quota: Option<u64>,
    /// Requests allowed per client IP per second; more get error 10011.
    #[arg(long, value_name = "N")]
    qps: Option<u32>,
    /// Largest request body in bytes; larger ones get HTTP 413.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_UPLOAD_BYTES)]
    max_upload_bytes: usize,
    /// Inject a failure into recognition answers, to test a client's
    /// retries (repeatable; the first rule that fires wins). KIND is 500,
    /// 502, 503, 429 (HTML error pages), drop (connection cut), truncated
    /// (half a JSON answer), empty, non-utf8 or 270901 (the API's network
    /// error); WHEN is first=N (the first N requests) or p=P (each request
    /// with chance P, drawn from --fault-seed). Example: --fault 503:first=2
    #[arg(long = "fault", value_name = "KIND:WHEN")]
    faults: Vec<FaultSpec>,
    /// Retry-After seconds sent with 503 and 429 faults.
    #[arg(long, value_name = "SECS", requires = "faults")]
    retry_after: Option<u64>,
    /// Seed of the p= faults: the same seed hits the same requests.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "faults")]
    fault_seed: u64,
    /// Delay before every recognition answer, in milliseconds.
    #[arg(long, value_name = "MS")]
    latency_ms: Option<u64>,
    /// Answer with real recognitions by the offline engine instead of
    /// fixtures and the sandbox record (keys, quotas and error codes as
    /// before). The models come from `regcert models fetch`.
    #[cfg(feature = "local")]
    #[arg(long, conflicts_with = "fixtures")]
    local: bool,
    /// With --local: the folder holding the models [default: see
    /// `regcert models path`].
    #[cfg(feature = "local")]
    #[arg(long, value_name = "DIR", requires = "local")]
    models: Option<PathBuf>,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line.
    Json,
}

/// `2G`, `512M`, `64K`, `1000` (bytes; powers of 1024).
pub(crate) fn parse_bytes(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit
        .trim()
        .trim_end_matches(['i', 'B', 'b'])
        .to_ascii_uppercase()
        .as_str()
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("expected bytes such as 1500M or 2G, got {text:?}")),
    };
    let value: f64 = digits
        .parse()
        .map_err(|_| format!("expected bytes such as 1500M or 2G, got {text:?}"))?;
    Ok((value * (1u64 << shift) as f64) as u64)
}

fn seconds(name: &str, secs: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("--{name} needs a positive number of seconds, got {secs}"))
}

/// Keys separated by commas or whitespace; lines starting with `#` ignored.
fn split_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split(|c: char| c == ',' || c.is_whitespace()))
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every key to accept: --key, --sandbox-key, $REGCERT_SERVE_KEYS and the
/// key file (an unreadable file is an error naming it, never its content).
fn all_keys(args: &ServeArgs) -> Result<Vec<String>, String> {
    let mut keys = args.keys.clone();
    if args.sandbox_key {
        keys.push(SANDBOX_KEY.to_owned());
    }
    if let Ok(text) = std::env::var(KEYS_ENV) {
        keys.extend(split_keys(&text));
    }
    if let Some(path) = &args.key_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
        keys.extend(split_keys(&text));
    }
    Ok(keys)
}

/// The limits from the flags, the rest from what the process may use.
fn limits(args: &ServeArgs) -> Result<Limits, String> {
    let mut limits = Limits::default();
    let cpus = args
        .threads
        .map_or_else(regcert_server::available_cpus, usize::from);
    if let Some(budget) = args.memory_budget {
        limits.memory_budget = budget;
    }
    limits.max_inflight = args.max_inflight.unwrap_or(cpus).max(1);
    limits.queue_len = args.queue.unwrap_or(4 * limits.max_inflight);
    limits.max_uploads = args.max_uploads.unwrap_or(4 * cpus).max(1);
    limits.queue_timeout = seconds("queue-timeout", args.queue_timeout)?;
    limits.header_timeout = seconds("header-timeout", args.header_timeout)?;
    limits.body_timeout = seconds("body-timeout", args.body_timeout)?;
    limits.request_timeout = seconds("request-timeout", args.request_timeout)?;
    Ok(limits)
}

/// Serves until SIGINT or SIGTERM, then exits 0 (requests in flight are
/// answered first, for up to 10 s). Prints `listening on http://IP:PORT` as
/// the first line on stdout; request logs go to stderr (filter with
/// `RUST_LOG`, default `info`; `--log-format json`). SIGHUP reads the key
/// file again. Exit 1 when the server cannot start (address in use,
/// unreadable fixture), 2 when no key is given, a flag is wrong or, with
/// `--local`, the models cannot be loaded.
pub fn run(args: &ServeArgs) -> ExitCode {
    let keys = match all_keys(args) {
        Ok(keys) => keys,
        Err(e) => {
            eprintln!("regcert serve: {e}");
            return ExitCode::from(2);
        }
    };
    if keys.is_empty() {
        eprintln!(
            "regcert serve: no key to accept: give --key KEY (repeatable), --key-file PATH, ${KEYS_ENV} or --sandbox-key"
        );
        return ExitCode::from(2);
    }
    let limits = match limits(args) {
        Ok(limits) => limits,
        Err(e) => {
            eprintln!("regcert serve: {e}");
            return ExitCode::from(2);
        }
    };
    let threads = args
        .threads
        .map_or_else(regcert_server::available_cpus, usize::from);
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "regcert serve: warning: {} is not a loopback address; the server speaks plain HTTP",
            args.addr.ip()
        );
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match args.log_format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs.json().flatten_event(true).try_init(),
    };
    // Recognition runs on rayon's global pool (the models' threads).
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
    {
        tracing::debug!(error = %e, "the recognition pool was already built");
    }
    #[cfg_attr(not(feature = "local"), allow(unused_mut))]
    let mut config = Config {
        keys,
        fixtures: args.fixtures.clone(),
        quota_per_key: args.quota,
        qps_per_client: args.qps,
        max_upload_bytes: args.max_upload_bytes,
        limits,
        faults: Faults {
            latency: args.latency_ms.map(Duration::from_millis),
            rules: args
                .faults
                .iter()
                .enumerate()
                .map(|(i, spec)| {
                    spec.rule(args.retry_after, args.fault_seed.wrapping_add(i as u64))
                })
                .collect(),
        },
        ..Config::default()
    };
    #[cfg(feature = "local")]
    if args.local {
        let started = std::time::Instant::now();
        match regcert_server::EngineRecognizer::load(args.models.as_deref()) {
            Ok(recognizer) => {
                config.recognizer = Some(std::sync::Arc::new(recognizer));
                config.model_load_time = Some(started.elapsed());
            }
            Err(e) => {
                eprintln!("regcert serve: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("regcert serve: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let reload = args.key_file.is_some().then(|| {
        let args = args.clone();
        move || all_keys(&args)
    });
    runtime.block_on(serve(args.addr, config, reload))
}

/// Why a server did not start, with every cause (the operating system's
/// words for an address in use, say).
pub(crate) fn start_failure(e: &regcert_server::ServerError) -> String {
    let causes = std::iter::successors(Some(e as &dyn std::error::Error), |e| e.source());
    causes
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

async fn serve(
    addr: SocketAddr,
    config: Config,
    reload: Option<impl Fn() -> Result<Vec<String>, String> + Send + 'static>,
) -> ExitCode {
    let server = match Server::bind(addr, config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("regcert serve: cannot start: {}", start_failure(&e));
            return ExitCode::from(1);
        }
    };
    #[cfg(unix)]
    if let Some(reload) = reload {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut hangup) = signal(SignalKind::hangup()) {
            let set_keys = server.key_setter();
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    match reload() {
                        Ok(keys) => {
                            tracing::info!(keys = keys.len(), "keys reloaded");
                            set_keys(keys);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "keys not reloaded; the old ones stay");
                        }
                    }
                }
            });
        }
    }
    #[cfg(not(unix))]
    drop(reload);
    // Signals are listened for before the first line: a SIGTERM or SIGHUP
    // sent once it is printed is never the default one that kills.
    let stop = stop_signal();
    {
        let mut out = std::io::stdout().lock();
        if writeln!(out, "listening on {}", server.url())
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
    }
    stop.await;
    tracing::info!("draining: no new connections, answering the requests in flight");
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// A future that resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM; on
/// Unix both are listened for from the call on.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        signal(SignalKind::terminate())
            .and_then(|term| Ok((term, signal(SignalKind::interrupt())?)))
            .ok()
    };
    async move {
        #[cfg(unix)]
        if let Some((mut term, mut interrupt)) = signals {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes_and_key_lists_parse() {
        assert_eq!(parse_bytes("1500M"), Ok(1500 << 20));
        assert_eq!(parse_bytes("2G"), Ok(2 << 30));
        assert_eq!(parse_bytes("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_bytes("4096"), Ok(4096));
        assert!(parse_bytes("lots").is_err() && parse_bytes("3X").is_err());
        assert_eq!(
            split_keys("a, b\n# not-a-key\n\nc d\n"),
            ["a", "b", "c", "d"]
        );
    }
}
