//! `regcert parse`, `regcert codes`, `regcert completions`, `regcert serve --fault`.

use crate::common::*;

fn model_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../model/tests/fixtures")
        .join(name)
}

#[test]
fn parse_prints_the_record_of_a_saved_response() {
    let r = run(regcert()
        .args(["parse", "--compact"])
        .arg(sample("truck-diesel.json")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1);
    let record: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(record["vin"], "LZZ5CLVBXMW000003");
    assert_eq!(record["order_id"], "JH000000000000000000000003");
    assert_eq!(record["wheelbase_mm"], 4425);
    assert_eq!(record["raw"]["wheelbase_mm"], "4425+1350mm");
}

#[test]
fn parse_of_an_error_response_exits_1_with_the_code() {
    let r = run(regcert()
        .arg("parse")
        .arg(model_fixture("error-10001-bad-key.json")));
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("10001") && r.stderr.contains("错误的请求KEY"),
        "{}",
        r.stderr
    );
}

#[test]
fn parse_of_malformed_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"reason":"操作成功","result":{"res":["#).unwrap();
    let r = run(regcert().arg("parse").arg(&bad));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = run(regcert().arg("parse").arg(dir.path().join("missing.json")));
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn codes_lists_the_catalog() {
    let r = run(regcert().arg("codes"));
    assert_eq!(r.code, 0);
    for code in ["10001", "10012", "270901", "270902", "270903"] {
        assert!(r.stdout.contains(code), "{code}");
    }
    let r = run(regcert().args(["codes", "--json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let row = rows.iter().find(|c| c["code"] == 10001).unwrap();
    assert_eq!(row["zh"], "错误的请求KEY");
    assert_eq!(row["retryable"], false);
}

#[test]
fn completions_cover_recognize() {
    for shell in ["bash", "zsh", "fish"] {
        let r = run(regcert().args(["completions", shell]));
        assert_eq!(r.code, 0, "{shell}");
        assert!(
            r.stdout.contains("recognize") && r.stdout.contains("resume"),
            "{shell}"
        );
    }
    assert_eq!(
        run(regcert().args(["completions", "no-such-shell"])).code,
        2
    );
}

#[test]
fn serve_injects_the_faults_it_is_given() {
    use std::time::Duration;

    use regcert_client::{Image, RetryPolicy, blocking};

    let served = Served::start(&[
        "--sandbox-key",
        "--fault",
        "503:first=2",
        "--retry-after",
        "0",
    ]);
    let image = || Image::from_path(sample("sedan-person.jpg")).unwrap();
    let client = |attempts: u32| {
        blocking::Client::builder()
            .key("sandbox")
            .base_url(&served.url)
            .retry(RetryPolicy::new(
                attempts,
                Duration::from_millis(10),
                Duration::from_millis(50),
            ))
            .build()
            .unwrap()
    };
    // The first request meets the first 503 and is not retried.
    let err = client(1).recognize(image()).unwrap_err();
    assert!(err.to_string().contains("503"), "{err}");
    // The second request meets the second 503, its retry gets through.
    let ok = client(3).recognize(image()).unwrap();
    assert_eq!(ok.attempts, 2);

    let r = run(regcert().args(["serve", "--sandbox-key", "--fault", "504:first=1"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("unknown fault"), "{}", r.stderr);
}
