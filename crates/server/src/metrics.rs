//! Counters for `GET /metrics`, in the Prometheus text format.
//!
//! Labels are the endpoint (one of a fixed few) and the answer's code (an
//! API error code, an HTTP status or a fault name): never a key, an address
//! or anything from an image.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// One endpoint's latencies: a count per bucket (the last one +Inf), and the sum.
#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
}

/// Requests counted by endpoint and code, and latencies by endpoint.
#[derive(Default)]
pub(crate) struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, String), u64>>,
    latency: Mutex<BTreeMap<&'static str, Histogram>>,
}

/// Gauges read at the moment `/metrics` is asked for.
pub(crate) struct Gauges {
    pub(crate) inflight: usize,
    pub(crate) queued: usize,
    pub(crate) shed: u64,
    pub(crate) memory_reserved: u64,
    pub(crate) memory_budget: u64,
    pub(crate) rate_tracked: usize,
    pub(crate) model_load: Option<Duration>,
    pub(crate) ready: bool,
}

impl Metrics {
    /// Counts one answered request.
    pub(crate) fn record(&self, endpoint: &'static str, code: &str, latency: Duration) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((endpoint, code.to_owned())).or_insert(0) += 1;
        drop(requests);
        let mut latencies = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        let h = latencies.entry(endpoint).or_default();
        let secs = latency.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|&b| secs <= b)
            .unwrap_or(BUCKETS.len());
        h.counts[bucket] += 1;
        h.sum += secs;
    }

    /// The text of `GET /metrics`.
    pub(crate) fn render(&self, gauges: &Gauges) -> String {
        let mut out = String::new();
        out.push_str("# HELP regcert_requests_total Requests answered, by endpoint and code (API error code, HTTP status or fault).\n");
        out.push_str("# TYPE regcert_requests_total counter\n");
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for ((endpoint, code), n) in requests.iter() {
            let _ = writeln!(
                out,
                "regcert_requests_total{{endpoint=\"{endpoint}\",code=\"{code}\"}} {n}"
            );
        }
        drop(requests);
        out.push_str("# HELP regcert_request_duration_seconds Time from the request's headers to its answer.\n");
        out.push_str("# TYPE regcert_request_duration_seconds histogram\n");
        let latencies = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        for (endpoint, h) in latencies.iter() {
            let mut cumulative = 0;
            for (i, n) in h.counts.iter().enumerate() {
                cumulative += n;
                let le = BUCKETS.get(i).map_or("+Inf".to_owned(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "regcert_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "regcert_request_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {}\nregcert_request_duration_seconds_count{{endpoint=\"{endpoint}\"}} {cumulative}",
                h.sum
            );
        }
        drop(latencies);
        let g = gauges;
        let rows = [
            (
                "regcert_inflight",
                "gauge",
                "Recognitions running now.",
                Some(g.inflight as f64),
            ),
            (
                "regcert_queue_depth",
                "gauge",
                "Recognitions waiting for admission.",
                Some(g.queued as f64),
            ),
            (
                "regcert_shed_total",
                "counter",
                "Requests answered busy (10014) or refused by admission.",
                Some(g.shed as f64),
            ),
            (
                "regcert_memory_reserved_bytes",
                "gauge",
                "Estimated memory of the recognitions running now.",
                Some(g.memory_reserved as f64),
            ),
            (
                "regcert_memory_budget_bytes",
                "gauge",
                "The admission memory budget.",
                Some(g.memory_budget as f64),
            ),
            (
                "regcert_rate_limiter_addresses",
                "gauge",
                "Client addresses the rate limiter tracks now.",
                Some(g.rate_tracked as f64),
            ),
            (
                "regcert_ready",
                "gauge",
                "1 when /readyz answers 200.",
                Some(f64::from(u8::from(g.ready))),
            ),
            (
                "regcert_model_load_seconds",
                "gauge",
                "Time taken to load the models.",
                g.model_load.map(|d| d.as_secs_f64()),
            ),
            (
                "process_resident_memory_bytes",
                "gauge",
                "Resident memory of the process.",
                resident_bytes().map(|b| b as f64),
            ),
        ];
        for (name, kind, help, value) in rows {
            if let Some(value) = value {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
                );
            }
        }
        out
    }
}

/// The process's resident memory, from `/proc/self/status` (Linux).
pub(crate) fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.record("query", "0", Duration::from_millis(3));
        m.record("query", "10001", Duration::from_millis(300));
        m.record("query", "0", Duration::from_secs(60));
        let text = m.render(&Gauges {
            inflight: 1,
            queued: 2,
            shed: 3,
            memory_reserved: 4,
            memory_budget: 5,
            rate_tracked: 0,
            model_load: None,
            ready: true,
        });
        for line in [
            "regcert_requests_total{endpoint=\"query\",code=\"0\"} 2",
            "regcert_requests_total{endpoint=\"query\",code=\"10001\"} 1",
            "regcert_request_duration_seconds_bucket{endpoint=\"query\",le=\"0.005\"} 1",
            "regcert_request_duration_seconds_bucket{endpoint=\"query\",le=\"0.25\"} 1",
            "regcert_request_duration_seconds_bucket{endpoint=\"query\",le=\"0.5\"} 2",
            "regcert_request_duration_seconds_bucket{endpoint=\"query\",le=\"+Inf\"} 3",
            "regcert_request_duration_seconds_count{endpoint=\"query\"} 3",
            "regcert_queue_depth 2",
            "regcert_ready 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing in\n{text}");
        }
        assert!(!text.contains("regcert_model_load_seconds"));
    }
}
