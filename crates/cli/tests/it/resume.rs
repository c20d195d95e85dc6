//! `regcert recognize --resume`: an interrupted batch continues where it stopped.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use regcert_server::{Config, Faults};

use crate::common::*;

/// A folder of `n` images (copies of one sample under different names).
fn batch(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::copy(
            sample("sedan-person.jpg"),
            dir.path().join(format!("scan-{i:03}.jpg")),
        )
        .unwrap();
    }
    dir
}

fn count_lines(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

/// How many times each file is recorded in a JSON-lines output.
fn recorded(path: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for line in json_lines(&std::fs::read_to_string(path).unwrap()) {
        assert!(line["record"].is_object(), "{line}");
        *counts
            .entry(line["file"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    counts
}

/// A server that takes 200 ms for each answer.
fn slow_server() -> regcert_server::BackgroundServer {
    server(Config {
        keys: vec![KEY.to_owned()],
        faults: Faults {
            latency: Some(Duration::from_millis(200)),
            ..Faults::default()
        },
        ..Config::default()
    })
}

/// Starts recognizing `images` into `out` (JSON lines) and returns once at
/// least `lines` lines are there, the run still going.
fn start_batch(
    server: &regcert_server::BackgroundServer,
    images: &Path,
    out: &Path,
    concurrency: &str,
    lines: usize,
) -> std::process::Child {
    let mut child = recognize(server)
        .args(["--concurrency", concurrency, "-o"])
        .arg(out)
        .arg(images)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while count_lines(out) < lines {
        assert!(Instant::now() < deadline, "no progress");
        assert!(child.try_wait().unwrap().is_none(), "finished too early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn a_killed_run_resumes_without_duplicates_or_losses() {
    const N: usize = 16;
    let server = slow_server();
    let images = batch(N);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.jsonl");

    let mut child = start_batch(&server, images.path(), &out, "2", 4);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let first = recorded(&out);
    assert!(
        first.len() >= 4 && first.len() < N,
        "{} recorded",
        first.len()
    );

    // A kill during a write leaves a partial last line.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&out)
        .unwrap()
        .write_all(br#"{"file":"half a li"#)
        .unwrap();

    let r = run(recognize(&server)
        .args(["--concurrency", "4", "--resume", "-o"])
        .arg(&out)
        .arg(images.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("incomplete last line"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{} skipped", first.len())),
        "{}",
        r.stderr
    );
    let all = recorded(&out);
    assert_eq!(all.len(), N, "every input recorded");
    assert!(all.values().all(|&c| c == 1), "none twice: {all:?}");
    for name in first.keys() {
        assert!(all.contains_key(name));
    }

    // Nothing left to do: the file stays as it is.
    let before = std::fs::read(&out).unwrap();
    let r = run(recognize(&server)
        .args(["--resume", "-o"])
        .arg(&out)
        .arg(images.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn csv_resume_appends_rows_under_the_one_header() {
    let server = fixture_server();
    let dir = sample_copies();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.csv");
    let first = dir.path().join("truck-diesel.jpg");
    let r = run(recognize(&server)
        .arg("--excel")
        .arg("-o")
        .arg(&out)
        .arg(&first));
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = run(recognize(&server)
        .args(["--excel", "--resume", "-o"])
        .arg(&out)
        .arg(&first)
        .arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        bytes
            .windows(3)
            .filter(|w| *w == "\u{feff}".as_bytes())
            .count(),
        1
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&reader.headers().unwrap()[0], "file");
    let files: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_eq!(files[0], "truck-diesel.jpg");
    let mut sorted = files;
    sorted.sort();
    assert_eq!(sorted, SAMPLES);
}

#[test]
fn ctrl_c_finishes_the_lines_in_flight_and_exits_130() {
    const N: usize = 40;
    let server = slow_server();
    let images = batch(N);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.jsonl");
    let child = start_batch(&server, images.path(), &out, "3", 3);
    let kill = run(std::process::Command::new("kill").args(["-INT", &child.id().to_string()]));
    assert_eq!(kill.code, 0);
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with('\n'), "no partial line after Ctrl-C");
    let first = recorded(&out);
    assert!(first.len() < N, "stopped early: {}", first.len());

    let r = run(recognize(&server)
        .args(["--concurrency", "8", "--resume", "-o"])
        .arg(&out)
        .arg(images.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = recorded(&out);
    assert_eq!(all.len(), N);
    assert!(all.values().all(|&c| c == 1));
}

#[test]
fn a_second_run_on_a_file_in_use_exits_2_and_leaves_it_intact() {
    const N: usize = 12;
    let server = slow_server();
    let images = batch(N);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.jsonl");
    let first = start_batch(&server, images.path(), &out, "2", 2);

    for args in [&["--resume"][..], &[]] {
        let before = count_lines(&out);
        let started = Instant::now();
        let r = run(recognize(&server)
            .args(args)
            .arg("-o")
            .arg(&out)
            .arg(images.path()));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is in use by another"), "{}", r.stderr);
        assert!(started.elapsed() < Duration::from_secs(5));
        // Not cut, not emptied: the first run's lines are all still there.
        assert!(count_lines(&out) >= before, "{args:?}");
    }

    let done = first.wait_with_output().unwrap();
    assert_eq!(done.status.code(), Some(0));
    let all = recorded(&out);
    assert_eq!(all.len(), N);
    assert!(all.values().all(|&c| c == 1), "none twice: {all:?}");
}

#[test]
fn retry_failed_runs_the_failed_lines_again() {
    let dir = sample_copies();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.jsonl");
    let failing = server(Config {
        keys: vec![KEY.to_owned()],
        fixtures: Some(samples_dir()),
        faults: Faults {
            rules: vec![regcert_server::FaultRule {
                fault: regcert_server::Fault::Http500Html,
                when: regcert_server::Trigger::FirstN(2),
            }],
            ..Faults::default()
        },
        ..Config::default()
    });
    let r = run(recognize(&failing)
        .args(["--concurrency", "1", "-o"])
        .arg(&out)
        .arg(dir.path()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = |path: &Path| {
        json_lines(&std::fs::read_to_string(path).unwrap())
            .iter()
            .filter(|l| l.get("error").is_some())
            .count()
    };
    assert_eq!(errors(&out), 2);

    // Without --retry-failed the failures count as done.
    let r = run(recognize(&failing)
        .args(["--resume", "-o"])
        .arg(&out)
        .arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("3 skipped"), "{}", r.stderr);
    assert_eq!(errors(&out), 2);

    let r = run(recognize(&failing)
        .args(["--resume", "--retry-failed", "-o"])
        .arg(&out)
        .arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 failed input(s) taken out"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2 ok, 0 failed"), "{}", r.stderr);
    let all = recorded(&out);
    assert_eq!(all.len(), 3);
    assert!(all.values().all(|&c| c == 1), "none twice: {all:?}");

    let r = run(recognize(&failing)
        .args(["--retry-failed", "-o"])
        .arg(&out)
        .arg(dir.path()));
    assert_eq!(r.code, 2, "--retry-failed needs --resume: {}", r.stderr);
}
