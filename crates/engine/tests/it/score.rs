//! Field-by-field comparison of a normalized record with the expected record
//! of a committed certificate image (`NAME.expected.json` beside
//! `NAME.jpg`). Shared by the integration test and the `fields_bench` example.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// How many expected fields a record got right.
#[derive(Debug, Default, Clone)]
pub struct Score {
    /// Expected keys whose value matched exactly.
    pub hits: usize,
    /// Expected keys.
    pub total: usize,
    /// Of these, keys whose expected value is not null.
    pub printed_total: usize,
    /// Non-null expected values matched.
    pub printed_hits: usize,
    /// `key: got … want …` for each miss.
    pub misses: Vec<String>,
}

impl Score {
    /// Add another image's counts.
    pub fn add(&mut self, other: &Score) {
        self.hits += other.hits;
        self.total += other.total;
        self.printed_hits += other.printed_hits;
        self.printed_total += other.printed_total;
    }

    /// Share of expected fields matched (1 when nothing was expected).
    pub fn accuracy(&self) -> f64 {
        ratio(self.hits, self.total)
    }

    /// Share of non-null expected fields matched.
    pub fn printed_accuracy(&self) -> f64 {
        ratio(self.printed_hits, self.printed_total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Equal as JSON, numbers compared by value (`110` equals `110.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Compare `record` (a serialized `VehicleRegistration`) with `expected`
/// on the expected object's keys.
pub fn compare(record: &Value, expected: &Value) -> Score {
    let mut score = Score::default();
    let Some(want) = expected.as_object() else {
        return score;
    };
    for (key, w) in want {
        let got = record.get(key).unwrap_or(&Value::Null);
        score.total += 1;
        if !w.is_null() {
            score.printed_total += 1;
        }
        if same(got, w) {
            score.hits += 1;
            if !w.is_null() {
                score.printed_hits += 1;
            }
        } else {
            score.misses.push(format!("{key}: got {got} want {w}"));
        }
    }
    score
}

/// The committed certificate images: every `*.jpg` / `*.png` of `dir` that
/// has a `NAME.expected.json` beside it, sorted by name.
pub fn images(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("jpg" | "jpeg" | "png")
            ) && expected_path(p).exists()
        })
        .collect();
    out.sort();
    out
}

/// `NAME.expected.json` beside `NAME.jpg`.
pub fn expected_path(image: &Path) -> PathBuf {
    image.with_extension("expected.json")
}

/// The expected record of an image.
pub fn expected(image: &Path) -> Result<Value, String> {
    let path = expected_path(image);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Directory of the committed certificate images.
pub fn certificates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/certificates")
}
