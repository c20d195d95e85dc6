//! A loopback HTTP server that answers like the 车辆登记证识别 API.
//!
//! Same paths, same form fields, same JSON, same error codes:
//! `POST /verify_cardjz_certificate/query` (form-urlencoded `key` and `file`
//! = the image in base64) and `POST /verify_cardjz_certificate/verify`
//! (multipart `key` and `file` = the image bytes). Both also take GET, the
//! fields in the query string, and either kind of body (a `file` that is
//! base64 text or the image bytes), as the clients of such APIs send them.
//! Answers are HTTP 200 with `{"reason", "result", "error_code"}`, as the
//! API sends them:
//!
//! | case | answer |
//! |---|---|
//! | injected fault ([`Faults`]) | the fault, before anything else is checked |
//! | more than [`Config::qps_per_client`] requests from one IP in a second | 10011 |
//! | `key` missing or not in [`Config::keys`] | 10001 |
//! | more than [`Config::quota_per_key`] requests with this key | 10012 |
//! | `file` missing or empty | 270902 |
//! | `file` not base64, or not an image (JPEG, PNG, BMP, GIF, WebP, TIFF by magic bytes) | 270903 |
//! | [`Config::recognizer`] set, not admitted ([`Limits`]: memory budget, in-flight limit, queue full or its deadline passed) | 10014 with `Retry-After` |
//! | [`Config::recognizer`] set | its fields, or 270903 when it fails |
//! | image matches a fixture ([`Config::fixtures`]) | the fixture's JSON as stored, only `result.orderid` refreshed |
//! | any other image | the sandbox record ([`sandbox_entries`]) |
//! | body over [`Config::max_upload_bytes`] | HTTP 413 with a JSON body carrying 270903 |
//! | body paused past [`Limits::body_timeout`], or the request past [`Limits::request_timeout`] | HTTP 408 with a JSON body carrying 270901 |
//! | `GET /healthz`, `/readyz`, `/metrics` | liveness, readiness, Prometheus text |
//! | any other path | HTTP 404 with a JSON body |
//!
//! With the `local` cargo feature, `EngineRecognizer` plugs the offline
//! engine in as [`Config::recognizer`]: the server then reads certificates
//! for real and answers exactly as the cloud API would.
//!
//! Every success has a fresh `orderid` (`"JH"` and 24 digits). Each request
//! is logged through `tracing` (method, path, status, error code or fault,
//! latency), never with the key or anything from the image.
//!
//! ```no_run
//! # async fn demo() -> Result<(), regcert_server::ServerError> {
//! use regcert_server::{Config, Server, SANDBOX_KEY};
//! let config = Config { keys: vec![SANDBOX_KEY.to_owned()], ..Config::default() };
//! let server = Server::bind("127.0.0.1:0".parse().unwrap(), config).await?;
//! println!("{}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod admission;
mod config;
mod error;
mod faults;
mod fixtures;
mod handlers;
mod input;
#[cfg(feature = "local")]
mod local;
mod metrics;
mod ops;
mod quota;
mod rate;
mod recognizer;
mod reply;
mod resources;
mod sandbox;
mod service;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use admission::{Admission, Permit, Refusal};
pub use config::{Config, DEFAULT_MAX_UPLOAD_BYTES, Fault, FaultRule, Faults, Limits, Trigger};
pub use error::ServerError;
pub use fixtures::FixtureError;
pub use handlers::{QUERY_PATH, VERIFY_PATH};
#[cfg(feature = "local")]
#[cfg_attr(docsrs, doc(cfg(feature = "local")))]
pub use local::EngineRecognizer;
pub use ops::{HEALTH_PATH, METRICS_PATH, READY_PATH};
pub use recognizer::{RecognizeError, Recognizer};
pub use resources::{available_cpus, available_memory};
pub use sandbox::sandbox_entries;

/// The key `regcert recognize --sandbox` uses against a local server.
pub const SANDBOX_KEY: &str = "sandbox";

/// How long [`Server::shutdown`] waits for requests in flight.
const GRACE: Duration = Duration::from_secs(10);

/// A running server. Dropping it stops it without waiting; prefer
/// [`Server::shutdown`].
pub struct Server {
    local_addr: SocketAddr,
    state: Arc<state::AppState>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Loads the fixtures, binds `addr` (use port 0 for an ephemeral port)
    /// and starts serving on the current tokio runtime.
    ///
    /// Fails when a fixture cannot be read ([`ServerError::Fixtures`], naming
    /// the file) or the address cannot be bound ([`ServerError::Bind`]).
    pub async fn bind(addr: SocketAddr, config: Config) -> Result<Server, ServerError> {
        let state = Arc::new(state::AppState::new(config)?);
        let bind_error = |source| ServerError::Bind { addr, source };
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let app = service::app(Arc::clone(&state));
        let task = tokio::spawn(service::serve(listener, app, state.limits.clone(), stopped));
        Ok(Server {
            local_addr,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Replaces the accepted keys (as `--key-file` is reloaded on SIGHUP).
    pub fn set_keys(&self, keys: Vec<String>) {
        self.state.set_keys(keys);
    }

    /// A function that replaces the accepted keys, usable from another task
    /// while the server runs (and does nothing once it has stopped).
    pub fn key_setter(&self) -> impl Fn(Vec<String>) + Send + Sync + 'static {
        let state = std::sync::Arc::downgrade(&self.state);
        move |keys| {
            if let Some(state) = state.upgrade() {
                state.set_keys(keys);
            }
        }
    }

    /// Stops accepting connections and waits (up to 10 s) for requests in
    /// flight to be answered; `/readyz` answers 503 meanwhile on the
    /// connections still open.
    pub async fn shutdown(mut self) {
        self.state
            .draining
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(GRACE, &mut task).await.is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A server on its own thread with its own tokio runtime, for blocking code.
/// Dropping it stops the server and waits for the thread.
pub struct BackgroundServer {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BackgroundServer {
    /// Starts a server as [`Server::bind`] does, on a new thread; fails as
    /// it does, or when the thread or its runtime cannot be created.
    pub fn start(addr: SocketAddr, config: Config) -> Result<BackgroundServer, ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("regcert-server")
            .enable_all()
            .build()
            .map_err(ServerError::Thread)?;
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("regcert-server".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    match Server::bind(addr, config).await {
                        Ok(server) => {
                            let _ = ready_tx.send(Ok(server.local_addr()));
                            let _ = stopped.await;
                            server.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })
            .map_err(ServerError::Thread)?;
        let local_addr = ready_rx.recv().map_err(|_| ServerError::ThreadEnded)??;
        Ok(BackgroundServer {
            local_addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
