//! What operators and orchestrators ask: liveness, readiness, metrics.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::metrics::Gauges;
use crate::reply::json_body;
use crate::state::AppState;

/// Liveness: 200 while the process serves requests.
pub const HEALTH_PATH: &str = "/healthz";
/// Readiness: 200 when the models are loaded and admission is not full.
pub const READY_PATH: &str = "/readyz";
/// Prometheus text format.
pub const METRICS_PATH: &str = "/metrics";

pub(crate) async fn healthz() -> Response {
    json_body(Bytes::from_static(b"{\"status\":\"ok\"}")).into_response()
}

/// 200 when ready; 503 while draining (after SIGTERM) or while the
/// admission queue is full, so that a load balancer sends work elsewhere.
/// The models are loaded before the server binds, so a server that
/// answers has them.
pub(crate) async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    match not_ready(&state) {
        None => json_body(Bytes::from_static(b"{\"status\":\"ready\"}")).into_response(),
        Some(why) => {
            let body = serde_json::json!({ "status": "not ready", "reason": why }).to_string();
            (StatusCode::SERVICE_UNAVAILABLE, json_body(body.into())).into_response()
        }
    }
}

fn not_ready(state: &AppState) -> Option<&'static str> {
    if state.draining.load(Ordering::Relaxed) {
        Some("draining")
    } else if state.admission.saturated() {
        Some("shedding: the admission queue is full")
    } else {
        None
    }
}

pub(crate) async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let admission = &state.admission;
    let text = state.metrics.render(&Gauges {
        inflight: admission.inflight(),
        queued: admission.queued(),
        shed: admission.shed(),
        memory_reserved: admission.reserved_bytes(),
        memory_budget: admission.budget_bytes(),
        rate_tracked: state.rate.tracked(),
        model_load: state.model_load_time,
        ready: not_ready(&state).is_none(),
    });
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
