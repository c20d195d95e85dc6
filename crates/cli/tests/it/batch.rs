//! A batch against a server that fails the way real ones do (503, 429,
//! dropped connections, answers cut short or not UTF-8) loses nothing:
//! every image recorded once, valid JSON lines, also after `kill -9` and
//! `--resume`.
//!
//! `REGCERT_BATCH_IMAGES=10000` runs the same tests at full size.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use regcert_server::{BackgroundServer, Config, Fault, FaultRule, Faults, Trigger};

use crate::common::*;

/// The fault mix: 2% 503, 2% dropped, 1% cut short, 1% 429, 1% not UTF-8.
fn faults(latency: Option<Duration>) -> Faults {
    let mix = [
        (
            Fault::Http503Html {
                retry_after_secs: None,
            },
            0.02,
        ),
        (Fault::DropConnection, 0.02),
        (Fault::TruncatedJson, 0.01),
        (
            Fault::Http429 {
                retry_after_secs: None,
            },
            0.01,
        ),
        (Fault::NonUtf8Body, 0.01),
    ];
    Faults {
        latency,
        rules: mix
            .into_iter()
            .zip(7..)
            .map(|((fault, p), seed)| FaultRule {
                fault,
                when: Trigger::Probability { p, seed },
            })
            .collect(),
    }
}

fn faulty_server(latency: Option<Duration>) -> BackgroundServer {
    server(Config {
        keys: vec![KEY.to_owned()],
        faults: faults(latency),
        ..Config::default()
    })
}

fn image_count() -> usize {
    std::env::var("REGCERT_BATCH_IMAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
}

/// `n` small, distinct JPEG-looking files (the sandbox answers any image).
fn images(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
        bytes.extend_from_slice(format!("image {i}").as_bytes());
        bytes.extend_from_slice(&[0xFF, 0xD9]);
        std::fs::write(dir.path().join(format!("scan-{i:05}.jpg")), bytes).unwrap();
    }
    dir
}

/// `regcert recognize` with the default retries, 16 at a time.
fn batch(server: &BackgroundServer, out: &Path, images: &Path) -> Command {
    let mut cmd = regcert();
    cmd.args([
        "recognize",
        "--key",
        KEY,
        "--concurrency",
        "16",
        "--base-url",
    ])
    .arg(server.url())
    .arg("-o")
    .arg(out)
    .arg(images);
    cmd
}

/// Every line valid JSON with a record, each of the `n` images once.
fn assert_whole(out: &Path, n: usize) {
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.ends_with('\n'));
    let mut seen = BTreeMap::<String, usize>::new();
    for line in json_lines(&text) {
        assert!(line["record"].is_object(), "{line}");
        *seen
            .entry(line["file"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(seen.len(), n, "every image recorded");
    let twice: Vec<_> = seen.iter().filter(|(_, c)| **c > 1).collect();
    assert!(twice.is_empty(), "recorded twice: {twice:?}");
}

#[test]
fn a_faulty_batch_loses_nothing() {
    let n = image_count();
    let dir = images(n);
    let out_dir = tempfile::tempdir().unwrap();
    let server = faulty_server(None);

    // Without retries the faults show, cut answers among them.
    let once = out_dir.path().join("once.jsonl");
    let r = run(batch(&server, &once, dir.path()).args(["--retries", "0"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let kinds: BTreeMap<String, usize> = json_lines(&std::fs::read_to_string(&once).unwrap())
        .iter()
        .filter_map(|l| l["error"]["kind"].as_str().map(str::to_owned))
        .fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        });
    for kind in ["http", "transport", "incomplete"] {
        assert!(kinds.contains_key(kind), "{kind} among {kinds:?}");
    }

    let out = out_dir.path().join("out.jsonl");
    let r = run(&mut batch(&server, &out, dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{n} ok, 0 failed")),
        "{}",
        r.stderr
    );
    assert_whole(&out, n);
}

#[test]
fn a_faulty_batch_killed_midway_resumes_whole() {
    let n = image_count();
    let dir = images(n);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("out.jsonl");
    // 20 ms an answer: slow enough to be killed halfway.
    let server = faulty_server(Some(Duration::from_millis(20)));

    let mut child = batch(&server, &out, dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let lines = |path: &Path| {
        std::fs::read(path)
            .map(|b| b.iter().filter(|&&c| c == b'\n').count())
            .unwrap_or(0)
    };
    while lines(&out) < n / 5 {
        assert!(Instant::now() < deadline, "no progress");
        assert!(child.try_wait().unwrap().is_none(), "finished too early");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = lines(&out);
    assert!(written < n, "killed midway: {written} of {n}");

    let r = run(batch(&server, &out, dir.path()).arg("--resume"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains(" ok, 0 failed"), "{}", r.stderr);
    assert_whole(&out, n);
}
