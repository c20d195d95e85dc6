//! `regcert models`: install from a wheel built here (never a download),
//! refuse wrong sums, find the models through the lookup order, and fetch
//! from a loopback mirror.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use regcert_engine::{DET_MODEL_FILE, REC_MODEL_FILE};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::common::*;

/// A wheel at `path` holding `members` (name → bytes), deflated as real
/// wheels are.
fn write_wheel(path: &Path, members: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn member(name: &str) -> String {
    format!("rapidocr/models/{name}")
}

/// A wheel with the real models (from [`models_dir`]) and one other file.
fn real_wheel(dir: &Path) -> PathBuf {
    let path = dir.join("rapidocr-3.10.0-py3-none-any.whl");
    let read = |name: &str| std::fs::read(models_dir().join(name)).unwrap();
    write_wheel(
        &path,
        &[
            ("rapidocr/__init__.py", b"".to_vec()),
            (&member(DET_MODEL_FILE), read(DET_MODEL_FILE)),
            (&member(REC_MODEL_FILE), read(REC_MODEL_FILE)),
        ],
    );
    path
}

/// A wheel whose models are not the pinned ones.
fn wrong_wheel(dir: &Path) -> PathBuf {
    let path = dir.join("wrong.whl");
    write_wheel(
        &path,
        &[
            (&member(DET_MODEL_FILE), b"not the detection model".to_vec()),
            (
                &member(REC_MODEL_FILE),
                b"not the recognition model".to_vec(),
            ),
        ],
    );
    path
}

/// `regcert` with a private home and data folder and no `REGCERT_MODELS`,
/// run in `cwd`: the lookup sees only what the test puts there (and the
/// system folder, absent on test machines).
fn isolated(cwd: &Path) -> std::process::Command {
    let mut cmd = regcert();
    cmd.env_remove("REGCERT_MODELS")
        .env_remove("REGCERT_MODELS_URL")
        .env("HOME", cwd)
        .env("XDG_DATA_HOME", cwd.join("data"))
        .current_dir(cwd);
    cmd
}

fn model_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn from_wheel_installs_verified_models_into_the_user_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = real_wheel(tmp.path());
    let r = run(isolated(tmp.path())
        .args(["models", "fetch", "--from-wheel"])
        .arg(&wheel));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let user = tmp.path().join("data/regcert/models");
    assert!(r.stdout.contains("installed and verified"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&user.display().to_string()),
        "{}",
        r.stdout
    );
    assert_eq!(model_files(&user), [DET_MODEL_FILE, REC_MODEL_FILE]);

    // found there by the default lookup, and verified
    let r = run(isolated(tmp.path()).args(["models", "path"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), user.display().to_string());
    let r = run(isolated(tmp.path()).args(["models", "verify"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().filter(|l| l.starts_with("ok\t")).count(),
        2
    );

    // a second fetch finds them in place and changes nothing
    let r = run(isolated(tmp.path())
        .args(["models", "fetch", "--from-wheel"])
        .arg(&wheel));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("up to date"), "{}", r.stdout);
}

#[test]
fn a_wheel_with_other_models_is_refused_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = wrong_wheel(tmp.path());
    let dest = tmp.path().join("dest");
    let r = run(isolated(tmp.path())
        .args(["models", "fetch", "--dir"])
        .arg(&dest)
        .arg("--from-wheel")
        .arg(&wheel));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("SHA-256"), "{}", r.stderr);
    assert!(r.stderr.contains(DET_MODEL_FILE), "{}", r.stderr);
    assert!(
        r.stderr.contains(regcert_engine::DET_MODEL_SHA256),
        "{}",
        r.stderr
    );
    assert!(model_files(&dest).is_empty(), "{:?}", model_files(&dest));
}

#[test]
fn a_file_that_is_no_wheel_or_lacks_the_models_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let not_zip = tmp.path().join("not.whl");
    std::fs::write(&not_zip, b"plain text").unwrap();
    let empty = tmp.path().join("empty.whl");
    write_wheel(&empty, &[("rapidocr/__init__.py", Vec::new())]);
    for (wheel, says) in [
        (&not_zip, "not a readable wheel"),
        (&empty, "no rapidocr/models/PP-OCRv6_det_small.onnx"),
    ] {
        let r = run(isolated(tmp.path())
            .args(["models", "fetch", "--dir", "dest", "--from-wheel"])
            .arg(wheel));
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
    }
    let r = run(isolated(tmp.path()).args([
        "models",
        "fetch",
        "--dir",
        "dest",
        "--from-wheel",
        "absent.whl",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("absent.whl"), "{}", r.stderr);
}

#[test]
fn lookup_order_and_the_missing_models_message() {
    let tmp = tempfile::tempdir().unwrap();
    // nothing anywhere: the error lists the folders and names the command
    let r = run(isolated(tmp.path()).args(["models", "path"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("regcert models fetch"), "{}", r.stderr);
    assert!(r.stderr.contains("data/regcert/models"), "{}", r.stderr);
    let r = run(isolated(tmp.path()).args(["models", "path", "--all"]));
    assert_eq!(r.code, 1);
    let listed: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(listed.len(), 3, "{}", r.stdout); // user, system, ./models
    assert!(
        listed.iter().all(|l| l.starts_with("absent\t")),
        "{}",
        r.stdout
    );
    assert_eq!(listed[2], "absent\tmodels");

    // ./models is the last resort; REGCERT_MODELS comes first
    let wheel = real_wheel(tmp.path());
    let r = run(isolated(tmp.path())
        .args(["models", "fetch", "--dir", "models", "--from-wheel"])
        .arg(&wheel));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(isolated(tmp.path()).args(["models", "path"]));
    assert_eq!(r.stdout.trim(), "models", "{}", r.stderr);
    let r = run(isolated(tmp.path())
        .env("REGCERT_MODELS", models_dir())
        .args(["models", "path"]));
    assert_eq!(r.stdout.trim(), models_dir().display().to_string());

    // a damaged file: verify fails and says how to fix it
    std::fs::write(tmp.path().join("models").join(REC_MODEL_FILE), b"damaged").unwrap();
    let r = run(isolated(tmp.path()).args(["models", "verify"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(REC_MODEL_FILE), "{}", r.stderr);
    assert!(r.stderr.contains("regcert models fetch"), "{}", r.stderr);
}

/// Serves one HTTP answer (`status`, `body`) on a loopback port, in a thread.
fn serve_once(status: &str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/rapidocr.whl", listener.local_addr().unwrap());
    let status = status.to_string();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

#[test]
fn a_download_that_is_not_the_pinned_wheel_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = std::fs::read(wrong_wheel(tmp.path())).unwrap();
    let url = serve_once("200 OK", wheel);
    let r = run(isolated(tmp.path()).args(["models", "fetch", "--dir", "dest", "--url", &url]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("downloaded wheel has SHA-256"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(regcert_client::models::WHEEL_SHA256),
        "{}",
        r.stderr
    );
    assert!(model_files(&tmp.path().join("dest")).is_empty());

    let url = serve_once("404 Not Found", b"no such file".to_vec());
    let r = run(isolated(tmp.path()).args(["models", "fetch", "--dir", "dest", "--url", &url]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("HTTP status 404"), "{}", r.stderr);
}
