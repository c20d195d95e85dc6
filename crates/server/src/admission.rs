//! Admission of recognitions: a memory budget, a limit on recognitions at
//! once, and a bounded queue with a deadline for the rest.
//!
//! Each recognition asks for its estimated peak memory (from the image's
//! header) and one in-flight slot. Work that does not fit waits, first come
//! first served, in a queue of at most [`Limits::queue_len`] requests for at
//! most [`Limits::queue_timeout`]; past either it is refused at once, and the
//! server answers with the API's busy code.
//!
//! `regcert recognize --local` puts its batches through the same gate (with
//! an unbounded queue and no deadline: a batch waits, it is never refused
//! for being busy).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::Limits;

/// Memory is counted in units of this many bytes (the semaphore counts `u32`s).
const UNIT: u64 = 64 * 1024;

/// Why a recognition was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The queue was full or the wait passed the deadline: try again later.
    Busy,
    /// The estimate alone is over the whole budget: it never fits.
    TooBig,
}

/// The admission gate, shared by every request (or every image of a
/// batch): a memory budget, a limit on work at once, a bounded queue.
pub struct Admission {
    memory: Arc<Semaphore>,
    slots: Arc<Semaphore>,
    budget_units: u64,
    queue_len: usize,
    queue_timeout: Duration,
    waiting: AtomicUsize,
    running: Arc<AtomicUsize>,
    reserved_units: Arc<AtomicU64>,
    shed: AtomicU64,
}

/// What an admitted recognition holds until it ends (drop it then).
pub struct Permit {
    _memory: OwnedSemaphorePermit,
    _slot: OwnedSemaphorePermit,
    units: u64,
    running: Arc<AtomicUsize>,
    reserved_units: Arc<AtomicU64>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.running.fetch_sub(1, Ordering::Relaxed);
        self.reserved_units.fetch_sub(self.units, Ordering::Relaxed);
    }
}

/// Counts a request as waiting while it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Admission {
    /// A gate with the budget, in-flight limit and queue of `limits`.
    pub fn new(limits: &Limits) -> Admission {
        let budget_units = (limits.memory_budget / UNIT).clamp(1, u64::from(u32::MAX));
        Admission {
            memory: Arc::new(Semaphore::new(budget_units as usize)),
            slots: Arc::new(Semaphore::new(limits.max_inflight.max(1))),
            budget_units,
            queue_len: limits.queue_len,
            queue_timeout: limits.queue_timeout,
            waiting: AtomicUsize::new(0),
            running: Arc::new(AtomicUsize::new(0)),
            reserved_units: Arc::new(AtomicU64::new(0)),
            shed: AtomicU64::new(0),
        }
    }

    /// Admits a recognition that needs `bytes` of memory at its peak:
    /// at once when it fits and nobody waits, else after its turn in the
    /// queue.
    pub async fn admit(&self, bytes: u64) -> Result<Permit, Refusal> {
        let units = bytes.div_ceil(UNIT).max(1);
        if units > self.budget_units {
            self.shed.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::TooBig);
        }
        let n = units as u32;
        if self.waiting.load(Ordering::Relaxed) == 0
            && let Ok(slot) = Arc::clone(&self.slots).try_acquire_owned()
        {
            match Arc::clone(&self.memory).try_acquire_many_owned(n) {
                Ok(memory) => return Ok(self.permit(memory, slot, units)),
                Err(_) => drop(slot),
            }
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.queue_len {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            self.shed.fetch_add(1, Ordering::Relaxed);
            return Err(Refusal::Busy);
        }
        let _waiting = Waiting(&self.waiting);
        let acquire = async {
            let slot = Arc::clone(&self.slots).acquire_owned().await;
            let memory = Arc::clone(&self.memory).acquire_many_owned(n).await;
            (slot, memory)
        };
        match tokio::time::timeout(self.queue_timeout, acquire).await {
            Ok((Ok(slot), Ok(memory))) => Ok(self.permit(memory, slot, units)),
            _ => {
                self.shed.fetch_add(1, Ordering::Relaxed);
                Err(Refusal::Busy)
            }
        }
    }

    fn permit(
        &self,
        memory: OwnedSemaphorePermit,
        slot: OwnedSemaphorePermit,
        units: u64,
    ) -> Permit {
        self.running.fetch_add(1, Ordering::Relaxed);
        self.reserved_units.fetch_add(units, Ordering::Relaxed);
        Permit {
            _memory: memory,
            _slot: slot,
            units,
            running: Arc::clone(&self.running),
            reserved_units: Arc::clone(&self.reserved_units),
        }
    }

    /// Recognitions running now.
    pub(crate) fn inflight(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// Requests waiting for admission now.
    pub(crate) fn queued(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Whether the queue is full: the next request that does not fit at
    /// once is refused.
    pub(crate) fn saturated(&self) -> bool {
        self.queued() >= self.queue_len && self.slots.available_permits() == 0
    }

    /// Memory reserved by running recognitions, in bytes.
    pub(crate) fn reserved_bytes(&self) -> u64 {
        self.reserved_units.load(Ordering::Relaxed) * UNIT
    }

    /// The budget, in bytes.
    pub(crate) fn budget_bytes(&self) -> u64 {
        self.budget_units * UNIT
    }

    /// Requests refused so far.
    pub(crate) fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }

    /// Seconds a refused client should wait: the queue's deadline, at least 1.
    pub(crate) fn retry_after_secs(&self) -> u64 {
        self.queue_timeout.as_secs().max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(budget_mb: u64, inflight: usize, queue: usize, timeout_ms: u64) -> Limits {
        Limits {
            memory_budget: budget_mb * 1024 * 1024,
            max_inflight: inflight,
            queue_len: queue,
            queue_timeout: Duration::from_millis(timeout_ms),
            ..Limits::default()
        }
    }

    const MB: u64 = 1024 * 1024;

    #[tokio::test]
    async fn memory_budget_bounds_what_runs_at_once() {
        let gate = Admission::new(&limits(100, 8, 4, 50));
        let a = gate.admit(60 * MB).await.unwrap();
        assert_eq!(gate.reserved_bytes(), 60 * MB);
        // 60 + 60 > 100: the second waits out its deadline and is refused.
        assert_eq!(gate.admit(60 * MB).await.err(), Some(Refusal::Busy));
        let b = gate.admit(30 * MB).await.unwrap();
        assert_eq!(gate.inflight(), 2);
        drop(a);
        let c = gate.admit(60 * MB).await.unwrap();
        drop((b, c));
        assert_eq!((gate.inflight(), gate.reserved_bytes()), (0, 0));
        assert_eq!(gate.admit(101 * MB).await.err(), Some(Refusal::TooBig));
        assert_eq!(gate.shed(), 2);
    }

    #[tokio::test]
    async fn a_waiter_is_admitted_when_memory_frees() {
        let gate = Arc::new(Admission::new(&limits(100, 8, 4, 5_000)));
        let a = gate.admit(80 * MB).await.unwrap();
        let waiter = {
            let gate = Arc::clone(&gate);
            tokio::spawn(async move { gate.admit(80 * MB).await.map(|_| ()) })
        };
        while gate.queued() == 0 {
            tokio::task::yield_now().await;
        }
        drop(a);
        assert_eq!(waiter.await.unwrap(), Ok(()));
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once() {
        let gate = Arc::new(Admission::new(&limits(100, 1, 1, 60_000)));
        let _running = gate.admit(MB).await.unwrap();
        let queued = {
            let gate = Arc::clone(&gate);
            tokio::spawn(async move { gate.admit(MB).await.map(|_| ()) })
        };
        while gate.queued() == 0 {
            tokio::task::yield_now().await;
        }
        assert!(gate.saturated());
        let started = std::time::Instant::now();
        assert_eq!(gate.admit(MB).await.err(), Some(Refusal::Busy));
        assert!(started.elapsed() < Duration::from_secs(30));
        queued.abort();
    }
}
