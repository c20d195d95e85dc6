//! `regcert recognize PATH...`: images in, records out, for one file or a
//! folder of a hundred thousand scans.
//!
//! With `--local` the offline engine reads the images in this process: no
//! key, no network, and each record's `confidence` filled.
//!
//! Exit status: 0 when every input gave a record, 1 when at least one failed,
//! 2 on a usage or configuration error (no key, missing models, bad option,
//! unwritable output), 130 when interrupted (the output is valid; rerun with
//! `--resume`).

mod args;
mod inputs;
mod output;
mod progress;
mod resume;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use regcert_client::{Client, Endpoint, Image, RetryPolicy};
use regcert_model::VehicleRegistration;

use args::EndpointArg;
pub use args::RecognizeArgs;
use inputs::Input;
use output::{Bom, Failure, Format, Inputs, Outcome, Sink, Start};
use progress::{INTERRUPTED, Signals, Tally, progress_bar, summary, watch_signals};

/// The exit status of a usage or configuration error.
const USAGE: u8 = 2;

/// A usage or configuration error: its message, for stderr.
struct UsageError(String);

/// Runs `regcert recognize` on a runtime of its own.
pub fn run(args: RecognizeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("regcert: cannot start the async runtime: {e}");
            return ExitCode::from(USAGE);
        }
    };
    match runtime.block_on(recognize(args)) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            eprintln!("regcert: {message}");
            ExitCode::from(USAGE)
        }
    }
}

async fn recognize(args: RecognizeArgs) -> Result<ExitCode, UsageError> {
    let started = Instant::now();
    let (all, warnings) = inputs::collect(&args.paths);
    for w in &warnings {
        eprintln!("regcert: warning: {w}");
    }
    if all.is_empty() {
        return Err(UsageError(format!(
            "no images found (searched for .{} files)",
            inputs::IMAGE_EXTENSIONS.join(" .")
        )));
    }
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(if all.len() == 1 {
            Format::Json
        } else {
            Format::Jsonl
        });
    if args.resume && !format.streams() {
        return Err(UsageError(
            "--resume needs --format jsonl or csv (results written as they arrive)".into(),
        ));
    }
    if args.excel && format != Format::Csv {
        return Err(UsageError("--excel applies to --format csv only".into()));
    }

    // The output is locked first: a second run on it stops here, before
    // anything is read or written.
    let locked = match &args.output {
        None => None,
        Some(path) => Some(resume::lock(path).map_err(|e| match e {
            resume::OpenError::InUse => UsageError(format!(
                "{} is in use by another regcert recognize run (its lock is held): \
                 wait for that run to end, or write to another file",
                path.display()
            )),
            resume::OpenError::Io(e) => UsageError(format!("cannot write {}: {e}", path.display())),
        })?),
    };

    let (client, sandbox) = connect(&args).await?;

    // Where results go; with --resume, what is already there.
    let mut skipped = 0usize;
    let mut todo: Vec<(usize, Input)> = all.into_iter().enumerate().collect();
    let inputs = if todo.len() == 1 {
        Inputs::One
    } else {
        Inputs::Several
    };
    let (dest, start): (Box<dyn std::io::Write + Send>, Start) = match (&args.output, locked) {
        (Some(path), Some(locked)) if args.resume => {
            let (file, recorded) = locked
                .resume(path, format, args.retry_failed)
                .map_err(|e| UsageError(format!("cannot resume {}: {e}", path.display())))?;
            if recorded.dropped_bytes > 0 {
                eprintln!(
                    "regcert: {}: dropped an incomplete last line ({} bytes)",
                    path.display(),
                    recorded.dropped_bytes
                );
            }
            if recorded.retried > 0 {
                eprintln!(
                    "regcert: {}: {} failed input(s) taken out to run again",
                    path.display(),
                    recorded.retried
                );
            }
            let before = todo.len();
            todo.retain(|(_, input)| !recorded.files.contains(&input.name));
            skipped = before - todo.len();
            let start = if recorded.empty {
                Start::Fresh
            } else {
                Start::Append
            };
            (Box::new(file), start)
        }
        (Some(path), Some(locked)) => {
            let file = locked
                .truncate()
                .map_err(|e| UsageError(format!("cannot write {}: {e}", path.display())))?;
            (Box::new(file), Start::Fresh)
        }
        _ => (Box::new(std::io::stdout()), Start::Fresh),
    };
    let bom = if args.excel { Bom::Excel } else { Bom::Plain };
    let mut sink = Sink::new(format, dest, inputs, start, bom)
        .map_err(|e| UsageError(format!("cannot write the output: {e}")))?;

    let progress = progress_bar(todo.len());
    let stop = Arc::new(AtomicBool::new(false));
    let signals =
        Signals::new().map_err(|e| UsageError(format!("cannot listen for Ctrl-C: {e}")))?;
    let watcher = tokio::spawn(watch_signals(signals, Arc::clone(&stop), progress.clone()));

    let concurrency = args
        .concurrency
        .map_or_else(|| default_concurrency(client.is_local()), usize::from);
    let gate = client
        .is_local()
        .then(|| Arc::new(local_gate(&args, concurrency)));
    let stop_feed = Arc::clone(&stop);
    let total = todo.len();
    let mut results = futures_util::stream::iter(todo)
        .take_while(move |_| std::future::ready(!stop_feed.load(Ordering::SeqCst)))
        .map(|(index, input)| {
            let client = client.clone();
            let gate = gate.clone();
            async move {
                let result = recognize_one(&client, gate.as_deref(), &input).await;
                (
                    index,
                    Outcome {
                        file: input.name,
                        result,
                    },
                )
            }
        })
        .buffer_unordered(concurrency);

    let mut tally = Tally::default();
    let mut write_error = None;
    while let Some((index, outcome)) = results.next().await {
        match &outcome.result {
            Ok(_) => tally.ok += 1,
            Err(f) => {
                tally.failed += 1;
                progress.suspend(|| eprintln!("regcert: {}: {}", outcome.file, f.message));
            }
        }
        progress.inc(1);
        if let Err(e) = sink.push(index, outcome) {
            write_error = Some(e);
            stop.store(true, Ordering::SeqCst);
            break;
        }
    }
    drop(results);
    watcher.abort();
    progress.finish_and_clear();
    if write_error.is_none()
        && let Err(e) = sink.finish()
    {
        write_error = Some(e);
    }
    if let Some(server) = sandbox {
        server.shutdown().await;
    }

    let done = tally.ok + tally.failed;
    let interrupted = write_error.is_none() && done < total as u64;
    summary(
        &tally,
        skipped,
        total as u64 - done,
        started.elapsed(),
        interrupted,
        args.output.as_deref(),
    );
    if let Some(e) = write_error {
        eprintln!("regcert: cannot write the output: {e}");
        return Ok(ExitCode::from(USAGE));
    }
    Ok(if interrupted {
        ExitCode::from(INTERRUPTED)
    } else if tally.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Images in flight by default: 4 requests to the API; for the local
/// engine, which keeps a core busy per image, half the cores.
fn default_concurrency(local: bool) -> usize {
    if local {
        std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
    } else {
        4
    }
}

/// Builds the client: the offline engine with `--local`, else the API,
/// starting the sandbox server first with `--sandbox`.
async fn connect(
    args: &RecognizeArgs,
) -> Result<(Client, Option<regcert_server::Server>), UsageError> {
    #[cfg(feature = "local")]
    if args.local {
        let models = args.models.clone();
        let client = tokio::task::spawn_blocking(move || match models {
            Some(dir) => Client::builder().local_models(dir).build(),
            None => Client::builder().local().build(),
        })
        .await
        .map_err(|e| UsageError(format!("cannot load the models: {e}")))?
        .map_err(|e| UsageError(e.to_string()))?;
        return Ok((client, None));
    }
    let mut builder = Client::builder()
        .timeout(args.timeout)
        .retry(RetryPolicy::default().with_attempts(args.retries.saturating_add(1)))
        .endpoint(match args.endpoint {
            EndpointArg::Auto => Endpoint::Auto,
            EndpointArg::Query => Endpoint::Query,
            EndpointArg::Verify => Endpoint::Verify,
        });
    if let Some(qps) = args.qps {
        builder = builder.requests_per_second(qps);
    }
    let mut sandbox = None;
    if args.sandbox {
        if let Some(dir) = &args.fixtures
            && !dir.is_dir()
        {
            return Err(UsageError(format!(
                "--fixtures {}: not a folder",
                dir.display()
            )));
        }
        let config = regcert_server::Config {
            keys: vec![regcert_server::SANDBOX_KEY.to_owned()],
            fixtures: args.fixtures.clone(),
            ..regcert_server::Config::default()
        };
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let server = regcert_server::Server::bind(addr, config)
            .await
            .map_err(|e| {
                let why = crate::serve::start_failure(&e);
                UsageError(format!("cannot start the sandbox server: {why}"))
            })?;
        eprintln!(
            "regcert: sandbox: answers come from a local server at {} and are fictional \
             sample data, not recognition results",
            server.url()
        );
        builder = builder
            .key(regcert_server::SANDBOX_KEY)
            .base_url(server.url());
        sandbox = Some(server);
    } else {
        let key = args.key.as_deref().map(str::trim).unwrap_or_default();
        if key.is_empty() {
            return Err(UsageError(
                "no API key: pass --key KEY or set JUHE_KEY (the key is shown in the Juhe \
                 console, 个人中心 → 我的数据); or try --sandbox for fictional sample data"
                    .into(),
            ));
        }
        builder = builder.key(key);
        if let Some(url) = &args.base_url {
            builder = builder.base_url(url);
        }
    }
    let client = builder.build().map_err(|e| UsageError(e.to_string()))?;
    Ok((client, sandbox))
}

/// The admission of `--local` batches: the server's gate (see `regcert
/// serve --memory-budget`), with `concurrency` images at once and a queue
/// that never refuses.
fn local_gate(args: &RecognizeArgs, concurrency: usize) -> regcert_server::Admission {
    let defaults = regcert_server::Limits::default();
    #[cfg(feature = "local")]
    let memory_budget = args.memory_budget.unwrap_or(defaults.memory_budget);
    #[cfg(not(feature = "local"))]
    let memory_budget = {
        let _ = args;
        defaults.memory_budget
    };
    regcert_server::Admission::new(&regcert_server::Limits {
        max_inflight: concurrency,
        queue_len: usize::MAX,
        queue_timeout: Duration::from_secs(365 * 24 * 3600),
        memory_budget,
        ..defaults
    })
}

/// The memory reading `image` takes by the engine's estimate from its
/// header; 0 (admitted by count alone) when the engine will refuse it anyway.
fn memory_estimate(image: &Image) -> u64 {
    #[cfg(feature = "local")]
    return regcert_engine::Engine::memory_estimate(image.bytes()).unwrap_or(0);
    #[cfg(not(feature = "local"))]
    {
        let _ = image;
        0
    }
}

/// Reads and recognizes one input; with a gate (`--local`), once admitted.
async fn recognize_one(
    client: &Client,
    gate: Option<&regcert_server::Admission>,
    input: &Input,
) -> Result<VehicleRegistration, Failure> {
    if let Some(problem) = &input.problem {
        return Err(Failure {
            kind: "io",
            code: None,
            message: problem.clone(),
        });
    }
    let path = input.path.clone();
    let image = tokio::task::spawn_blocking(move || Image::from_path(path))
        .await
        .map_err(|e| Failure {
            kind: "io",
            code: None,
            message: e.to_string(),
        })?
        .map_err(|e| Failure::from(&e))?;
    let _permit = match gate {
        Some(gate) => {
            let bytes = memory_estimate(&image);
            Some(gate.admit(bytes).await.map_err(|_| Failure {
                kind: "local",
                code: None,
                message: format!(
                    "the image needs about {} MB to read, over the memory budget (--memory-budget)",
                    bytes >> 20
                ),
            })?)
        }
        None => None,
    };
    match client.recognize(image).await {
        Ok(recognition) => Ok(recognition.record),
        Err(e) => Err(Failure::from(&e)),
    }
}
