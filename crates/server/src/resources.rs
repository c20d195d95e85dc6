//! What the process may use of its machine: CPUs and memory, as a
//! container sees them.

use std::path::Path;

/// The CPUs this process may run on: its affinity mask and cgroup CPU
/// quota (what [`std::thread::available_parallelism`] reports), at least 1.
pub fn available_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The memory this process may use, in bytes: the cgroup's limit (v2
/// `memory.max`, v1 `memory.limit_in_bytes`) when there is one, else the
/// machine's (`MemTotal`); `None` when neither can be read.
pub fn available_memory() -> Option<u64> {
    let machine = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| meminfo_total(&text));
    let cgroup = cgroup_limit(Path::new("/sys/fs/cgroup"));
    match (cgroup, machine) {
        (Some(c), Some(m)) => Some(c.min(m)),
        (c, m) => c.or(m),
    }
}

/// The default memory budget: 60% of [`available_memory`] (the rest is the
/// models, the runtime, request bodies and headroom), 1 GiB when unknown.
pub(crate) fn default_memory_budget() -> u64 {
    available_memory().map_or(1 << 30, |m| m / 5 * 3)
}

fn meminfo_total(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The memory limit of the process's cgroup under `root`, v2 then v1;
/// `max` or an absurdly large v1 value means none.
fn cgroup_limit(root: &Path) -> Option<u64> {
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap_or_default();
    let v2_dir = own
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .map(|p| root.join(p.trim_start_matches('/')));
    let candidates = [
        v2_dir.map(|d| d.join("memory.max")),
        Some(root.join("memory.max")),
        Some(root.join("memory/memory.limit_in_bytes")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|p| parse_limit(&std::fs::read_to_string(p).ok()?))
}

fn parse_limit(text: &str) -> Option<u64> {
    let value: u64 = text.trim().parse().ok()?;
    // cgroup v1 writes "no limit" as a number near i64::MAX.
    (value < 1 << 60).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_and_max_is_none() {
        assert_eq!(parse_limit("1073741824\n"), Some(1 << 30));
        assert_eq!(parse_limit("max\n"), None);
        assert_eq!(parse_limit("9223372036854771712"), None);
        let text = "MemTotal:       24596424 kB\nMemFree:  1 kB\n";
        assert_eq!(meminfo_total(text), Some(24_596_424 * 1024));
    }

    #[test]
    fn a_cgroup_v1_limit_is_read() {
        let dir = std::env::temp_dir().join(format!("regcert-cg-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("memory")).unwrap();
        std::fs::write(dir.join("memory/memory.limit_in_bytes"), "536870912\n").unwrap();
        assert_eq!(cgroup_limit(&dir), Some(512 << 20));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn this_machine_has_cpus_and_memory() {
        assert!(available_cpus() >= 1);
        assert!(available_memory().is_some_and(|m| m > 0));
    }
}
