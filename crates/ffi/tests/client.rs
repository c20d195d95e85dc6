//! The recognize calls against regcert-server on loopback.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use regcert::*;
use regcert_server::{BackgroundServer, Config, Fault, FaultRule, Faults, Trigger};

use crate::support::{Client, PNG, last_message};

const KEY: &str = "ffi-test-key-5f3c";

fn server(faults: Faults) -> BackgroundServer {
    let config = Config {
        keys: vec![KEY.to_owned()],
        faults,
        ..Config::default()
    };
    BackgroundServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), config).unwrap()
}

fn fault(fault: Fault) -> Faults {
    Faults {
        latency: None,
        rules: vec![FaultRule {
            fault,
            when: Trigger::FirstN(100),
        }],
    }
}

#[test]
fn recognizes_bytes_and_files() {
    let server = server(Faults::default());
    let client = Client::new(KEY, Some(&server.url())).unwrap();
    let record = client.recognize_bytes(PNG).unwrap();
    assert!(record.get("vin").is_some());
    assert!(record.get("order_id").is_some_and(|o| o.starts_with("JH")));
    // The cloud API gives no confidence.
    assert_eq!(record.get("confidence").as_deref(), Some("{}"));

    let dir = std::env::temp_dir().join(format!("regcert-ffi-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scan.png");
    std::fs::write(&file, PNG).unwrap();
    let from_file = client.recognize_file(&file).unwrap();
    assert_eq!(from_file.get("vin"), record.get("vin"));

    std::fs::write(dir.join("empty.png"), b"").unwrap();
    assert_eq!(
        client.recognize_file(&dir.join("empty.png")).err(),
        Some(regcert_status::InvalidImage)
    );
    assert_eq!(
        client.recognize_file(&dir.join("missing.png")).err(),
        Some(regcert_status::Io)
    );
    assert!(last_message().contains("missing.png"));
    assert_eq!(
        client.recognize_bytes(b"").err(),
        Some(regcert_status::InvalidImage)
    );
    assert_eq!(
        client.recognize_bytes(b"GIF89a not accepted").err(),
        Some(regcert_status::InvalidImage)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_wrong_key_is_api_10001_and_never_in_the_message() {
    let server = server(Faults::default());
    let wrong = "wrong-key-7d1e9a";
    let client = Client::new(wrong, Some(&server.url())).unwrap();
    assert_eq!(client.recognize_bytes(PNG).err(), Some(regcert_status::Api));
    assert_eq!(errors::regcert_last_api_error_code(), 10001);
    assert!(!last_message().contains(wrong), "{}", last_message());
}

#[test]
fn construction_checks_its_arguments() {
    assert_eq!(
        Client::new("", None).err(),
        Some(regcert_status::InvalidArgument)
    );
    assert_eq!(
        Client::new("k", Some("not a url")).err(),
        Some(regcert_status::InvalidArgument)
    );
    assert!(!last_message().contains("k\""));
    let mut out = std::ptr::null_mut();
    // SAFETY: NULL and NUL-terminated arguments.
    unsafe {
        assert_eq!(
            client::regcert_client_new(std::ptr::null(), std::ptr::null(), &mut out),
            regcert_status::NullArgument
        );
        assert_eq!(
            client::regcert_client_new(c"\xc3".as_ptr(), std::ptr::null(), &mut out),
            regcert_status::InvalidUtf8
        );
        assert_eq!(
            client::regcert_client_new(c"k".as_ptr(), std::ptr::null(), std::ptr::null_mut()),
            regcert_status::NullArgument
        );
        assert_eq!(
            client::regcert_client_set_timeout_ms(std::ptr::null_mut(), 5),
            regcert_status::NullArgument
        );
        client::regcert_client_free(std::ptr::null_mut());
    }
    assert!(out.is_null());
    let client = Client::new("k", None).unwrap();
    assert_eq!(client.set_timeout_ms(0), regcert_status::InvalidArgument);
    assert_eq!(
        client.set_retry_attempts(0),
        regcert_status::InvalidArgument
    );
    assert_eq!(client.set_timeout_ms(1500), regcert_status::Ok);
}

#[test]
fn transport_timeout_http_and_decode_failures() {
    // Nothing listens on a port just released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(KEY, Some(&format!("http://127.0.0.1:{port}"))).unwrap();
    assert_eq!(client.set_retry_attempts(1), regcert_status::Ok);
    assert_eq!(
        client.recognize_bytes(PNG).err(),
        Some(regcert_status::Transport)
    );
    assert!(!last_message().contains(KEY));

    let slow = server(Faults {
        latency: Some(Duration::from_secs(5)),
        rules: vec![],
    });
    let client = Client::new(KEY, Some(&slow.url())).unwrap();
    assert_eq!(client.set_retry_attempts(1), regcert_status::Ok);
    assert_eq!(client.set_timeout_ms(200), regcert_status::Ok);
    assert_eq!(
        client.recognize_bytes(PNG).err(),
        Some(regcert_status::Timeout)
    );

    let failing = server(fault(Fault::Http500Html));
    let client = Client::new(KEY, Some(&failing.url())).unwrap();
    assert_eq!(client.set_retry_attempts(1), regcert_status::Ok);
    assert_eq!(
        client.recognize_bytes(PNG).err(),
        Some(regcert_status::Http)
    );

    // An answer cut short is a transport fault (retried, then reported so).
    let garbled = server(fault(Fault::EmptyBody));
    let client = Client::new(KEY, Some(&garbled.url())).unwrap();
    assert_eq!(client.set_retry_attempts(1), regcert_status::Ok);
    assert_eq!(
        client.recognize_bytes(PNG).err(),
        Some(regcert_status::Transport)
    );
}

#[test]
fn one_client_serves_many_threads_while_its_timeout_changes() {
    let server = server(Faults::default());
    let client = Arc::new(Client::new(KEY, Some(&server.url())).unwrap());
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let client = Arc::clone(&client);
            std::thread::spawn(move || {
                for j in 0..4 {
                    if i == 0 {
                        assert_eq!(client.set_timeout_ms(10_000 + j), regcert_status::Ok);
                    }
                    let record = client.recognize_bytes(PNG).map_err(|s| (s, last_message()));
                    assert!(record.is_ok(), "{:?}", record.err());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn files_that_are_not_regular_are_io_errors_within_a_second() {
    let dir = std::env::temp_dir().join(format!("regcert-ffi-special-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.png");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [fifo, "/dev/zero".into(), dir.clone()] {
        let shown = path.display().to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        // The client lives on the thread: a call that blocks fails the test
        // instead of hanging it. Nothing is sent: the port is never used.
        std::thread::spawn(move || {
            let client = Client::new(KEY, Some("http://127.0.0.1:9")).unwrap();
            let status = client.recognize_file(&path).err();
            let _ = tx.send((status, last_message()));
        });
        let (status, message) = rx
            .recv_timeout(Duration::from_secs(1))
            .unwrap_or_else(|_| panic!("{shown}: no answer within a second"));
        assert_eq!(status, Some(regcert_status::Io), "{shown}");
        assert!(
            message.contains("is not a regular file"),
            "{shown}: {message}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
