//! The recognition endpoints: what each request is answered with.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, get, on};
use bytes::Bytes;
use regcert_model::ErrorCode;
use tokio::sync::Semaphore;

use crate::admission::{Admission, Refusal};
use crate::config::{Config, Limits, Recognizer};
use crate::faults::{self, FaultPlan};
use crate::fixtures::Fixtures;
use crate::input::{self, BodyError, Fields};
use crate::metrics::Metrics;
use crate::ops;
use crate::quota::KeyQuota;
use crate::rate::IpRate;
use crate::sandbox::sandbox_entries;

pub use regcert_model::{QUERY_PATH, VERIFY_PATH};

/// Bodies larger than this (or of unknown length) need an upload slot.
const LARGE_BODY: usize = 1024 * 1024;

/// Everything a request needs, shared by all of them.
pub(crate) struct AppState {
    keys: RwLock<Arc<[String]>>,
    max_upload_bytes: usize,
    latency: Option<Duration>,
    faults: FaultPlan,
    fixtures: Fixtures,
    recognizer: Option<Arc<dyn Recognizer>>,
    quota: KeyQuota,
    pub(crate) rate: IpRate,
    orders: AtomicU64,
    pub(crate) limits: Limits,
    pub(crate) admission: Admission,
    uploads: Arc<Semaphore>,
    pub(crate) metrics: Metrics,
    pub(crate) model_load_time: Option<Duration>,
    pub(crate) draining: AtomicBool,
}

impl AppState {
    /// Builds the state, loading the fixtures folder.
    pub(crate) fn new(config: Config) -> std::io::Result<AppState> {
        let fixtures = match &config.fixtures {
            Some(dir) => Fixtures::load(dir)?,
            None => Fixtures::default(),
        };
        Ok(AppState {
            faults: FaultPlan::new(&config.faults),
            latency: config.faults.latency,
            keys: RwLock::new(config.keys.into()),
            max_upload_bytes: config.max_upload_bytes,
            fixtures,
            recognizer: config.recognizer,
            quota: KeyQuota::new(config.quota_per_key),
            rate: IpRate::new(config.qps_per_client),
            orders: AtomicU64::new(0),
            admission: Admission::new(&config.limits),
            uploads: Arc::new(Semaphore::new(config.limits.max_uploads.max(1))),
            limits: config.limits,
            metrics: Metrics::default(),
            model_load_time: config.model_load_time,
            draining: AtomicBool::new(false),
        })
    }

    /// Replaces the accepted keys; requests already past the key check are
    /// not affected.
    pub(crate) fn set_keys(&self, keys: Vec<String>) {
        *self.keys.write().unwrap_or_else(|e| e.into_inner()) = keys.into();
    }

    fn knows_key(&self, key: &str) -> bool {
        let keys = Arc::clone(&self.keys.read().unwrap_or_else(|e| e.into_inner()));
        keys.iter().any(|known| known == key)
    }

    /// A fresh order number: `JH` and 24 digits (milliseconds since the epoch
    /// and a counter).
    fn orderid(&self) -> String {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let n = self.orders.fetch_add(1, Ordering::Relaxed);
        format!("JH{:013}{:011}", millis % 10u128.pow(13), n % 10u64.pow(11))
    }
}

/// The application: both endpoints (GET and POST), the probes and metrics,
/// and a JSON 404 for anything else.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let methods = MethodFilter::GET.or(MethodFilter::POST);
    Router::new()
        .route(QUERY_PATH, on(methods, recognition::<false>))
        .route(VERIFY_PATH, on(methods, recognition::<true>))
        .route(ops::HEALTH_PATH, get(ops::healthz))
        .route(ops::READY_PATH, get(ops::readyz))
        .route(ops::METRICS_PATH, get(ops::metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

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
async fn recognition<const VERIFY: bool>(
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

async fn not_found(method: Method, uri: Uri) -> Response {
    http_error(StatusCode::NOT_FOUND, &method, &uri)
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
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
    fault: Option<crate::config::Fault>,
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
                Err(reason) => {
                    tracing::warn!(%reason, "image refused");
                    return Outcome::error(ErrorCode::RecognitionFailed);
                }
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
            .unwrap_or_else(|e| Err(format!("the recognizer task failed: {e}")));
            match result {
                Ok(entries) => entries,
                Err(reason) => {
                    tracing::warn!(%reason, "recognizer failed");
                    return Outcome::error(ErrorCode::RecognitionFailed);
                }
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

fn to_json(response: &regcert_model::Response) -> Bytes {
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

pub(crate) fn json_body(body: Bytes) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        body,
    )
}

/// An HTTP error status with a body of the API's error shape.
fn error_with_status(status: StatusCode, reason: String, error_code: i64) -> Response {
    let body = regcert_model::Response {
        reason: Some(reason),
        error_code: Some(error_code),
        ..regcert_model::Response::default()
    };
    (status, json_body(to_json(&body))).into_response()
}
