//! Properties: nothing panics on any input, blank text is never zero, and
//! `parse` is `from_response` of `Response::from_slice`.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use regcert_model::Label;
use regcert_model::{Entry, Response};
use serde_json::json;

/// Arbitrary JSON values, a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("result".to_owned()),
                    Just("res".to_owned()),
                    Just("desc".to_owned()),
                    Just("content".to_owned()),
                    Just("error_code".to_owned()),
                    Just("orderid".to_owned()),
                    ".{0,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Text that says nothing, in the forms seen on certificates.
fn blank() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-".to_owned()),
        Just("--".to_owned()),
        Just("——".to_owned()),
        Just("mm".to_owned()),
        Just("kg".to_owned()),
        Just("人".to_owned()),
        Just("Kg".to_owned()),
        Just(" ".to_owned()),
    ]
}

fn labels() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

/// A whole answer: known or other labels, texts with characters JSON
/// escapes, odd `nID` values, any `error_code`.
fn answer() -> impl Strategy<Value = String> {
    let desc = prop_oneof![
        labels().prop_map(|l| json!(l.api_label())),
        "[\\PC\"\\\\/V ]{0,10}".prop_map(|s| json!(s)),
        json(),
    ];
    let entry = (json(), desc, "[\\PC\"\\\\\n\u{3000}]{0,16}")
        .prop_map(|(n_id, desc, content)| json!({"nID": n_id, "desc": desc, "content": content}));
    let code = prop_oneof![Just(json!(0)), Just(json!("0")), json()];
    (prop::collection::vec(entry, 0..8), code, json())
        .prop_map(|(res, code, orderid)| {
            json!({"reason": "操作成功", "result": {"res": res, "orderid": orderid}, "error_code": code})
                .to_string()
        })
}

/// `parse(bytes)` gives what reading a [`Response`] and normalizing it gives:
/// the same record, or an error that reads the same.
fn parse_is_read_then_normalize(bytes: &[u8]) -> Result<(), TestCaseError> {
    let direct = regcert_model::parse(bytes);
    let read = Response::from_slice(bytes)
        .map_err(regcert_model::Error::from)
        .and_then(|r| regcert_model::from_response(&r));
    match (direct, read) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (a, b) => prop_assert!(false, "{:?} but {:?}", a, b),
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_json_never_panics(v in json()) {
        let _ = regcert_model::parse(v.to_string().as_bytes());
    }

    #[test]
    fn parse_reads_arbitrary_json_as_response_does(v in json()) {
        parse_is_read_then_normalize(v.to_string().as_bytes())?;
    }

    #[test]
    fn parse_reads_answers_as_response_does(body in answer()) {
        parse_is_read_then_normalize(body.as_bytes())?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = regcert_model::parse(&b);
    }

    #[test]
    fn arbitrary_field_text_never_panics(label in labels(), text in "\\PC{0,40}") {
        let resp = Response::success(vec![Entry::new(label.api_label(), text)], "JH1");
        let record = regcert_model::from_response(&resp).expect("success response");
        let _ = serde_json::to_string(&record).expect("serializes");
    }

    #[test]
    fn blank_is_never_zero(label in labels(), text in blank()) {
        let resp = Response::success(vec![Entry::new(label.api_label(), text)], "JH1");
        let record = regcert_model::from_response(&resp).expect("success response");
        let v = serde_json::to_value(&record).expect("serializes");
        for key in label.keys() {
            prop_assert_eq!(&v[*key], &serde_json::Value::Null, "{}", key);
        }
        prop_assert!(record.issues.is_empty(), "{:?}", record.issues);
    }

    #[test]
    fn numbers_with_noise_read_back(n in 1u32..100_000, spaced in any::<bool>(), fullwidth in any::<bool>()) {
        let mut digits = n.to_string();
        if spaced && digits.len() > 2 {
            digits.insert(1, ' ');
        }
        if fullwidth {
            digits = digits.chars().map(|c| if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else { c }).collect();
        }
        for unit in ["kg", "Kg", "千克", "公斤"] {
            let resp = Response::success(vec![Entry::new("总质量", format!("{digits}{unit}"))], "JH1");
            let record = regcert_model::from_response(&resp).expect("success");
            prop_assert_eq!(record.gross_mass_kg, Some(n));
        }
    }
}
