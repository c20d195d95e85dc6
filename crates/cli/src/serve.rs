//! `regcert serve`: the API-compatible server on a local address.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::str::FromStr;
use std::time::Duration;

use regcert_server::{
    Config, DEFAULT_MAX_UPLOAD_BYTES, Fault, FaultRule, Faults, SANDBOX_KEY, Server, Trigger,
};

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

/// One `--fault KIND:WHEN`.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultSpec {
    kind: FaultKind,
    when: When,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FaultKind {
    Http500,
    Http502,
    Http503,
    Http429,
    Drop,
    Truncated,
    Empty,
    NonUtf8,
    ApiNetworkError,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum When {
    FirstN(u32),
    Probability(f64),
}

const KINDS: [(&str, FaultKind); 9] = [
    ("500", FaultKind::Http500),
    ("502", FaultKind::Http502),
    ("503", FaultKind::Http503),
    ("429", FaultKind::Http429),
    ("drop", FaultKind::Drop),
    ("truncated", FaultKind::Truncated),
    ("empty", FaultKind::Empty),
    ("non-utf8", FaultKind::NonUtf8),
    ("270901", FaultKind::ApiNetworkError),
];

impl FromStr for FaultSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<FaultSpec, String> {
        let names = || KINDS.map(|(n, _)| n).join(", ");
        let (kind, when) = s
            .split_once(':')
            .ok_or_else(|| format!("expected KIND:first=N or KIND:p=P, got {s:?}"))?;
        let kind = KINDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(kind))
            .map(|(_, k)| *k)
            .ok_or_else(|| format!("unknown fault {kind:?}; one of {}", names()))?;
        let when = match when.split_once('=') {
            Some(("first", n)) => n
                .parse::<u32>()
                .map(When::FirstN)
                .map_err(|_| format!("first= needs a whole number, got {n:?}"))?,
            Some(("p", p)) => match p.parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => When::Probability(p),
                _ => return Err(format!("p= needs a number from 0 to 1, got {p:?}")),
            },
            _ => {
                return Err(format!(
                    "expected first=N or p=P after the colon, got {when:?}"
                ));
            }
        };
        Ok(FaultSpec { kind, when })
    }
}

impl FaultSpec {
    /// The server's rule: `retry_after` goes with 503 and 429, `seed` drives
    /// a p= rule.
    fn rule(&self, retry_after: Option<u64>, seed: u64) -> FaultRule {
        let fault = match self.kind {
            FaultKind::Http500 => Fault::Http500Html,
            FaultKind::Http502 => Fault::Http502Html,
            FaultKind::Http503 => Fault::Http503Html {
                retry_after_secs: retry_after,
            },
            FaultKind::Http429 => Fault::Http429 {
                retry_after_secs: retry_after,
            },
            FaultKind::Drop => Fault::DropConnection,
            FaultKind::Truncated => Fault::TruncatedJson,
            FaultKind::Empty => Fault::EmptyBody,
            FaultKind::NonUtf8 => Fault::NonUtf8Body,
            FaultKind::ApiNetworkError => Fault::ApiNetworkError,
        };
        let when = match self.when {
            When::FirstN(n) => Trigger::FirstN(n),
            When::Probability(p) => Trigger::Probability { p, seed },
        };
        FaultRule { fault, when }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_specs_parse() {
        let spec: FaultSpec = "503:first=2".parse().unwrap();
        let rule = spec.rule(Some(3), 9);
        assert_eq!(
            rule.fault,
            Fault::Http503Html {
                retry_after_secs: Some(3)
            }
        );
        assert!(matches!(rule.when, Trigger::FirstN(2)));
        let rule = "DROP:p=0.25".parse::<FaultSpec>().unwrap().rule(None, 9);
        assert_eq!(rule.fault, Fault::DropConnection);
        assert!(matches!(rule.when, Trigger::Probability { p, seed: 9 } if p == 0.25));
        for (text, fault) in [
            ("270901:first=1", Fault::ApiNetworkError),
            ("non-utf8:first=1", Fault::NonUtf8Body),
            ("truncated:first=1", Fault::TruncatedJson),
        ] {
            assert_eq!(
                text.parse::<FaultSpec>().unwrap().rule(None, 0).fault,
                fault
            );
        }
    }

    #[test]
    fn bad_fault_specs_say_what_is_wrong() {
        for (text, says) in [
            ("503", "KIND:first=N"),
            ("504:first=1", "one of 500, 502"),
            ("503:first=x", "whole number"),
            ("503:p=1.5", "from 0 to 1"),
            ("503:often", "first=N or p=P"),
        ] {
            let err = text.parse::<FaultSpec>().unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
