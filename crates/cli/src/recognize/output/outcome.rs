//! The result for one input, and its JSON form.

use regcert_model::VehicleRegistration;
use serde_json::{Value, json};

/// Why one input produced no record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `Error::kind()` of the client: `"api"`, `"io"`, `"invalid_image"`, ...
    pub kind: &'static str,
    /// The API's error code, for `"api"` failures.
    pub code: Option<i64>,
    /// A one-line explanation (never contains the key).
    pub message: String,
}

impl From<&regcert_client::Error> for Failure {
    fn from(e: &regcert_client::Error) -> Failure {
        Failure {
            kind: e.kind(),
            code: e.api_code().map(|c| c.code()),
            message: e.to_string(),
        }
    }
}

/// The result for one input.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The input's path as shown to the user (and matched by `--resume`).
    pub file: String,
    /// Its record, or why there is none.
    pub result: Result<VehicleRegistration, Failure>,
}

impl Outcome {
    /// `{"file", "record"}` or `{"file", "error": {"kind", "code", "message"}}`.
    pub fn to_json(&self) -> Value {
        match &self.result {
            Ok(record) => json!({ "file": self.file, "record": record }),
            Err(f) => json!({
                "file": self.file,
                "error": { "kind": f.kind, "code": f.code, "message": f.message },
            }),
        }
    }
}
