//! The recognition endpoints: what each request is answered with.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use bytes::Bytes;
use regcert_model::ErrorCode;

use crate::admission::Refusal;
use crate::config::Fault;
use crate::faults;
use crate::input::{self, BodyError, Fields};
use crate::recognizer::RecognizeError;
use crate::reply::{api_response, error_json, error_with_status, to_json};
use crate::sandbox::sandbox_entries;
use crate::state::AppState;

pub use regcert_model::{QUERY_PATH, VERIFY_PATH};

/// Bodies larger than this (or of unknown length) need an upload slot.
const LARGE_BODY: usize = 1024 * 1024;

/// Which endpoint a request came to.
#[derive(Clone, Copy)]
enum Endpoint {
    Query,
    Verify,
}

/// What a recognition handler is given.
struct Request {
    ip: IpAddr,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
}

/// Either recognition endpoint: `/verify` when `VERIFY`, else `/query`.
pub(crate) async fn recognition<const VERIFY: bool>(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let request = Request {
        ip: peer.ip(),
        method,
        uri,
        headers,
        body,
    };
    let endpoint = if VERIFY {
        Endpoint::Verify
    } else {
        Endpoint::Query
    };
    handle(&state, endpoint, request).await
}

pub(crate) async fn not_found(method: Method, uri: Uri) -> Response {
    http_error(StatusCode::NOT_FOUND, &method, &uri)
}

pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    http_error(StatusCode::METHOD_NOT_ALLOWED, &method, &uri)
}

/// An HTTP error with an API-shaped JSON body whose `error_code` is the status.
fn http_error(status: StatusCode, method: &Method, uri: &Uri) -> Response {
    let reason = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    tracing::info!(method = %method, path = uri.path(), status = status.as_u16(), "request");
    error_with_status(status, reason, i64::from(status.as_u16()))
}

/// The request id the request-id layer gave the request, for the log.
fn request_id(headers: &HeaderMap) -> &str {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The header carrying each request's id, set when the client sent none
/// and returned with the answer.
pub(crate) const REQUEST_ID: &str = "x-request-id";

/// One recognition request, from body to answer, with its log line and
/// metrics.
async fn handle(state: &AppState, endpoint: Endpoint, request: Request) -> Response {
    let started = Instant::now();
    let (path, label) = match endpoint {
        Endpoint::Query => (QUERY_PATH, "query"),
        Endpoint::Verify => (VERIFY_PATH, "verify"),
    };
    let method = request.method.clone();
    let id = request_id(&request.headers).to_owned();
    let outcome = answer(state, request).await;
    let latency = started.elapsed();
    let latency_ms = latency.as_millis() as u64;
    let status = outcome.response.status().as_u16();
    match (&outcome.fault, outcome.error_code) {
        (Some(fault), _) => {
            state.metrics.record(label, faults::name(fault), latency);
            tracing::info!(
                request_id = %id,
                method = %method,
                path,
                status,
                fault = faults::name(fault),
                latency_ms,
                "request"
            );
        }
        (None, code) => {
            state.metrics.record(label, &code.to_string(), latency);
            tracing::info!(
                request_id = %id,
                method = %method,
                path,
                status,
                error_code = code,
                latency_ms,
                "request"
            );
        }
    }
    outcome.response
}

/// An answer and what the log says about it.
struct Outcome {
    response: Response,
    error_code: i64,
    fault: Option<Fault>,
}

impl Outcome {
    fn error(code: ErrorCode) -> Outcome {
        Outcome {
            response: api_response(error_json(code)),
            error_code: code.code(),
            fault: None,
        }
    }

    /// The API's busy answer: 10014 (HTTP 200, as the API sends it) with
    /// `Retry-After`.
    fn busy(state: &AppState) -> Outcome {
        let mut outcome = Outcome::error(ErrorCode::InternalError);
        outcome.response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(state.admission.retry_after_secs()),
        );
        outcome
    }

    fn with_status(status: StatusCode, reason: String, code: ErrorCode) -> Outcome {
        Outcome {
            response: error_with_status(status, reason, code.code()),
            error_code: code.code(),
            fault: None,
        }
    }
}

/// Whether a request's body needs an upload slot: larger than
/// [`LARGE_BODY`], or of unknown length.
fn large_body(headers: &HeaderMap) -> bool {
    match headers.get(header::CONTENT_LENGTH) {
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .is_none_or(|n| n > LARGE_BODY),
        None => headers.contains_key(header::TRANSFER_ENCODING),
    }
}

async fn answer(state: &AppState, request: Request) -> Outcome {
    let Request {
        ip,
        uri,
        headers,
        body,
        ..
    } = request;
    let _upload = if large_body(&headers) {
        let slot = Arc::clone(&state.uploads).acquire_owned();
        match tokio::time::timeout(state.limits.queue_timeout, slot).await {
            Ok(Ok(slot)) => Some(slot),
            _ => return Outcome::busy(state),
        }
    } else {
        None
    };
    let fields = input::read_fields(&headers, uri.query(), body, state.max_upload_bytes).await;
    let Fields { key, file } = match fields {
        Ok(fields) => fields,
        Err(BodyError::TooLarge) => {
            let code = ErrorCode::RecognitionFailed;
            let limit = state.max_upload_bytes;
            let reason = format!("{}: request body larger than {limit} bytes", code.zh());
            return Outcome::with_status(StatusCode::PAYLOAD_TOO_LARGE, reason, code);
        }
        Err(BodyError::Interrupted) => return timeout_outcome(),
    };
    if let Some(latency) = state.latency {
        tokio::time::sleep(latency).await;
    }
    if let Some(fault) = state.faults.next() {
        return Outcome {
            response: faults::respond(&fault),
            error_code: 0,
            fault: Some(fault),
        };
    }
    if !state.rate.admit(ip) {
        return Outcome::error(ErrorCode::IpRateLimited);
    }
    let Some(key) = key.filter(|k| state.knows_key(k)) else {
        return Outcome::error(ErrorCode::InvalidKey);
    };
    if !state.quota.take(&key) {
        return Outcome::error(ErrorCode::QuotaExceeded);
    }
    let Some(file) = file.filter(|f| !f.bytes.trim_ascii().is_empty()) else {
        return Outcome::error(ErrorCode::FileEmpty);
    };
    let Some(image) = input::image_of(file) else {
        return Outcome::error(ErrorCode::RecognitionFailed);
    };
    recognize(state, image).await
}

/// HTTP 408 with an API-shaped body carrying 270901: the body stopped
/// coming ([`Limits::body_timeout`]) or the request took too long
/// ([`Limits::request_timeout`]).
fn timeout_outcome() -> Outcome {
    let code = ErrorCode::NetworkError;
    let reason = format!("{}: the request was not received in time", code.zh());
    Outcome::with_status(StatusCode::REQUEST_TIMEOUT, reason, code)
}

/// The answer to a request cut by the whole-request timeout.
pub(crate) fn timeout_response() -> Response {
    timeout_outcome().response
}

/// The success answer for a valid image: from the recognizer once
/// admitted (on the blocking thread pool: it may take a CPU for a second),
/// else a fixture, else the sandbox record.
async fn recognize(state: &AppState, image: Bytes) -> Outcome {
    let orderid = state.orderid();
    let entries = match &state.recognizer {
        Some(recognizer) => {
            let estimate = match recognizer.memory_estimate(&image) {
                Ok(bytes) => bytes,
                Err(e) => return refused(&e, "image refused"),
            };
            let permit = match state.admission.admit(estimate).await {
                Ok(permit) => permit,
                Err(Refusal::Busy) => return Outcome::busy(state),
                Err(Refusal::TooBig) => {
                    tracing::warn!(
                        estimate,
                        budget = state.admission.budget_bytes(),
                        "image refused: over the whole memory budget"
                    );
                    return Outcome::error(ErrorCode::RecognitionFailed);
                }
            };
            let recognizer = Arc::clone(recognizer);
            let result = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                recognizer.recognize(&image)
            })
            .await
            .unwrap_or_else(|e| Err(RecognizeError::Failed(Box::new(e))));
            match result {
                Ok(entries) => entries,
                Err(e) => return refused(&e, "recognizer failed"),
            }
        }
        None => {
            if let Some((value, error_code)) = state.fixtures.answer(&image, &orderid) {
                return Outcome {
                    response: api_response(value.to_string().into()),
                    error_code,
                    fault: None,
                };
            }
            sandbox_entries()
        }
    };
    let response = regcert_model::Response::success(entries, orderid);
    Outcome {
        response: api_response(to_json(&response)),
        error_code: 0,
        fault: None,
    }
}

/// The answer to a recognizer's failure, logged with its causes.
fn refused(e: &RecognizeError, what: &'static str) -> Outcome {
    tracing::warn!(reason = %Chain(e), "{what}");
    Outcome::error(e.error_code())
}

/// An error and its sources, joined by ": ".
struct Chain<'a>(&'a dyn std::error::Error);

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(e) = source {
            write!(f, ": {e}")?;
            source = e.source();
        }
        Ok(())
    }
}
