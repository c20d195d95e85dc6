//! The shapes of the server's answers: the API's JSON body and the HTTP
//! responses that carry it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use regcert_model::ErrorCode;

/// The `Content-Type` of every JSON answer, as the API sends it.
fn json_type() -> HeaderValue {
    HeaderValue::from_static("application/json;charset=UTF-8")
}

/// `response` as the JSON the API sends.
pub(crate) fn to_json(response: &regcert_model::Response) -> Bytes {
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_vec(response).unwrap_or_default().into()
}

/// The JSON of an error answer: catalog reason, `null` result.
pub(crate) fn error_json(code: ErrorCode) -> Bytes {
    to_json(&regcert_model::Response::error(code))
}

/// HTTP 200 with a JSON body, as the API answers everything.
pub(crate) fn api_response(body: Bytes) -> Response {
    json_body(body).into_response()
}

/// `body` with the JSON `Content-Type`, under any status.
pub(crate) fn json_body(body: Bytes) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, json_type())], body)
}

/// Marks `response` as JSON, whatever its body (for a body that is not
/// whole JSON on purpose).
pub(crate) fn set_json(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, json_type());
}

/// An HTTP error status with a body of the API's error shape.
pub(crate) fn error_with_status(status: StatusCode, reason: String, error_code: i64) -> Response {
    let body = regcert_model::Response {
        reason: Some(reason),
        error_code: Some(error_code),
        ..regcert_model::Response::default()
    };
    (status, json_body(to_json(&body))).into_response()
}
