//! The API's JSON exactly as it is, read leniently.
//!
//! Both endpoints answer with the same object:
//! `{"reason": .., "result": {"res": [{"nID", "index", "desc", "content"}, ..],
//! "orderid": ..}, "error_code": 0}`. Real answers are untidy, so reading
//! accepts `null` for any field, missing fields, unknown keys (ignored),
//! `result` as `null`, `""` or `{}` on errors, `error_code` as an integer or
//! a string of digits (nothing else: `1.0`, `-0` or `1e-999` is malformed),
//! and the old-style `resultcode`. Writing gives the document's shape back.

use serde::de;
use serde::{Deserialize, Serialize};

use crate::codes::ErrorCode;

mod lenient;
mod status;
mod view;

pub use status::Status;
use status::{from_object_slice, status};
pub(crate) use view::ResponseView;

/// Path of the base64, form-urlencoded endpoint (`key`, `file` = base64).
pub const QUERY_PATH: &str = "/verify_cardjz_certificate/query";
/// Path of the multipart file endpoint (`key`, `file` = the image).
pub const VERIFY_PATH: &str = "/verify_cardjz_certificate/verify";

/// One whole answer of the API.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Response {
    /// The API's message, such as `"操作成功"` or `"错误的请求KEY"`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub reason: Option<String>,
    /// The result set; `None` when the API sent `null`, `""` or nothing.
    #[serde(default, deserialize_with = "lenient::result")]
    pub result: Option<WireResult>,
    /// `0` on success; `None` when the field was missing or not a number.
    #[serde(default, deserialize_with = "lenient::code")]
    pub error_code: Option<i64>,
    /// The old-style code some answers carry (`"112"` for 10012).
    #[serde(
        default,
        deserialize_with = "lenient::string",
        skip_serializing_if = "Option::is_none"
    )]
    pub resultcode: Option<String>,
}

/// The `result` object of an answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WireResult {
    /// The recognized fields, in the API's order.
    #[serde(default, deserialize_with = "lenient::entries")]
    pub res: Vec<Entry>,
    /// The order number, `"JH"` followed by digits.
    #[serde(default, deserialize_with = "lenient::string")]
    pub orderid: Option<String>,
}

/// One recognized field: a label (`desc`) and its text (`content`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Entry {
    /// Unused by the API; always `null` in practice.
    #[serde(rename = "nID", default, deserialize_with = "lenient::string")]
    pub n_id: Option<String>,
    /// Unused by the API; always `null` in practice.
    #[serde(default, deserialize_with = "lenient::string")]
    pub index: Option<String>,
    /// The label, such as `"车辆识别代号V车架号"`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub desc: Option<String>,
    /// The recognized text.
    #[serde(default, deserialize_with = "lenient::string")]
    pub content: Option<String>,
}

impl Entry {
    /// An entry with a label and a text, the unused fields `null`.
    pub fn new(desc: impl Into<String>, content: impl Into<String>) -> Entry {
        Entry {
            n_id: None,
            index: None,
            desc: Some(desc.into()),
            content: Some(content.into()),
        }
    }
}

impl Response {
    /// Reads an answer from JSON bytes.
    ///
    /// The top level must be a JSON object; anything else is an error.
    pub fn from_slice(bytes: &[u8]) -> Result<Response, serde_json::Error> {
        from_object_slice(bytes)
    }

    /// Whether `bytes` hold one whole JSON document, whatever its shape:
    /// valid UTF-8, syntactically complete, nothing but whitespace after it.
    ///
    /// An answer that is not (cut short, empty, an HTML page, bytes that are
    /// not UTF-8) was damaged on its way and may come whole on a second try;
    /// a whole document that [`Response::from_slice`] refuses is a wrong
    /// answer that no retry mends.
    pub fn is_json_document(bytes: &[u8]) -> bool {
        std::str::from_utf8(bytes)
            .is_ok_and(|text| serde_json::from_str::<de::IgnoredAny>(text).is_ok())
    }

    /// Success or the error code, from `error_code`, else from `resultcode`.
    pub fn status(&self) -> Status {
        status(self.error_code, self.resultcode.as_deref())
    }

    /// A successful answer carrying `entries`.
    pub fn success(entries: Vec<Entry>, orderid: impl Into<String>) -> Response {
        Response {
            reason: Some("操作成功".to_owned()),
            result: Some(WireResult {
                res: entries,
                orderid: Some(orderid.into()),
            }),
            error_code: Some(0),
            resultcode: None,
        }
    }

    /// A successful answer carrying `entries` with no order number: what an
    /// offline reading gives, for which no cloud order exists.
    pub fn success_without_order(entries: Vec<Entry>) -> Response {
        let mut response = Response::success(entries, "");
        if let Some(result) = response.result.as_mut() {
            result.orderid = None;
        }
        response
    }

    /// An error answer for `code`, with the catalog's Chinese text as reason
    /// and a `null` result, as the API sends it.
    pub fn error(code: ErrorCode) -> Response {
        Response {
            reason: Some(code.zh().to_owned()),
            result: None,
            error_code: Some(code.code()),
            resultcode: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Response {
        Response::from_slice(s.as_bytes()).expect("valid JSON")
    }

    #[test]
    fn reads_error_shapes() {
        for result in ["null", "\"\"", "{}", "[]", "0"] {
            let r = read(&format!(
                r#"{{"reason":"错误的请求KEY","result":{result},"error_code":10001}}"#
            ));
            assert_eq!(r.status(), Status::Failure(ErrorCode::InvalidKey));
            if result == "{}" {
                assert_eq!(r.result, Some(WireResult::default()));
            } else {
                assert_eq!(r.result, None, "{result}");
            }
        }
    }

    #[test]
    fn code_as_string_number_or_old_style() {
        assert_eq!(read(r#"{"error_code":"0"}"#).status(), Status::Success);
        assert_eq!(
            read(r#"{"error_code":" 270903 "}"#).status(),
            Status::Failure(ErrorCode::RecognitionFailed)
        );
        assert_eq!(
            read(r#"{"resultcode":"112"}"#).status(),
            Status::Failure(ErrorCode::QuotaExceeded)
        );
        assert_eq!(read(r#"{"resultcode":200}"#).status(), Status::Success);
        assert_eq!(read(r#"{"reason":"x"}"#).status(), Status::Missing);
        assert!(Response::from_slice(br#"{"error_code":"abc"}"#).is_err());
    }

    #[test]
    fn whole_documents_whatever_their_shape() {
        for whole in [
            &b"{}"[..],
            b" [1, 2] \n",
            b"0",
            b"\"x\"",
            br#"{"error_code":1.0}"#,
            "{\"reason\":\"操作成功\"}".as_bytes(),
        ] {
            assert!(Response::is_json_document(whole), "{whole:?}");
        }
        for broken in [
            &b""[..],
            b"  ",
            br#"{"reason":"#,
            br#"{"error_code":0"#,
            b"<html>502</html>",
            b"{\"reason\":\"\xff\xfe\",\"error_code\":0}",
            b"{} {}",
            b"{}x",
        ] {
            assert!(!Response::is_json_document(broken), "{broken:?}");
        }
    }

    #[test]
    fn code_is_an_integer_or_digits_and_nothing_else() {
        assert_eq!(read(r#"{"error_code":-1}"#).error_code, Some(-1));
        assert_eq!(read(r#"{"error_code":"010001"}"#).error_code, Some(10001));
        for bad in [
            "1e-999",
            "-0",
            "1.0",
            "0.0",
            "0e0",
            "1E3",
            "-0.0",
            "10001.5",
            r#""1e3""#,
            r#""-0""#,
            r#""+0""#,
            r#""1.0""#,
            r#""0x10""#,
            r#""١""#,
            "9223372036854775808",
            r#""9223372036854775808""#,
            "true",
            "[0]",
            "{}",
        ] {
            let doc = format!(r#"{{"reason":"ok","result":null,"error_code":{bad}}}"#);
            assert!(Response::from_slice(doc.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_tolerate_nulls_missing_and_unknown_keys() {
        let r = read(
            r#"{"result":{"res":[{"desc":null,"content":null},{"desc":"轴数","x":[1,{}]},
            {"nID":3,"index":"1","desc":"轮胎数","content":4},"junk",null],"orderid":"JH1","more":1},
            "error_code":0,"extra":{"a":1}}"#,
        );
        let res = &r.result.as_ref().unwrap().res;
        assert_eq!(res.len(), 3);
        assert_eq!(res[0].desc, None);
        assert_eq!(res[1].desc.as_deref(), Some("轴数"));
        assert_eq!(res[1].content, None);
        assert_eq!(res[2].content.as_deref(), Some("4"));
        assert_eq!(res[2].n_id.as_deref(), Some("3"));
    }

    #[test]
    fn malformed_json_is_an_error() {
        for bad in ["", "{", "[1,2", "{\"result\":}", "null x"] {
            assert!(Response::from_slice(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_the_documents_shape() {
        let r = Response::success(vec![Entry::new("轴数", "2")], "JH1");
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"reason":"操作成功","result":{"res":[{"nID":null,"index":null,
            "desc":"轴数","content":"2"}],"orderid":"JH1"},"error_code":0})
        );
        assert_eq!(read(&v.to_string()), r);
        let e = serde_json::to_value(Response::error(ErrorCode::FileEmpty)).unwrap();
        assert_eq!(
            e,
            serde_json::json!({"reason":"file参数不可为空","result":null,"error_code":270902})
        );
    }
}
