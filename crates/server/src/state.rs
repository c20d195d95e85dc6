//! What every request shares: the settings it is answered by, and the
//! counters, limiters and gates it passes through.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::Semaphore;

use crate::admission::Admission;
use crate::config::{Config, Limits};
use crate::faults::FaultPlan;
use crate::fixtures::{FixtureError, Fixtures};
use crate::metrics::Metrics;
use crate::quota::KeyQuota;
use crate::rate::IpRate;
use crate::recognizer::Recognizer;

/// Everything a request needs, shared by all of them.
pub(crate) struct AppState {
    keys: RwLock<Arc<[String]>>,
    pub(crate) max_upload_bytes: usize,
    pub(crate) latency: Option<Duration>,
    pub(crate) faults: FaultPlan,
    pub(crate) fixtures: Fixtures,
    pub(crate) recognizer: Option<Arc<dyn Recognizer>>,
    pub(crate) quota: KeyQuota,
    pub(crate) rate: IpRate,
    orders: AtomicU64,
    pub(crate) limits: Limits,
    pub(crate) admission: Admission,
    pub(crate) uploads: Arc<Semaphore>,
    pub(crate) metrics: Metrics,
    pub(crate) model_load_time: Option<Duration>,
    pub(crate) draining: AtomicBool,
}

impl AppState {
    /// Builds the state, loading the fixtures folder.
    pub(crate) fn new(config: Config) -> Result<AppState, FixtureError> {
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

    pub(crate) fn knows_key(&self, key: &str) -> bool {
        let keys = Arc::clone(&self.keys.read().unwrap_or_else(|e| e.into_inner()));
        keys.iter().any(|known| known == key)
    }

    /// A fresh order number: `JH` and 24 digits (milliseconds since the epoch
    /// and a counter).
    pub(crate) fn orderid(&self) -> String {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let n = self.orders.fetch_add(1, Ordering::Relaxed);
        format!("JH{:013}{:011}", millis % 10u128.pow(13), n % 10u64.pow(11))
    }
}
