//! What a running batch shows and hears: the progress bar, Ctrl-C and
//! SIGTERM, and the closing line.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The exit status after Ctrl-C (128 + SIGINT).
pub(super) const INTERRUPTED: u8 = 130;

/// Counts of one run.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) ok: u64,
    pub(super) failed: u64,
}

/// A bar on stderr when it is a terminal and there is more than one input.
pub(super) fn progress_bar(total: usize) -> ProgressBar {
    if total < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {pos}/{len} ({per_sec}, eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Ctrl-C and SIGTERM, listened to from creation on (so a signal that comes
/// early is not lost to the default handler, which would kill the process).
pub(super) struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    pub(super) fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next Ctrl-C or SIGTERM.
    async fn recv(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// First Ctrl-C (or SIGTERM): start no new input, finish those in flight.
/// Second: leave at once (every line already written is complete).
pub(super) async fn watch_signals(
    mut signals: Signals,
    stop: Arc<AtomicBool>,
    progress: ProgressBar,
) {
    signals.recv().await;
    stop.store(true, Ordering::SeqCst);
    progress.suspend(|| {
        eprintln!(
            "regcert: stopping: finishing the images in flight (press Ctrl-C again to quit now)"
        );
    });
    signals.recv().await;
    progress.abandon();
    std::process::exit(i32::from(INTERRUPTED));
}

/// The one line on stderr at the end.
pub(super) fn summary(
    tally: &Tally,
    skipped: usize,
    not_started: u64,
    elapsed: Duration,
    interrupted: bool,
    output: Option<&Path>,
) {
    let secs = elapsed.as_secs_f64();
    let done = tally.ok + tally.failed;
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let mut line = format!(
        "regcert: {} ok, {} failed in {secs:.2} s ({rate:.1} images/s)",
        tally.ok, tally.failed
    );
    if skipped > 0 {
        line.push_str(&format!("; {skipped} skipped, already recorded"));
    }
    if interrupted {
        line.push_str(&format!("; interrupted, {not_started} not started"));
        if let Some(path) = output {
            line.push_str(&format!(
                " (rerun with --resume -o {} to continue)",
                path.display()
            ));
        }
    }
    eprintln!("{line}");
}
