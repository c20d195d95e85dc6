//! One snapshot per fixture response, and the JSON round trip of each record.

use regcert_model::{Error, VehicleRegistration};

/// What a fixture gives: the record, or the error as a caller sees it.
fn outcome(bytes: &[u8]) -> serde_json::Value {
    match regcert_model::parse(bytes) {
        Ok(record) => serde_json::to_value(&record).expect("record serializes"),
        Err(e) => serde_json::json!({
            "error": e.to_string(),
            "api_code": e.api_code().map(|c| c.code()),
            "retryable": e.api_code().map(|c| c.is_retryable()),
        }),
    }
}

#[test]
fn snapshots() {
    insta::glob!("fixtures/*.json", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        insta::assert_json_snapshot!(outcome(&bytes));
    });
}

#[test]
fn records_round_trip_through_json() {
    insta::glob!("fixtures/*.json", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        if let Ok(record) = regcert_model::parse(&bytes) {
            let json = serde_json::to_string(&record).expect("serializes");
            let back: VehicleRegistration = serde_json::from_str(&json).expect("deserializes");
            assert_eq!(back, record, "{}", path.display());
        }
    });
}

#[test]
fn parse_is_read_then_normalize() {
    insta::glob!("fixtures/*.json", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        let read = regcert_model::Response::from_slice(&bytes).expect("fixture is JSON");
        match (
            regcert_model::parse(&bytes),
            regcert_model::from_response(&read),
        ) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("{}: {a:?} but {b:?}", path.display()),
        }
    });
}

#[test]
fn debug_never_shows_an_id_number() {
    insta::glob!("fixtures/*.json", |path| {
        let bytes = std::fs::read(path).expect("fixture readable");
        let Ok(record) = regcert_model::parse(&bytes) else {
            return;
        };
        let debug = format!("{record:?}");
        if let Some(num) = record.owner.as_ref().and_then(|o| o.id_number.as_deref())
            && num.len() > 10
        {
            assert!(!debug.contains(num), "{} leaks {num}", path.display());
            assert!(debug.contains(&num[num.len() - 4..]));
        }
    });
}

#[test]
fn every_record_key_is_present_even_when_null() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-query-response.json"
    ))
    .expect("fixture");
    let v = outcome(&bytes);
    let obj = v.as_object().expect("object");
    for label in regcert_model::Label::ALL {
        for key in label.keys() {
            assert!(obj.contains_key(*key), "missing key {key}");
        }
    }
    for key in ["order_id", "issues", "extra", "raw"] {
        assert!(obj.contains_key(key), "missing key {key}");
    }
    assert_eq!(obj["gross_mass_kg"], serde_json::Value::Null);
}

#[test]
fn malformed_json_is_a_typed_error() {
    for bad in [
        &b""[..],
        b"{",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"42",
        b"{\"error_code\":[1]}",
    ] {
        let err = regcert_model::parse(bad).expect_err("must fail");
        assert!(matches!(err, Error::Json(_)), "{bad:?}: {err:?}");
    }
    assert!(matches!(
        regcert_model::parse(b"{}"),
        Err(Error::MissingErrorCode)
    ));
    assert!(matches!(
        regcert_model::parse(br#"{"error_code":0,"result":null}"#),
        Err(Error::MissingResult)
    ));
}
