//! The pure half of regcert: the wire types of the 车辆登记证识别 API, its
//! error-code catalog, and the normalized, validated
//! [`VehicleRegistration`] record.
//!
//! No I/O, no async, no HTTP: use it alone when you already hold a response.
//!
//! ```
//! let body = r#"{"reason":"操作成功","error_code":0,"result":{"orderid":"JH1","res":[
//!     {"nID":null,"index":null,"desc":"车辆识别代号V车架号","content":"lsvau2180n2183456"},
//!     {"nID":null,"index":null,"desc":"燃料种类","content":"汽油"},
//!     {"nID":null,"index":null,"desc":"外廓尺寸","content":"长4870宽1820高1475mm"},
//!     {"nID":null,"index":null,"desc":"总质量","content":"kg"}]}}"#;
//! let record = regcert_model::parse(body.as_bytes())?;
//! assert_eq!(record.vin.as_deref(), Some("LSVAU2180N2183456"));
//! assert_eq!(record.fuel_type.as_ref().map(|f| f.as_str()), Some("gasoline"));
//! assert_eq!(record.overall_dimensions_mm.map(|d| d.length), Some(4870));
//! assert_eq!(record.gross_mass_kg, None); // blank is never zero
//! # Ok::<(), regcert_model::Error>(())
//! ```
//!
//! An error answer is an [`Error::Api`] carrying the catalog code:
//!
//! ```
//! use regcert_model::{ErrorCode, Error};
//! let err = regcert_model::parse(
//!     r#"{"reason":"错误的请求KEY","result":null,"error_code":10001}"#.as_bytes(),
//! )
//!     .unwrap_err();
//! assert!(matches!(err, Error::Api(e) if e.code == ErrorCode::InvalidKey));
//! ```
#![forbid(unsafe_code)]

mod codes;
mod dates;
mod id_number;
mod labels;
mod normalize;
mod owner;
mod record;
mod text;
mod units;
pub mod values;
mod vin;
mod vocab;
mod wire;

pub use codes::{ApiError, ErrorCode, Level};
pub use labels::Label;
pub use normalize::normalize;
pub use owner::{IdCheck, Owner};
pub use record::{ExtraField, Issue, IssueCode, Severity, VehicleRegistration};
pub use units::Dimensions;
pub use vocab::{Coded, FuelType, Origin, Steering, UnknownValue, UseCharacter, Vocabulary};
pub use wire::{Entry, QUERY_PATH, Response, Status, VERIFY_PATH, WireResult};

/// Why a response could not become a record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not JSON of the response's shape. The message names the
    /// kind of fault and where it is, never the text found there (which may be
    /// an owner's name).
    #[error("malformed response JSON: {}", json_summary(.0))]
    Json(#[from] serde_json::Error),
    /// The API answered with a non-zero `error_code`.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The response has neither `error_code` nor a known `resultcode`.
    #[error("response has no error_code")]
    MissingErrorCode,
    /// `error_code` is 0 but there is no `result` object.
    #[error("successful response without a result object")]
    MissingResult,
}

/// The kind and position of a JSON error, without the offending text.
fn json_summary(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "read error",
        Category::Syntax => "syntax error",
        Category::Data => "not an object of the response's shape",
        Category::Eof => "unexpected end of input",
    };
    if e.line() == 0 {
        what.to_owned()
    } else {
        format!("{what} at line {} column {}", e.line(), e.column())
    }
}

impl Error {
    /// The catalog code of an [`Error::Api`].
    pub fn api_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api(e) => Some(e.code),
            _ => None,
        }
    }
}

/// Reads a whole API response and normalizes it.
///
/// `Err(Error::Api)` when `error_code` is not 0; `Err(Error::Json)` when the
/// bytes are not JSON or not an object of the response's shape.
///
/// The same as [`from_response`] of [`Response::from_slice`], without
/// copying the answer's texts before normalizing them.
pub fn parse(bytes: &[u8]) -> Result<VehicleRegistration, Error> {
    let response = wire::ResponseView::from_slice(bytes)?;
    let result = response.result().map(|r| (r.entries(), r.orderid()));
    record(response.status(), response.reason(), result)
}

/// Normalizes a response already read.
pub fn from_response(response: &Response) -> Result<VehicleRegistration, Error> {
    let result = response.result.as_ref().map(|r| {
        let entries = r
            .res
            .iter()
            .map(|e| (e.desc.as_deref(), e.content.as_deref()));
        (entries, r.orderid.as_deref())
    });
    record(response.status(), response.reason.as_deref(), result)
}

/// The record of an answer: its status, reason, and result's entries (label
/// and text) and order id.
fn record<'t>(
    status: wire::Status,
    reason: Option<&str>,
    result: Option<(
        impl Iterator<Item = (Option<&'t str>, Option<&'t str>)>,
        Option<&str>,
    )>,
) -> Result<VehicleRegistration, Error> {
    match status {
        wire::Status::Failure(code) => Err(ApiError::new(code, reason.map(str::to_owned)).into()),
        wire::Status::Missing => Err(Error::MissingErrorCode),
        wire::Status::Success => {
            let (entries, order_id) = result.ok_or(Error::MissingResult)?;
            Ok(normalize::from_texts(entries, order_id))
        }
    }
}
