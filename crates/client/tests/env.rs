//! `from_env`, run in a child process so the environment is its own.

use std::process::Command;

use regcert_client::{BASE_URL_ENV, Error, Image, KEY_ENV, blocking};
use regcert_server::{BackgroundServer, SANDBOX_KEY};

use crate::support::{config, jpeg, loopback};

const CHILD: &str = "env::from_env_in_child";

fn run_child(vars: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([CHILD, "--exact", "--ignored", "--nocapture"])
        .env_remove(KEY_ENV)
        .env_remove(BASE_URL_ENV)
        .env(
            "REGCERT_IT_EXPECT",
            vars.first().map_or("missing", |_| "ok"),
        );
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn from_env_reads_key_and_base_url() {
    let server = BackgroundServer::start(loopback(), config()).unwrap();
    let url = server.url();
    let ok = run_child(&[(KEY_ENV, SANDBOX_KEY), (BASE_URL_ENV, &url)]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(stdout.contains("1 passed"), "{stdout}");
    let missing = run_child(&[]);
    assert!(
        missing.status.success(),
        "{}",
        String::from_utf8_lossy(&missing.stdout)
    );
}

#[test]
#[ignore = "run by from_env_reads_key_and_base_url in a child process"]
fn from_env_in_child() {
    match std::env::var("REGCERT_IT_EXPECT").as_deref() {
        Ok("ok") => {
            let c = blocking::Client::from_env().unwrap();
            c.recognize(Image::from_bytes(jpeg(100, 1))).unwrap();
            regcert_client::Client::from_env().unwrap();
        }
        Ok("missing") => {
            assert!(matches!(
                blocking::Client::from_env(),
                Err(Error::Config(_))
            ));
            let err = regcert_client::Client::from_env().unwrap_err();
            assert!(err.to_string().contains(KEY_ENV), "{err}");
        }
        other => panic!("unexpected REGCERT_IT_EXPECT {other:?}"),
    }
}
