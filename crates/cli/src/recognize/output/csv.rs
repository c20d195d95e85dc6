//! The CSV view of results: a header and one row per input.

use std::io;

use regcert_model::VehicleRegistration;

use super::columns::{RECORD_COLUMNS, issue_names, two_places_down};
use super::outcome::Outcome;

/// The columns before the record's: which input, and how it went.
const LEAD_COLUMNS: [&str; 5] = [
    "file",
    "status",
    "error_kind",
    "error_code",
    "error_message",
];
/// The columns after the record's.
const TAIL_COLUMNS: [&str; 4] = ["issue_count", "issues", "min_confidence", "low_confidence"];

/// Fields read with a confidence below this are listed in the CSV's
/// `low_confidence` column: the ones to check by eye.
const LOW_CONFIDENCE: f64 = 0.9;

/// The CSV header row.
pub fn csv_header() -> Vec<&'static str> {
    LEAD_COLUMNS
        .iter()
        .copied()
        .chain(RECORD_COLUMNS.iter().map(|c| c.name))
        .chain(TAIL_COLUMNS)
        .collect()
}

/// The CSV row of one outcome, in [`csv_header`]'s order.
pub fn csv_row(outcome: &Outcome) -> Vec<String> {
    let mut row = vec![outcome.file.clone()];
    match &outcome.result {
        Ok(record) => {
            row.extend(["ok".to_owned(), String::new(), String::new(), String::new()]);
            row.extend(
                RECORD_COLUMNS
                    .iter()
                    .map(|c| (c.cell)(record).unwrap_or_default()),
            );
            let (count, codes) = issue_codes(record);
            let (min, low) = confidence_summary(record);
            row.extend([count.to_string(), codes, min, low]);
        }
        Err(f) => {
            row.extend([
                "error".to_owned(),
                f.kind.to_owned(),
                f.code.map(|c| c.to_string()).unwrap_or_default(),
                f.message.clone(),
            ]);
            row.extend(RECORD_COLUMNS.iter().map(|_| String::new()));
            row.extend(TAIL_COLUMNS.iter().map(|_| String::new()));
        }
    }
    row
}

/// One CSV record, quoted as needed, with its line end.
pub(crate) fn csv_line<S: AsRef<[u8]>>(fields: &[S]) -> io::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(io::Error::other)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// The number of issues, and `field:code:severity` of each, joined with `;`.
fn issue_codes(record: &VehicleRegistration) -> (usize, String) {
    let joined = record
        .issues
        .iter()
        .map(|i| issue_names(i).join(":"))
        .collect::<Vec<_>>()
        .join(";");
    (record.issues.len(), joined)
}

/// The lowest field confidence (empty when the record has none, as cloud
/// answers do) and the keys read with less than [`LOW_CONFIDENCE`], joined
/// with `;`.
fn confidence_summary(record: &VehicleRegistration) -> (String, String) {
    if record.confidence.is_empty() {
        return (String::new(), String::new());
    }
    // The record's JSON writes a confidence that is not finite as `null`.
    let read = || record.confidence.iter().filter(|(_, c)| c.is_finite());
    let min = read().map(|(_, &c)| c).fold(f64::INFINITY, f64::min);
    let low: Vec<&str> = read()
        .filter(|(_, c)| **c < LOW_CONFIDENCE)
        .map(|(k, _)| k.as_str())
        .collect();
    let min = if min.is_finite() {
        two_places_down(min)
    } else {
        String::new()
    };
    (min, low.join(";"))
}
