//! What the code fields of an answer say, and the reading of a top-level
//! JSON object that [`super::Response`] and its borrowed view share.

use serde::Deserialize;
use serde::de;

use crate::codes::ErrorCode;

/// What the code fields of an answer say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `error_code` 0 (or old-style `resultcode` 200).
    Success,
    /// A non-zero code.
    Failure(ErrorCode),
    /// Neither `error_code` nor a known `resultcode` was present.
    Missing,
}

/// Reads a JSON object of type `T`; any other top-level value is an error.
pub(super) fn from_object_slice<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
) -> Result<T, serde_json::Error> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'[')) {
        return Err(de::Error::invalid_type(
            de::Unexpected::Seq,
            &"a JSON object",
        ));
    }
    serde_json::from_slice(bytes)
}

/// What `error_code`, else the old-style `resultcode`, says.
pub(super) fn status(error_code: Option<i64>, resultcode: Option<&str>) -> Status {
    if let Some(code) = error_code {
        return match ErrorCode::from_code(code) {
            None => Status::Success,
            Some(c) => Status::Failure(c),
        };
    }
    match resultcode.map(str::trim) {
        Some("200") | Some("0") => Status::Success,
        Some(old) => match ErrorCode::from_old_resultcode(old) {
            Some(c) => Status::Failure(c),
            None => old
                .parse::<i64>()
                .ok()
                .and_then(ErrorCode::from_code)
                .map_or(Status::Missing, Status::Failure),
        },
        None => Status::Missing,
    }
}
