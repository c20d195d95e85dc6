//! The routes and what each request is answered with.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use bytes::Bytes;
use regcert_model::ErrorCode;

use crate::config::{Config, Recognizer};
use crate::faults::{self, FaultPlan};
use crate::fixtures::Fixtures;
use crate::input::{self, Fields};
use crate::quota::{IpRate, KeyQuota};
use crate::sandbox::sandbox_entries;

pub use regcert_model::wire::{QUERY_PATH, VERIFY_PATH};

/// Everything a request needs, shared by all of them.
pub(crate) struct AppState {
    keys: Vec<String>,
    max_upload_bytes: usize,
    latency: Option<std::time::Duration>,
    faults: FaultPlan,
    fixtures: Fixtures,
    recognizer: Option<Arc<dyn Recognizer>>,
    quota: KeyQuota,
    rate: IpRate,
    orders: AtomicU64,
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
            keys: config.keys,
            max_upload_bytes: config.max_upload_bytes,
            fixtures,
            recognizer: config.recognizer,
            quota: KeyQuota::new(config.quota_per_key),
            rate: IpRate::new(config.qps_per_client),
            orders: AtomicU64::new(0),
        })
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

/// The application: both endpoints and a JSON 404 for anything else.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(QUERY_PATH, post(query))
        .route(VERIFY_PATH, post(verify))
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

async fn query(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Body,
) -> Response {
    handle(&state, Endpoint::Query, peer.ip(), None, body).await
}

async fn verify(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    handle(&state, Endpoint::Verify, peer.ip(), content_type, body).await
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

/// One recognition request, from body to answer, with its log line.
async fn handle(
    state: &AppState,
    endpoint: Endpoint,
    ip: IpAddr,
    content_type: Option<String>,
    body: Body,
) -> Response {
    let started = Instant::now();
    let path = match endpoint {
        Endpoint::Query => QUERY_PATH,
        Endpoint::Verify => VERIFY_PATH,
    };
    let outcome = answer(state, endpoint, ip, content_type.as_deref(), body).await;
    let latency_ms = started.elapsed().as_millis() as u64;
    let status = outcome.response.status().as_u16();
    match (&outcome.fault, outcome.error_code) {
        (Some(fault), _) => tracing::info!(
            method = %Method::POST,
            path,
            status,
            fault = faults::name(fault),
            latency_ms,
            "request"
        ),
        (None, code) => tracing::info!(
            method = %Method::POST,
            path,
            status,
            error_code = code,
            latency_ms,
            "request"
        ),
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
}

async fn answer(
    state: &AppState,
    endpoint: Endpoint,
    ip: IpAddr,
    content_type: Option<&str>,
    body: Body,
) -> Outcome {
    let Ok(body) = input::read_body(body, state.max_upload_bytes).await else {
        return Outcome {
            response: too_large(state.max_upload_bytes),
            error_code: ErrorCode::RecognitionFailed.code(),
            fault: None,
        };
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
    if !state.rate.admit(ip, Instant::now()) {
        return Outcome::error(ErrorCode::IpRateLimited);
    }
    let Fields { key, file } = match endpoint {
        Endpoint::Query => input::form_fields(&body),
        Endpoint::Verify => input::multipart_fields(content_type, body).await,
    };
    let Some(key) = key.filter(|k| state.keys.iter().any(|known| known == k)) else {
        return Outcome::error(ErrorCode::InvalidKey);
    };
    if !state.quota.take(&key) {
        return Outcome::error(ErrorCode::QuotaExceeded);
    }
    let Some(file) = file.filter(|f| !f.trim_ascii().is_empty()) else {
        return Outcome::error(ErrorCode::FileEmpty);
    };
    let image = match endpoint {
        Endpoint::Query => match input::decode_base64(&file) {
            Some(bytes) => Bytes::from(bytes),
            None => return Outcome::error(ErrorCode::RecognitionFailed),
        },
        Endpoint::Verify => file,
    };
    if !input::looks_like_image(&image) {
        return Outcome::error(ErrorCode::RecognitionFailed);
    }
    recognize(state, image).await
}

/// The success answer for a valid image: from the recognizer (on the
/// blocking thread pool: it may take a CPU for a second), else a fixture,
/// else the sandbox record.
async fn recognize(state: &AppState, image: Bytes) -> Outcome {
    let orderid = state.orderid();
    let entries = match &state.recognizer {
        Some(recognizer) => {
            let recognizer = Arc::clone(recognizer);
            let result = tokio::task::spawn_blocking(move || recognizer.recognize(&image))
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

fn json_body(body: Bytes) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        )],
        body,
    )
}

/// HTTP 413 with an API-shaped body carrying 270903.
fn too_large(limit: usize) -> Response {
    let code = ErrorCode::RecognitionFailed;
    let reason = format!("{}: request body larger than {limit} bytes", code.zh());
    error_with_status(StatusCode::PAYLOAD_TOO_LARGE, reason, code.code())
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
