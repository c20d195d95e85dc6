//! The HTTP stack: tower layers (request ids, timeouts) around the routes,
//! and the accept loop over hyper's HTTP/1 connections (header timeout,
//! keep-alive, graceful drain).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::ConnectInfo;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::routing::{MethodFilter, get, on};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::{BoxError, ServiceBuilder, ServiceExt as _};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody};

use crate::config::Limits;
use crate::handlers::{self, QUERY_PATH, REQUEST_ID, VERIFY_PATH};
use crate::ops;
use crate::state::AppState;

/// The routes with their layers, outermost first: request id (kept when
/// the client sent one), the whole-request timeout (answered with
/// [`handlers::timeout_response`]), and the pause allowed between two
/// pieces of a body.
pub(crate) fn app(state: Arc<AppState>) -> Router {
    let limits = state.limits.clone();
    let request_id = HeaderName::from_static(REQUEST_ID);
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(
            request_id.clone(),
            Counter::default(),
        ))
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(HandleErrorLayer::new(|_: BoxError| async {
            handlers::timeout_response()
        }))
        .timeout(limits.request_timeout)
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .map_request(|request: Request<TimeoutBody<Body>>| request.map(Body::new));
    router(state).layer(layers)
}

/// The application: both endpoints (GET and POST), the probes and metrics,
/// and a JSON 404 for anything else.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let methods = MethodFilter::GET.or(MethodFilter::POST);
    Router::new()
        .route(QUERY_PATH, on(methods, handlers::recognition::<false>))
        .route(VERIFY_PATH, on(methods, handlers::recognition::<true>))
        .route(ops::HEALTH_PATH, get(ops::healthz))
        .route(ops::READY_PATH, get(ops::readyz))
        .route(ops::METRICS_PATH, get(ops::metrics))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .with_state(state)
}

/// Request ids: the process id's low bits and a counter, in hex.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        let id = format!("{:04x}-{n:08x}", std::process::id() & 0xffff);
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Accepts connections until `stop` fires, then stops accepting and waits
/// for the connections' requests in flight (the caller bounds the wait).
///
/// Each connection is HTTP/1.1 with keep-alive; its headers must arrive
/// within [`Limits::header_timeout`], which also closes a keep-alive
/// connection idle that long.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: oneshot::Receiver<()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, most likely: let some close.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            let app = app.clone();
            async move { Ok::<_, Infallible>(app.oneshot(request).await.unwrap_or_else(|e| match e {})) }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
