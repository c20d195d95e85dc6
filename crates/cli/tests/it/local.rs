//! `--local`: `regcert recognize --local` and `regcert serve --local` with
//! the real models (`regcert models fetch`) on a committed certificate photo.

use std::path::PathBuf;
use std::sync::OnceLock;

use regcert_client::{Image, blocking};

use crate::common::*;

fn photo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/certificates/sedan-p2-clean.jpg")
}

/// The record the engine itself gives for [`photo`], as JSON; read once.
fn engine_record() -> serde_json::Value {
    static RECORD: OnceLock<serde_json::Value> = OnceLock::new();
    RECORD
        .get_or_init(|| {
            let engine =
                regcert_engine::Engine::from_dir(models_dir()).unwrap_or_else(|e| panic!("{e}"));
            let bytes = std::fs::read(photo()).unwrap();
            let record = engine.read_certificate(&bytes).unwrap().record();
            offline_record(serde_json::to_value(record).unwrap())
        })
        .clone()
}

/// Removes and returns the record's `confidence` object.
fn take_confidence(record: &mut serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match record.as_object_mut().and_then(|o| o.remove("confidence")) {
        Some(serde_json::Value::Object(map)) => map,
        other => panic!("confidence {other:?}"),
    }
}

#[test]
fn recognize_local_needs_no_key_and_fills_confidence() {
    let r = run(regcert()
        .args(["recognize", "--local", "--format", "json"])
        .arg(photo()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut record = offline_record(serde_json::from_str(&r.stdout).unwrap());
    let mut want = engine_record();
    assert_eq!(record["vin"], "LSLAB2C12KA000101");
    // A float read back from JSON text may differ in its last digit.
    let got_conf = take_confidence(&mut record);
    let want_conf = take_confidence(&mut want);
    assert_eq!(record, want);
    assert!(got_conf.contains_key("vin"));
    assert_eq!(got_conf.len(), want_conf.len());
    for (key, c) in &got_conf {
        let c = c.as_f64().unwrap();
        assert!(c > 0.0 && c <= 1.0, "{key}: {c}");
        assert!((c - want_conf[key].as_f64().unwrap()).abs() < 1e-9, "{key}");
    }
    assert!(r.stderr.contains("1 ok, 0 failed"), "{}", r.stderr);
}

#[test]
fn recognize_local_without_models_names_the_fetch_command() {
    let r = run(regcert()
        .args(["recognize", "--local", "--models"])
        .arg(std::env::temp_dir().join("regcert-no-models-here"))
        .arg(photo()));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("regcert models fetch"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn serve_local_answers_like_the_engine() {
    let served = Served::start(&["--local", "--key", KEY]);
    let client = blocking::Client::builder()
        .key(KEY)
        .base_url(&served.url)
        .build()
        .unwrap();
    let found = client
        .recognize(Image::from_path(photo()).unwrap())
        .unwrap();
    // An answer over HTTP has the API's shape: the server's order id, and no
    // confidence.
    let mut got = without_order_id(serde_json::to_value(found.record).unwrap());
    got["order_id"] = serde_json::Value::Null;
    assert!(take_confidence(&mut got).is_empty());
    let mut want = engine_record();
    take_confidence(&mut want);
    assert_eq!(got, want);

    let err = blocking::Client::builder()
        .key("not-the-key")
        .base_url(&served.url)
        .build()
        .unwrap()
        .recognize(Image::from_path(photo()).unwrap())
        .unwrap_err();
    assert_eq!(err.api_code().map(|c| c.code()), Some(10001), "{err}");
}

/// Juhe's PHP demo helper `juhecurl` (`tests/clients/juhecurl.php`) with
/// PHP's curl: an array to `/query` (sent as multipart), a `CURLFile` to
/// `/verify` and an `http_build_query` string get real recognitions from
/// `regcert serve --local`. Needs `php` with its curl module (Debian:
/// `php-cli php-curl`); without it the test says so and checks nothing.
#[test]
fn php_juhecurl_gets_recognitions() {
    let has_curl = std::process::Command::new("php")
        .args(["-r", "exit(function_exists('curl_init') ? 0 : 1);"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_curl {
        eprintln!("no php with curl on PATH: the juhecurl client is not run");
        return;
    }
    let served = Served::start(&["--local", "--key", "php-key-1"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let r = run(std::process::Command::new("php")
        .arg(root.join("tests/clients/juhecurl.php"))
        .arg(&served.url)
        .arg("php-key-1")
        .arg(photo()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let stdout = r.stdout;
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    for line in lines {
        let (code, count) = line.split_once(' ').unwrap();
        assert_eq!(code, "0", "{stdout}");
        assert!(count.parse::<usize>().unwrap() > 10, "{stdout}");
    }
}

/// `record`, after checking it has no order id: an offline reading places no
/// cloud order, so none is made up.
fn offline_record(record: serde_json::Value) -> serde_json::Value {
    assert!(record["order_id"].is_null(), "order id in {record}");
    record
}
