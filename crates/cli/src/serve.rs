//! `regcert serve`: the API-compatible server on a local address.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use regcert_server::{Config, DEFAULT_MAX_UPLOAD_BYTES, SANDBOX_KEY, Server};

/// Arguments of `regcert serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed on the first line).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// An API key to accept (repeat for more). At least one key, or
    /// --sandbox-key, is required.
    #[arg(long = "key", value_name = "KEY")]
    keys: Vec<String>,
    /// Also accept the sandbox key "sandbox" (what `regcert recognize --sandbox` sends).
    #[arg(long)]
    sandbox_key: bool,
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
    /// Answer with real recognitions by the offline engine instead of
    /// fixtures and the sandbox record (keys, quotas and error codes as
    /// before). The models come from `make models`.
    #[cfg(feature = "local")]
    #[arg(long, conflicts_with = "fixtures")]
    local: bool,
    /// With --local: the folder holding the models [default:
    /// $REGCERT_MODELS, then models/].
    #[cfg(feature = "local")]
    #[arg(long, value_name = "DIR", requires = "local")]
    models: Option<PathBuf>,
}

/// Serves until SIGINT or SIGTERM, then exits 0. Prints `listening on
/// http://IP:PORT` as the first line on stdout; request logs go to stderr
/// (filter with `RUST_LOG`, default `info`). Exit 1 when the server cannot
/// start (address in use, unreadable fixture), 2 when no key is given or,
/// with `--local`, the models cannot be loaded.
pub fn run(args: &ServeArgs) -> ExitCode {
    let mut keys = args.keys.clone();
    if args.sandbox_key {
        keys.push(SANDBOX_KEY.to_owned());
    }
    if keys.is_empty() {
        eprintln!("regcert serve: no key to accept: give --key KEY (repeatable) or --sandbox-key");
        return ExitCode::from(2);
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "regcert serve: warning: {} is not a loopback address; the server speaks plain HTTP",
            args.addr.ip()
        );
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    #[cfg_attr(not(feature = "local"), allow(unused_mut))]
    let mut config = Config {
        keys,
        fixtures: args.fixtures.clone(),
        quota_per_key: args.quota,
        qps_per_client: args.qps,
        max_upload_bytes: args.max_upload_bytes,
        ..Config::default()
    };
    #[cfg(feature = "local")]
    if args.local {
        match regcert_server::EngineRecognizer::load(args.models.as_deref()) {
            Ok(recognizer) => config.recognizer = Some(std::sync::Arc::new(recognizer)),
            Err(e) => {
                eprintln!("regcert serve: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("regcert serve: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(serve(args.addr, config))
}

async fn serve(addr: SocketAddr, config: Config) -> ExitCode {
    let server = match Server::bind(addr, config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("regcert serve: cannot start on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        if writeln!(out, "listening on {}", server.url())
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::from(1);
        }
    }
    wait_for_signal().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
