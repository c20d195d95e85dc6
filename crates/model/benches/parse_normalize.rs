//! parse + normalize of every response in the fixture corpus, each beside an
//! untyped `serde_json::Value` parse of the same bytes: one criterion group
//! per fixture, named after its file, holding `parse_normalize` and
//! `serde_json_value`. `make bench-model` prints the table of ratios.
//!
//! Times are the CPU time of the benchmark's thread (on Unix), not wall-clock
//! time: the two sides run one after the other, and on a shared machine the
//! time spent waiting for a core would otherwise land on whichever side ran
//! while others were busy.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// Where the response fixtures live, relative to this crate.
const DIRS: &[&str] = &["tests/fixtures", "../../tests/fixtures/samples"];

/// Every `*.json` response of the corpus: (file stem, bytes), sorted by stem.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in DIRS {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name")
                .to_owned();
            assert!(
                files.iter().all(|(s, _)| *s != stem),
                "two fixtures named {stem}"
            );
            let bytes = std::fs::read(&path).expect("fixture readable");
            files.push((stem, bytes));
        }
    }
    files
}

/// CPU time used by this thread so far.
#[cfg(unix)]
fn cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let secs = u64::try_from(t.tv_sec).expect("CPU time is positive");
    let nanos = u32::try_from(t.tv_nsec).expect("nanoseconds below 1e9");
    Duration::new(secs, nanos)
}

/// Wall-clock time since the first call, where no CPU clock is at hand.
#[cfg(not(unix))]
fn cpu_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Criterion's loop of `iters` calls of `f`, timed with [`cpu_time`].
fn cpu_timed<T>(iters: u64, mut f: impl FnMut() -> T) -> Duration {
    let start = cpu_time();
    for _ in 0..iters {
        black_box(f());
    }
    cpu_time() - start
}

fn benches(c: &mut Criterion) {
    for (name, body) in corpus() {
        let body = body.as_slice();
        let mut group = c.benchmark_group(name);
        group.bench_function("parse_normalize", |b| {
            // Error answers are part of the corpus: their `Err` is the result.
            b.iter_custom(|iters| cpu_timed(iters, || regcert_model::parse(black_box(body))));
        });
        group.bench_function("serde_json_value", |b| {
            b.iter_custom(|iters| {
                cpu_timed(iters, || {
                    serde_json::from_slice::<serde_json::Value>(black_box(body))
                        .expect("valid JSON")
                })
            });
        });
        group.finish();
    }
}

criterion_group! {
    name = group;
    // Short runs: the corpus has some fifty fixtures, each measured twice.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = benches
}
criterion_main!(group);
