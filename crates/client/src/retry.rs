//! Retry policy, backoff, `Retry-After`, and the client-side rate limit.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use tokio::time::Instant;

/// When and how often a failed request is tried again.
///
/// Only what can succeed on a second try is retried: timeouts, transport
/// errors, HTTP 408/429/5xx and the API codes marked retryable in the
/// catalog (see [`Error::is_retryable`](crate::Error::is_retryable)).
///
/// The delay before try `n + 1` is `base_delay * 2^(n-1)`, capped at
/// `max_delay`, with "equal jitter": a random point in its upper half. A
/// 429 or 503 answer carrying `Retry-After` (seconds or an HTTP date) waits
/// that long instead, but never longer than `max_delay`.
///
/// Made with [`RetryPolicy::new`] or from the default
/// ([`RetryPolicy::with_attempts`]), so that fields can be added.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// How many tries in all, counting the first; `1` means no retry
    /// (`0` is treated as `1`).
    pub attempts: u32,
    /// The delay before the second try, before jitter.
    pub base_delay: Duration,
    /// The longest delay between two tries, `Retry-After` included.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// `attempts` tries in all (the first included), the second after
    /// `base_delay`, none more than `max_delay` after the one before.
    pub fn new(attempts: u32, base_delay: Duration, max_delay: Duration) -> Self {
        RetryPolicy {
            attempts,
            base_delay,
            max_delay,
        }
    }

    /// This policy with `attempts` tries in all.
    #[must_use]
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }
}

impl Default for RetryPolicy {
    /// 3 tries, 200 ms base delay, 5 s at most.
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// One try only.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The backoff after the failed try number `attempt` (1-based), jittered.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_delay);
        let half = exp / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(rand::random_range(0..=nanos))
    }

    /// The wait before the next try: `Retry-After` when the server sent one,
    /// else the backoff; never above `max_delay`.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        retry_after.map_or_else(|| self.backoff(attempt), |d| d.min(self.max_delay))
    }
}

/// `Retry-After` as a delay: whole seconds, or an HTTP date (a past date
/// means no wait).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Spaces requests at least `period` apart, across all tasks sharing it.
#[derive(Debug)]
pub(crate) struct Pacer {
    period: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    pub(crate) fn new(period: Duration) -> Pacer {
        Pacer {
            period,
            next: Mutex::new(None),
        }
    }

    /// Waits for this caller's slot.
    pub(crate) async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.period);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
        }
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let p = policy();
        for _ in 0..50 {
            let d1 = p.backoff(1);
            assert!(d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100));
            let d2 = p.backoff(2);
            assert!(d2 >= Duration::from_millis(100) && d2 <= Duration::from_millis(200));
            let d9 = p.backoff(40);
            assert!(d9 >= Duration::from_millis(175) && d9 <= Duration::from_millis(350));
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = policy();
        assert_eq!(
            p.delay(1, Some(Duration::from_millis(300))),
            Duration::from_millis(300)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60))),
            Duration::from_millis(350)
        );
    }

    #[test]
    fn parses_retry_after_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, HeaderValue::from_static(" 2 "));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        let later = SystemTime::now() + Duration::from_secs(30);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
        );
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(25) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[tokio::test(start_paused = true)]
    async fn pacer_spaces_slots() {
        let pacer = Pacer::new(Duration::from_millis(100));
        let start = Instant::now();
        for _ in 0..4 {
            pacer.wait().await;
        }
        // Paused clock: exactly three periods after the first, free slot.
        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }
}
