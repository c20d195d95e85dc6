//! The per-client-IP rate (10011): a keyed GCRA limiter that forgets.
//!
//! An address's state lives only while its bucket is not full again, which
//! with N requests per second allowed in a burst of N is at most one
//! second after its last request. Every [`SWEEP_EVERY`] the states of
//! addresses that fell quiet are dropped (`retain_recent`) and the table
//! shrunk, so the table holds the addresses seen in the last two seconds at
//! most, under 64 bytes each (address, bucket state, table overhead): memory follows the recent
//! request rate, never the number of clients ever seen.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// How often quiet addresses are forgotten.
pub(crate) const SWEEP_EVERY: Duration = Duration::from_secs(1);

type Limiter<C> =
    RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// Admits at most N requests per client IP per second (bursts of N).
pub(crate) struct IpRate<C: Clock = DefaultClock> {
    limiter: Option<Limiter<C>>,
    clock: C,
    last_sweep: Mutex<C::Instant>,
}

impl IpRate {
    pub(crate) fn new(per_second: Option<u32>) -> IpRate {
        IpRate::with_clock(per_second, DefaultClock::default())
    }
}

impl<C: Clock + Clone> IpRate<C> {
    pub(crate) fn with_clock(per_second: Option<u32>, clock: C) -> IpRate<C> {
        let limiter = per_second
            .and_then(NonZeroU32::new)
            .map(|n| RateLimiter::new(Quota::per_second(n), Default::default(), clock.clone()));
        let now = clock.now();
        IpRate {
            limiter,
            clock,
            last_sweep: Mutex::new(now),
        }
    }

    /// Counts a request from `ip`; `false` (and not counted) when `ip` is
    /// over its rate.
    pub(crate) fn admit(&self, ip: IpAddr) -> bool {
        let Some(limiter) = &self.limiter else {
            return true;
        };
        self.sweep(limiter);
        limiter.check_key(&ip).is_ok()
    }

    fn sweep(&self, limiter: &Limiter<C>) {
        let now = self.clock.now();
        let mut last = self.last_sweep.lock().unwrap_or_else(|e| e.into_inner());
        if Duration::from(now.duration_since(*last)) >= SWEEP_EVERY {
            *last = now;
            drop(last);
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Addresses tracked now.
    pub(crate) fn tracked(&self) -> usize {
        self.limiter.as_ref().map_or(0, |l| l.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn rate_is_per_address_and_refills() {
        let clock = FakeRelativeClock::default();
        let r = IpRate::with_clock(Some(2), clock.clone());
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let other = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        assert!(r.admit(ip) && r.admit(ip));
        assert!(!r.admit(ip));
        assert!(r.admit(other));
        clock.advance(Duration::from_millis(500));
        assert!(r.admit(ip));
        assert!(!r.admit(ip));
        assert!(IpRate::new(None).admit(ip));
    }

    /// 100,000 distinct addresses, 10 µs apart (one second of them), then
    /// quiet: the table never holds more than the addresses of the last two
    /// sweep periods, and empties once they are quiet.
    #[test]
    fn a_hundred_thousand_addresses_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let r = IpRate::with_clock(Some(5), clock.clone());
        let mut peak = 0;
        for i in 0..300_000u128 {
            let ip = IpAddr::V6(Ipv6Addr::from(0x2001_0db8_u128 << 96 | i));
            assert!(r.admit(ip));
            clock.advance(Duration::from_micros(10));
            peak = peak.max(r.tracked());
        }
        // 300,000 addresses over 3 s: at most 2 s of them (200,000) at once.
        assert!(peak <= 200_000, "peak {peak}");
        clock.advance(Duration::from_secs(2));
        r.admit(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(r.tracked(), 1);
    }
}
