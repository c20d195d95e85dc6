//! Request limits: a total per key (10012) and a rate per client IP (10011).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts requests per key against a lifetime total.
pub(crate) struct KeyQuota {
    limit: Option<u64>,
    used: Mutex<HashMap<String, u64>>,
}

impl KeyQuota {
    pub(crate) fn new(limit: Option<u64>) -> KeyQuota {
        KeyQuota {
            limit,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`; `false` when the key's quota was already used up.
    pub(crate) fn take(&self, key: &str) -> bool {
        let Some(limit) = self.limit else {
            return true;
        };
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let n = used.entry(key.to_owned()).or_insert(0);
        if *n >= limit {
            return false;
        }
        *n += 1;
        true
    }
}

/// Admits at most N requests per client IP in any sliding one-second window.
pub(crate) struct IpRate {
    per_second: Option<u32>,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

const WINDOW: Duration = Duration::from_secs(1);

impl IpRate {
    pub(crate) fn new(per_second: Option<u32>) -> IpRate {
        IpRate {
            per_second,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records a request from `ip` at `now`; `false` (and not recorded) when
    /// `ip` already made N requests in the second before.
    pub(crate) fn admit(&self, ip: IpAddr, now: Instant) -> bool {
        let Some(limit) = self.per_second else {
            return true;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let times = seen.entry(ip).or_default();
        while times
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= limit as usize {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn quota_counts_per_key() {
        let q = KeyQuota::new(Some(2));
        assert!(q.take("a") && q.take("a"));
        assert!(!q.take("a"));
        assert!(q.take("b"));
        assert!(KeyQuota::new(None).take("a"));
    }

    #[test]
    fn rate_window_slides() {
        let r = IpRate::new(Some(2));
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let other = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        let t0 = Instant::now();
        assert!(r.admit(ip, t0));
        assert!(r.admit(ip, t0 + Duration::from_millis(400)));
        assert!(!r.admit(ip, t0 + Duration::from_millis(900)));
        assert!(r.admit(other, t0 + Duration::from_millis(900)));
        // The first request left the window; the refused one was not counted.
        assert!(r.admit(ip, t0 + Duration::from_millis(1000)));
        assert!(!r.admit(ip, t0 + Duration::from_millis(1300)));
        assert!(r.admit(ip, t0 + Duration::from_millis(1400)));
    }
}
