//! What a server answers for: keys, fixtures, quotas, faults and limits.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::recognizer::Recognizer;

/// What the server answers for.
///
/// `Config::default()` accepts no key, has no fixtures, no quotas, no faults,
/// and admits request bodies up to 64 MiB (a 20 MB image as base64 in a form
/// is about 27 MB).
///
/// Its `Debug` output shows how many keys there are, never the keys.
#[derive(Clone)]
pub struct Config {
    /// The accepted keys; any other key, or none, is answered with 10001.
    pub keys: Vec<String>,
    /// A folder of fixtures: `NAME.jpg` (any image extension) beside
    /// `NAME.json`, the whole response to return for exactly that image
    /// (matched by the SHA-256 of its bytes). Loaded when the server starts.
    pub fixtures: Option<PathBuf>,
    /// Recognition requests allowed per key over the server's lifetime,
    /// answered or not; the next ones get 10012.
    pub quota_per_key: Option<u64>,
    /// Requests allowed per client IP address per second (a burst of N,
    /// then one each 1/N s); the next ones get 10011.
    pub qps_per_client: Option<u32>,
    /// Failures to inject.
    pub faults: Faults,
    /// The largest request body read; a larger one is answered with HTTP 413
    /// and a JSON body carrying 270903.
    pub max_upload_bytes: usize,
    /// When set, successful answers come from it instead of fixtures and the
    /// sandbox record.
    pub recognizer: Option<Arc<dyn Recognizer>>,
    /// Admission, timeouts and upload limits.
    pub limits: Limits,
    /// How long loading the recognizer took, reported by `/metrics`.
    pub model_load_time: Option<Duration>,
}

/// What keeps the server within its machine: admission of recognitions by
/// memory and count, timeouts, uploads at once.
///
/// `Limits::default()` sizes itself from what the process may use: the
/// CPUs (affinity, cgroup quota) and the memory (cgroup limit, else the
/// machine's), see [`crate::available_cpus`] and [`crate::available_memory`].
#[derive(Clone, Debug)]
pub struct Limits {
    /// Estimated peak memory of the recognitions running at once, in bytes
    /// (estimated from each image's header before it is decoded).
    pub memory_budget: u64,
    /// Recognitions running at once.
    pub max_inflight: usize,
    /// Recognitions waiting for admission; the next ones are answered busy
    /// (10014) at once.
    pub queue_len: usize,
    /// Longest wait for admission before the busy answer.
    pub queue_timeout: Duration,
    /// Request bodies over 1 MiB read at once; more wait for their turn
    /// (up to `queue_timeout`, then the busy answer).
    pub max_uploads: usize,
    /// Longest time to receive a request's headers, and to wait for the
    /// next request on an idle keep-alive connection; the connection is
    /// closed after it.
    pub header_timeout: Duration,
    /// Longest pause while a body is sent; the request is answered with
    /// HTTP 408 and error code 270901.
    pub body_timeout: Duration,
    /// Longest time from the request's headers to its answer (reading the
    /// body, waiting and recognition included); HTTP 408 and 270901 after it.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        let cpus = crate::resources::available_cpus();
        Limits {
            memory_budget: crate::resources::default_memory_budget(),
            max_inflight: cpus,
            queue_len: 4 * cpus,
            queue_timeout: Duration::from_secs(10),
            max_uploads: 4 * cpus,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
        }
    }
}

/// The default body limit: 64 MiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

impl Default for Config {
    fn default() -> Config {
        Config {
            keys: Vec::new(),
            fixtures: None,
            quota_per_key: None,
            qps_per_client: None,
            faults: Faults::default(),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            recognizer: None,
            limits: Limits::default(),
            model_load_time: None,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("keys", &format_args!("[{} redacted]", self.keys.len()))
            .field("fixtures", &self.fixtures)
            .field("quota_per_key", &self.quota_per_key)
            .field("qps_per_client", &self.qps_per_client)
            .field("faults", &self.faults)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("recognizer", &self.recognizer.as_ref().map(|_| ".."))
            .field("limits", &self.limits)
            .field("model_load_time", &self.model_load_time)
            .finish()
    }
}

/// Failures injected into answers of both recognition endpoints.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Added before every answer of the recognition endpoints.
    pub latency: Option<Duration>,
    /// Tried in order for each request; the first rule that fires decides
    /// the answer.
    pub rules: Vec<FaultRule>,
}

/// One failure and when it happens.
#[derive(Clone, Debug)]
pub struct FaultRule {
    /// What goes wrong.
    pub fault: Fault,
    /// For which requests.
    pub when: Trigger,
}

/// Which requests a [`FaultRule`] hits.
#[derive(Clone, Copy, Debug)]
pub enum Trigger {
    /// The first N requests to either endpoint, counted from server start.
    FirstN(u32),
    /// Each request with probability `p` (0.0 to 1.0), drawn from a generator
    /// seeded with `seed`: the same seed gives the same sequence of hits.
    Probability {
        /// The chance of a hit.
        p: f64,
        /// The generator's seed.
        seed: u64,
    },
}

/// A failure the server can inject.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 500 with an HTML page, as a gateway sends it.
    Http500Html,
    /// HTTP 502 with an HTML page.
    Http502Html,
    /// HTTP 503 with an HTML page, and a `Retry-After` header when set.
    Http503Html {
        /// The `Retry-After` value in seconds.
        retry_after_secs: Option<u64>,
    },
    /// HTTP 429 with an HTML page, and a `Retry-After` header when set.
    Http429 {
        /// The `Retry-After` value in seconds.
        retry_after_secs: Option<u64>,
    },
    /// The connection is cut after the status line and a few body bytes.
    DropConnection,
    /// HTTP 200 with the first half of a JSON answer.
    TruncatedJson,
    /// HTTP 200 with an empty body.
    EmptyBody,
    /// HTTP 200 with bytes that are not UTF-8.
    NonUtf8Body,
    /// HTTP 200 with `error_code` 270901 (网络错误).
    ApiNetworkError,
}
