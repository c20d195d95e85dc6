//! regcert_parse_response and the record getters against regcert-model.

use std::ffi::CStr;
use std::path::PathBuf;
use std::ptr;

use regcert::*;

use crate::support::{last_message, parse, text};

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../model/tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

#[test]
fn every_fixture_gives_the_models_json_or_its_api_code() {
    let files = fixtures();
    assert!(files.len() > 20, "fixtures not found");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        match regcert_model::parse(&bytes) {
            Ok(want) => {
                let record = parse(&bytes).unwrap_or_else(|s| panic!("{}: {s:?}", path.display()));
                assert_eq!(
                    record.json(),
                    serde_json::to_string(&want).unwrap(),
                    "{}",
                    path.display()
                );
                assert_eq!(record.get("vin"), want.vin, "{}", path.display());
                assert_eq!(record.get("order_id"), want.order_id, "{}", path.display());
            }
            Err(regcert_model::Error::Api(api)) => {
                assert_eq!(
                    parse(&bytes).err(),
                    Some(regcert_status::Api),
                    "{}",
                    path.display()
                );
                assert_eq!(
                    errors::regcert_last_api_error_code() as i64,
                    api.code.code()
                );
            }
            Err(_) => {
                assert_eq!(
                    parse(&bytes).err(),
                    Some(regcert_status::Decode),
                    "{}",
                    path.display()
                );
                assert_eq!(errors::regcert_last_api_error_code(), 0);
            }
        }
    }
}

#[test]
fn getters_give_strings_numbers_and_json() {
    let body = r#"{"reason":"ok","error_code":0,"result":{"orderid":"JH7","res":[
        {"desc":"外廓尺寸","content":"4870×1820×1475mm"},
        {"desc":"排量V功率","content":"1984ml/137.5kw"},
        {"desc":"登记日期","content":"2019/12/5"},
        {"desc":"总质量","content":"-"}]}}"#;
    let record = parse(body.as_bytes()).unwrap();
    assert_eq!(record.get("displacement_ml").as_deref(), Some("1984"));
    assert_eq!(record.get("power_kw").as_deref(), Some("137.5"));
    assert_eq!(
        record.get("registration_date").as_deref(),
        Some("2019-12-05")
    );
    let dims: serde_json::Value =
        serde_json::from_str(&record.get("overall_dimensions_mm").unwrap()).unwrap();
    assert_eq!(dims["width"], 1820);
    assert_eq!(record.get("gross_mass_kg"), None);
    assert_eq!(
        record.get("raw").map(|r| r.contains("4870×1820×1475mm")),
        Some(true)
    );
    assert_eq!(record.get("nope"), None);
    assert!(last_message().contains("nope"));
    let key = c"gross_mass_kg";
    // SAFETY: live record, NUL-terminated keys.
    unsafe {
        assert!(record::regcert_record_has(record.0, key.as_ptr()));
        assert!(!record::regcert_record_has(record.0, c"nope".as_ptr()));
        // the same pointer every time: it lives in the record
        assert_eq!(
            record::regcert_record_json(record.0),
            record::regcert_record_json(record.0)
        );
        assert_eq!(
            record::regcert_record_get(record.0, c"order_id".as_ptr()),
            record::regcert_record_get(record.0, c"order_id".as_ptr())
        );
    }
}

#[test]
fn failures_leave_the_out_parameter_alone() {
    let mut out = ptr::NonNull::<regcert_record>::dangling().as_ptr();
    let before = out;
    let cases: [(&[u8], regcert_status); 4] = [
        (
            b"{\"error_code\":10012,\"reason\":\"\",\"result\":null}",
            regcert_status::Api,
        ),
        (b"{\"error_code\":0", regcert_status::Decode),
        (b"\xff\xfe", regcert_status::InvalidUtf8),
        (b"", regcert_status::Decode),
    ];
    for (bytes, want) in cases {
        // SAFETY: live slice, writable out-parameter.
        let status =
            unsafe { record::regcert_parse_response(bytes.as_ptr().cast(), bytes.len(), &mut out) };
        assert_eq!(status, want);
        assert_eq!(out, before);
    }
    // SAFETY: NULL arguments are allowed and reported.
    unsafe {
        assert_eq!(
            record::regcert_parse_response(ptr::null(), 3, &mut out),
            regcert_status::NullArgument
        );
        assert_eq!(
            record::regcert_parse_response(c"{}".as_ptr(), 2, ptr::null_mut()),
            regcert_status::NullArgument
        );
        assert!(record::regcert_record_json(ptr::null()).is_null());
        assert!(record::regcert_record_get(ptr::null(), c"vin".as_ptr()).is_null());
        record::regcert_record_free(ptr::null_mut());
    }
    assert_eq!(out, before);
    assert_eq!(last_message(), "record is NULL");
}

#[test]
fn version_and_status_texts() {
    // SAFETY: static strings.
    let v = unsafe { CStr::from_ptr(version::regcert_version()) };
    assert_eq!(v.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    // SAFETY: static strings.
    let (ok, unknown) = unsafe {
        (
            text(errors::regcert_status_str(regcert_status::Ok as u32)),
            text(errors::regcert_status_str(12345)),
        )
    };
    assert_eq!(ok.as_deref(), Some("ok"));
    assert_eq!(unknown.as_deref(), Some("unknown status"));
}
