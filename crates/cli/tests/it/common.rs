//! Running the binary, sample images, servers.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use regcert_server::{BackgroundServer, Config};

/// The key the test servers accept.
pub const KEY: &str = "test-key-7c41e09b";

/// The three sample images, in name order.
pub const SAMPLES: [&str; 3] = ["ev-company.png", "sedan-person.jpg", "truck-diesel.jpg"];

/// `regcert` with no key or base URL from the environment, and
/// `REGCERT_MODELS` naming [`models_dir`].
pub fn regcert() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regcert"));
    cmd.env_remove("JUHE_KEY")
        .env_remove("REGCERT_BASE_URL")
        .env("REGCERT_MODELS", models_dir());
    cmd
}

/// The folder of the real models: `$REGCERT_MODELS`, else the repository's
/// `models/` (`make models`).
pub fn models_dir() -> PathBuf {
    match std::env::var_os("REGCERT_MODELS").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"),
    }
}

/// What a finished run left.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// `tests/fixtures/samples` of the repository.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/samples")
}

pub fn sample(name: &str) -> PathBuf {
    samples_dir().join(name)
}

/// The record the fixture beside `image` normalizes to, as JSON, without
/// `order_id` (the server gives each answer a fresh one).
pub fn expected_record(image: &str) -> serde_json::Value {
    let json = sample(image).with_extension("json");
    let record = regcert_model::parse(&std::fs::read(json).unwrap()).unwrap();
    without_order_id(serde_json::to_value(record).unwrap())
}

pub fn without_order_id(mut record: serde_json::Value) -> serde_json::Value {
    assert!(
        record["order_id"]
            .as_str()
            .is_some_and(|o| o.starts_with("JH")),
        "order id in {record}"
    );
    record.as_object_mut().unwrap().remove("order_id");
    record
}

/// A server accepting [`KEY`] that answers the samples with their fixtures.
pub fn fixture_server() -> BackgroundServer {
    server(Config {
        keys: vec![KEY.to_owned()],
        fixtures: Some(samples_dir()),
        ..Config::default()
    })
}

pub fn server(config: Config) -> BackgroundServer {
    BackgroundServer::start(([127, 0, 0, 1], 0).into(), config).expect("server starts")
}

/// `regcert recognize --key KEY --base-url URL --retries 0 ARGS...`.
pub fn recognize(server: &BackgroundServer) -> Command {
    let mut cmd = regcert();
    cmd.args(["recognize", "--key", KEY, "--retries", "0", "--base-url"])
        .arg(server.url());
    cmd
}

/// A folder holding copies of the samples (and whatever a test adds).
pub fn sample_copies() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        std::fs::copy(sample(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// The JSON objects of JSON-lines text.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `regcert serve` with `args`, stopped when dropped; its URL.
pub struct Served {
    child: Child,
    pub url: String,
}

impl Served {
    pub fn start(args: &[&str]) -> Served {
        let mut cmd = regcert();
        cmd.stderr(Stdio::null());
        Served::start_command(cmd, args)
    }

    /// `cmd` (a [`regcert`] with its environment and stderr set) serving with `args`.
    pub fn start_command(mut cmd: Command, args: &[&str]) -> Served {
        let mut child = cmd
            .arg("serve")
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line {line:?}"))
            .to_owned();
        Served { child, url }
    }
}

impl Served {
    /// The server's process.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
