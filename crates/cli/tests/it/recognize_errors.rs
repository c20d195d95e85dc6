//! `regcert recognize` when inputs, keys or configuration are bad.

use std::collections::BTreeMap;

use crate::common::*;

#[test]
fn bad_files_each_get_their_own_error_and_the_good_ones_succeed() {
    let server = fixture_server();
    let dir = sample_copies();
    let p = dir.path();
    std::fs::write(p.join("not-an-image.jpg"), "hello, this is text").unwrap();
    std::fs::write(p.join("empty.PNG"), "").unwrap();
    std::fs::write(p.join("notes.txt"), "not searched for").unwrap();
    // Unreadable even for root: a dangling link and a FIFO (which would
    // block a reader forever).
    std::os::unix::fs::symlink(p.join("gone.jpg"), p.join("dangling.jpg")).unwrap();
    let fifo = run(std::process::Command::new("mkfifo").arg(p.join("pipe.bmp")));
    assert_eq!(fifo.code, 0, "mkfifo: {}", fifo.stderr);

    let r = run(recognize(&server).arg(p));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let by_name: BTreeMap<String, serde_json::Value> = json_lines(&r.stdout)
        .into_iter()
        .map(|l| {
            let name = l["file"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            (name, l)
        })
        .collect();
    let names: Vec<&str> = by_name.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "dangling.jpg",
            "empty.PNG",
            "ev-company.png",
            "not-an-image.jpg",
            "pipe.bmp",
            "sedan-person.jpg",
            "truck-diesel.jpg"
        ]
    );
    for good in SAMPLES {
        assert_eq!(
            without_order_id(by_name[good]["record"].clone()),
            expected_record(good)
        );
    }
    let kind = |name: &str| by_name[name]["error"]["kind"].as_str().unwrap().to_owned();
    assert_eq!(kind("not-an-image.jpg"), "invalid_image");
    assert_eq!(kind("empty.PNG"), "invalid_image");
    assert_eq!(kind("dangling.jpg"), "io");
    assert_eq!(kind("pipe.bmp"), "io");
    for bad in ["not-an-image.jpg", "empty.PNG", "dangling.jpg", "pipe.bmp"] {
        assert!(by_name[bad]["error"]["code"].is_null());
        assert!(
            !by_name[bad]["error"]["message"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(r.stderr.contains(bad), "stderr names {bad}: {}", r.stderr);
    }
    assert!(r.stderr.contains("3 ok, 4 failed"), "{}", r.stderr);
}

#[test]
fn wrong_key_fails_with_10001_and_the_key_is_never_shown() {
    let server = fixture_server();
    let secret = "wrong-key-5e8d21f0c3";
    let check = |r: &Run| {
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(!r.stdout.contains(secret) && !r.stderr.contains(secret));
        assert!(r.stdout.contains("10001"), "{}", r.stdout);
    };
    // From the environment, one file: the error object on stdout.
    let r = run(regcert()
        .env("JUHE_KEY", secret)
        .env("REGCERT_BASE_URL", server.url())
        .args(["recognize", "--retries", "0"])
        .arg(sample("sedan-person.jpg")));
    check(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "api");
    assert_eq!(v["error"]["code"], 10001);
    // From --key, several files, CSV.
    let r = run(regcert()
        .args([
            "recognize",
            "--retries",
            "0",
            "--format",
            "csv",
            "--key",
            secret,
            "--base-url",
        ])
        .arg(server.url())
        .arg(samples_dir()));
    check(&r);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.contains(",error,api,10001,"))
            .count(),
        3
    );
}

#[test]
fn no_key_is_a_usage_error_that_says_how_to_set_one() {
    let r = run(regcert().arg("recognize").arg(sample("sedan-person.jpg")));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--key") && r.stderr.contains("JUHE_KEY"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let r = run(regcert()
        .env("JUHE_KEY", "  ")
        .arg("recognize")
        .arg(sample("sedan-person.jpg")));
    assert_eq!(r.code, 2, "a blank key is no key");
}

#[test]
fn option_mistakes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let image = sample("sedan-person.jpg");
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        // --resume needs a streaming format.
        vec![
            "--sandbox".into(),
            "--resume".into(),
            "-o".into(),
            out.clone().into(),
        ],
        vec!["--sandbox".into(), "--resume".into()],
        vec!["--sandbox".into(), "--excel".into()],
        vec!["--sandbox".into(), "--concurrency".into(), "0".into()],
        vec!["--sandbox".into(), "--timeout".into(), "-1".into()],
        vec!["--sandbox".into(), "--timeout".into(), "1e30".into()],
        vec!["--sandbox".into(), "--qps".into(), "1e-300".into()],
        vec![
            "--sandbox".into(),
            "-o".into(),
            dir.path().join("no/such/dir/out.jsonl").into(),
        ],
        vec!["--fixtures".into(), dir.path().into()],
        vec![
            "--sandbox".into(),
            "--fixtures".into(),
            dir.path().join("none").into(),
        ],
    ];
    for args in cases {
        let r = run(regcert().arg("recognize").args(&args).arg(&image));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    let empty = tempfile::tempdir().unwrap();
    let r = run(regcert().args(["recognize", "--sandbox"]).arg(empty.path()));
    assert_eq!(r.code, 2, "a folder without images: {}", r.stderr);
    assert!(!out.exists(), "nothing written on a usage error");
}

#[test]
fn an_unreachable_server_is_a_per_input_failure() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(regcert()
        .args(["recognize", "--key", KEY, "--retries", "0", "--base-url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(samples_dir()));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert_eq!(lines.len(), 3);
    assert!(
        lines.iter().all(|l| l["error"]["kind"] == "transport"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_key_in_the_base_url_is_never_shown() {
    const SECRET: &str = "k3y-in-the-url-81f2";
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    // Refused at once (a query), or tried and failed (user and password).
    for (base, code) in [
        (format!("http://h/x?key={SECRET}"), 2),
        (format!("http://u:{SECRET}@h/#{SECRET}"), 2),
        (format!("http://u:{SECRET}@{dead}/"), 1),
    ] {
        let r = run(regcert()
            .args(["recognize", "--key", KEY, "--retries", "0", "--base-url"])
            .arg(&base)
            .arg(sample("truck-diesel.jpg")));
        assert_eq!(r.code, code, "{base}: {}", r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(!all.contains(SECRET), "{base}: {all}");
        if code == 2 {
            assert!(all.contains("***"), "{base}: {all}");
        }
    }
}
