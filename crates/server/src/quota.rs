//! The total of requests per key (10012).

use std::collections::HashMap;
use std::sync::Mutex;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_counts_per_key() {
        let q = KeyQuota::new(Some(2));
        assert!(q.take("a") && q.take("a"));
        assert!(!q.take("a"));
        assert!(q.take("b"));
        assert!(KeyQuota::new(None).take("a"));
    }
}
