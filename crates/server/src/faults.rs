//! Deciding which request gets which injected failure, and building it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use regcert_model::ErrorCode;

use crate::config::{Fault, FaultRule, Faults, Trigger};
use crate::reply::{api_response, error_json, set_json};

/// The fault rules with their request counter and seeded generators.
pub(crate) struct FaultPlan {
    rules: Vec<(FaultRule, Option<Mutex<Xoshiro256PlusPlus>>)>,
    requests: AtomicU64,
}

impl FaultPlan {
    pub(crate) fn new(faults: &Faults) -> FaultPlan {
        let rules = faults
            .rules
            .iter()
            .map(|rule| {
                let rng = match rule.when {
                    Trigger::Probability { seed, .. } => {
                        Some(Mutex::new(Xoshiro256PlusPlus::seed_from_u64(seed)))
                    }
                    Trigger::FirstN(_) => None,
                };
                (rule.clone(), rng)
            })
            .collect();
        FaultPlan {
            rules,
            requests: AtomicU64::new(0),
        }
    }

    /// The fault for the next request, if any.
    ///
    /// Every probability rule draws once per request, whether or not an
    /// earlier rule fired, so each rule's hits depend only on its seed.
    pub(crate) fn next(&self) -> Option<Fault> {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        let mut chosen = None;
        for (rule, rng) in &self.rules {
            let hit = match (rule.when, rng) {
                (Trigger::FirstN(first), _) => n < u64::from(first),
                (Trigger::Probability { p, .. }, Some(rng)) => {
                    let mut rng = rng.lock().unwrap_or_else(|e| e.into_inner());
                    rng.random_bool(if p.is_finite() {
                        p.clamp(0.0, 1.0)
                    } else {
                        0.0
                    })
                }
                (Trigger::Probability { .. }, None) => false,
            };
            if hit && chosen.is_none() {
                chosen = Some(rule.fault.clone());
            }
        }
        chosen
    }
}

/// A short name of a fault for the request log.
pub(crate) fn name(fault: &Fault) -> &'static str {
    match fault {
        Fault::Http500Html => "http500_html",
        Fault::Http502Html => "http502_html",
        Fault::Http503Html { .. } => "http503_html",
        Fault::Http429 { .. } => "http429",
        Fault::DropConnection => "drop_connection",
        Fault::TruncatedJson => "truncated_json",
        Fault::EmptyBody => "empty_body",
        Fault::NonUtf8Body => "non_utf8_body",
        Fault::ApiNetworkError => "api_network_error",
    }
}

/// The answer that carries `fault`.
pub(crate) fn respond(fault: &Fault) -> Response {
    match fault {
        Fault::Http500Html => html(StatusCode::INTERNAL_SERVER_ERROR, None),
        Fault::Http502Html => html(StatusCode::BAD_GATEWAY, None),
        Fault::Http503Html { retry_after_secs } => {
            html(StatusCode::SERVICE_UNAVAILABLE, *retry_after_secs)
        }
        Fault::Http429 { retry_after_secs } => {
            html(StatusCode::TOO_MANY_REQUESTS, *retry_after_secs)
        }
        Fault::DropConnection => {
            // hyper aborts the connection when the body stream fails.
            let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
                Ok(Bytes::from_static(b"{\"reason\":\"")),
                Err(std::io::Error::other(
                    "connection dropped by fault injection",
                )),
            ];
            let mut response =
                Body::from_stream(futures_util::stream::iter(chunks)).into_response();
            set_json(&mut response);
            response
        }
        Fault::TruncatedJson => {
            let full = error_json(ErrorCode::RecognitionFailed);
            let half = full.slice(..full.len() / 2);
            raw_json(half)
        }
        Fault::EmptyBody => raw_json(Bytes::new()),
        Fault::NonUtf8Body => raw_json(Bytes::from_static(
            b"{\"reason\":\"\xff\xfe\xc3\x28\",\"result\":null,\"error_code\":0}",
        )),
        Fault::ApiNetworkError => api_response(error_json(ErrorCode::NetworkError)),
    }
}

fn raw_json(body: Bytes) -> Response {
    let mut response = body.into_response();
    set_json(&mut response);
    response
}

/// An nginx-style HTML error page.
fn html(status: StatusCode, retry_after_secs: Option<u64>) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(secs) = retry_after_secs {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(rules: Vec<FaultRule>) -> FaultPlan {
        FaultPlan::new(&Faults {
            latency: None,
            rules,
        })
    }

    #[test]
    fn first_n_hits_exactly_the_first_requests() {
        let p = plan(vec![FaultRule {
            fault: Fault::EmptyBody,
            when: Trigger::FirstN(2),
        }]);
        let hits: Vec<bool> = (0..5).map(|_| p.next().is_some()).collect();
        assert_eq!(hits, [true, true, false, false, false]);
    }

    #[test]
    fn probability_is_reproducible_from_the_seed() {
        let rule = |seed| FaultRule {
            fault: Fault::Http500Html,
            when: Trigger::Probability { p: 0.5, seed },
        };
        let run = |seed| {
            let p = plan(vec![rule(seed)]);
            (0..64).map(|_| p.next().is_some()).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let hits = run(7).iter().filter(|h| **h).count();
        assert!((16..=48).contains(&hits), "{hits}");
    }

    #[test]
    fn earlier_rules_win_and_later_ones_still_draw() {
        let p = plan(vec![
            FaultRule {
                fault: Fault::EmptyBody,
                when: Trigger::FirstN(1),
            },
            FaultRule {
                fault: Fault::NonUtf8Body,
                when: Trigger::Probability { p: 1.0, seed: 1 },
            },
        ]);
        assert_eq!(p.next(), Some(Fault::EmptyBody));
        assert_eq!(p.next(), Some(Fault::NonUtf8Body));
    }
}
