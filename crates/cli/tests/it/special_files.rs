//! Paths that are not regular files (a FIFO, a device, a folder): refused
//! at once, never read, by every command that takes a path.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs `cmd` and waits at most a second for it to end (killing it after):
/// a read that blocks fails the test instead of hanging the suite.
fn run_within_a_second(cmd: &mut Command) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(1);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still running after a second");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A FIFO, /dev/zero and a folder, in a folder kept alive by the result.
fn special_paths() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jpg");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let folder = dir.path().join("folder.jpg");
    std::fs::create_dir(&folder).unwrap();
    (
        dir,
        vec![fifo, Path::new("/dev/zero").to_path_buf(), folder],
    )
}

#[test]
fn parse_refuses_what_is_not_a_regular_file() {
    let (_dir, paths) = special_paths();
    for path in paths {
        let r = run_within_a_second(regcert().arg("parse").arg(&path));
        assert_eq!(r.code, 2, "{}: {}", path.display(), r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "cannot read {}: is not a regular file",
                path.display()
            )),
            "{}",
            r.stderr
        );
    }
}

#[cfg(feature = "local")]
#[test]
fn ocr_refuses_what_is_not_a_regular_file() {
    let (_dir, paths) = special_paths();
    for path in paths {
        let r = run_within_a_second(
            regcert()
                .args(["ocr", "--models", "/nonexistent"])
                .arg(&path),
        );
        assert_eq!(r.code, 2, "{}: {}", path.display(), r.stderr);
        assert!(
            r.stderr.contains("is not a regular file"),
            "{}: {}",
            path.display(),
            r.stderr
        );
    }
}

#[test]
fn recognize_refuses_what_is_not_a_regular_file() {
    let (_dir, paths) = special_paths();
    let server = fixture_server();
    // A folder is searched for images instead: only the FIFO and the device.
    for path in &paths[..2] {
        let r = run_within_a_second(recognize(&server).args(["--format", "jsonl"]).arg(path));
        assert_eq!(r.code, 1, "{}: {}", path.display(), r.stderr);
        let line = &json_lines(&r.stdout)[0];
        assert_eq!(line["error"]["kind"], "io", "{line}");
        let message = line["error"]["message"].as_str().unwrap();
        assert!(message.contains("is not a regular file"), "{message}");
    }
}
