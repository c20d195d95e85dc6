//! `--fault KIND:WHEN`: the faults `regcert serve` can be told to inject.

use std::str::FromStr;

use regcert_server::{Fault, FaultRule, Trigger};

/// One `--fault KIND:WHEN`.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultSpec {
    kind: FaultKind,
    when: When,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FaultKind {
    Http500,
    Http502,
    Http503,
    Http429,
    Drop,
    Truncated,
    Empty,
    NonUtf8,
    ApiNetworkError,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum When {
    FirstN(u32),
    Probability(f64),
}

const KINDS: [(&str, FaultKind); 9] = [
    ("500", FaultKind::Http500),
    ("502", FaultKind::Http502),
    ("503", FaultKind::Http503),
    ("429", FaultKind::Http429),
    ("drop", FaultKind::Drop),
    ("truncated", FaultKind::Truncated),
    ("empty", FaultKind::Empty),
    ("non-utf8", FaultKind::NonUtf8),
    ("270901", FaultKind::ApiNetworkError),
];

impl FromStr for FaultSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<FaultSpec, String> {
        let names = || KINDS.map(|(n, _)| n).join(", ");
        let (kind, when) = s
            .split_once(':')
            .ok_or_else(|| format!("expected KIND:first=N or KIND:p=P, got {s:?}"))?;
        let kind = KINDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(kind))
            .map(|(_, k)| *k)
            .ok_or_else(|| format!("unknown fault {kind:?}; one of {}", names()))?;
        let when = match when.split_once('=') {
            Some(("first", n)) => n
                .parse::<u32>()
                .map(When::FirstN)
                .map_err(|_| format!("first= needs a whole number, got {n:?}"))?,
            Some(("p", p)) => match p.parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => When::Probability(p),
                _ => return Err(format!("p= needs a number from 0 to 1, got {p:?}")),
            },
            _ => {
                return Err(format!(
                    "expected first=N or p=P after the colon, got {when:?}"
                ));
            }
        };
        Ok(FaultSpec { kind, when })
    }
}

impl FaultSpec {
    /// The server's rule: `retry_after` goes with 503 and 429, `seed` drives
    /// a p= rule.
    pub(super) fn rule(&self, retry_after: Option<u64>, seed: u64) -> FaultRule {
        let fault = match self.kind {
            FaultKind::Http500 => Fault::Http500Html,
            FaultKind::Http502 => Fault::Http502Html,
            FaultKind::Http503 => Fault::Http503Html {
                retry_after_secs: retry_after,
            },
            FaultKind::Http429 => Fault::Http429 {
                retry_after_secs: retry_after,
            },
            FaultKind::Drop => Fault::DropConnection,
            FaultKind::Truncated => Fault::TruncatedJson,
            FaultKind::Empty => Fault::EmptyBody,
            FaultKind::NonUtf8 => Fault::NonUtf8Body,
            FaultKind::ApiNetworkError => Fault::ApiNetworkError,
        };
        let when = match self.when {
            When::FirstN(n) => Trigger::FirstN(n),
            When::Probability(p) => Trigger::Probability { p, seed },
        };
        FaultRule { fault, when }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_specs_parse() {
        let spec: FaultSpec = "503:first=2".parse().unwrap();
        let rule = spec.rule(Some(3), 9);
        assert_eq!(
            rule.fault,
            Fault::Http503Html {
                retry_after_secs: Some(3)
            }
        );
        assert!(matches!(rule.when, Trigger::FirstN(2)));
        let rule = "DROP:p=0.25".parse::<FaultSpec>().unwrap().rule(None, 9);
        assert_eq!(rule.fault, Fault::DropConnection);
        assert!(matches!(rule.when, Trigger::Probability { p, seed: 9 } if p == 0.25));
        for (text, fault) in [
            ("270901:first=1", Fault::ApiNetworkError),
            ("non-utf8:first=1", Fault::NonUtf8Body),
            ("truncated:first=1", Fault::TruncatedJson),
        ] {
            assert_eq!(
                text.parse::<FaultSpec>().unwrap().rule(None, 0).fault,
                fault
            );
        }
    }

    #[test]
    fn bad_fault_specs_say_what_is_wrong() {
        for (text, says) in [
            ("503", "KIND:first=N"),
            ("504:first=1", "one of 500, 502"),
            ("503:first=x", "whole number"),
            ("503:p=1.5", "from 0 to 1"),
            ("503:often", "first=N or p=P"),
        ] {
            let err = text.parse::<FaultSpec>().unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
