//! How `regcert recognize` writes its results: JSON, JSON lines, CSV or a
//! table, to stdout or a file.
//!
//! JSON lines and CSV are written as results arrive, one line (row) per
//! input, each with a single `write` followed by a flush, so an interrupted
//! run leaves at most one partial line at the end, which `--resume` drops.

use std::io::{self, Write};
use std::path::Path;

use regcert_model::VehicleRegistration;
use regcert_model::labels::Label;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One input: its record; several: an array of `{"file", "record"|"error"}`.
    Json,
    /// One `{"file", "record"|"error"}` object per line, written as results arrive.
    Jsonl,
    /// A header and one row per input, written as results arrive.
    Csv,
    /// A key/value view for reading in a terminal.
    Table,
}

impl Format {
    /// The format an output file's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Whether results are written as they arrive (and so can be resumed).
    pub fn streams(self) -> bool {
        matches!(self, Format::Jsonl | Format::Csv)
    }
}

/// Why one input produced no record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `Error::kind()` of the client: `"api"`, `"io"`, `"invalid_image"`, ...
    pub kind: &'static str,
    /// The API's error code, for `"api"` failures.
    pub code: Option<i64>,
    /// A one-line explanation (never contains the key).
    pub message: String,
}

impl From<&regcert_client::Error> for Failure {
    fn from(e: &regcert_client::Error) -> Failure {
        Failure {
            kind: e.kind(),
            code: e.api_code().map(|c| c.code()),
            message: e.to_string(),
        }
    }
}

/// The result for one input.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The input's path as shown to the user (and matched by `--resume`).
    pub file: String,
    /// Its record, or why there is none.
    pub result: Result<VehicleRegistration, Failure>,
}

impl Outcome {
    /// `{"file", "record"}` or `{"file", "error": {"kind", "code", "message"}}`.
    pub fn to_json(&self) -> Value {
        match &self.result {
            Ok(record) => json!({ "file": self.file, "record": record }),
            Err(f) => json!({
                "file": self.file,
                "error": { "kind": f.kind, "code": f.code, "message": f.message },
            }),
        }
    }
}

/// A column of the flat (CSV and table) views: a record key, or one part of
/// an object-valued key.
struct Column {
    /// The CSV header.
    name: &'static str,
    /// The record's top-level key.
    key: &'static str,
    /// The member of an object-valued key (`owner.name`, `*_dimensions_mm.length`).
    part: Option<&'static str>,
    /// What the table adds to the key's Chinese label for a part, or shows
    /// instead of the label of a key that shares its label with another.
    part_zh: &'static str,
}

const fn col(name: &'static str) -> Column {
    Column {
        name,
        key: name,
        part: None,
        part_zh: "",
    }
}

/// A key that shares its API label with another: `zh` names it alone.
const fn col_zh(name: &'static str, zh: &'static str) -> Column {
    Column {
        name,
        key: name,
        part: None,
        part_zh: zh,
    }
}

const fn part(
    name: &'static str,
    key: &'static str,
    part: &'static str,
    part_zh: &'static str,
) -> Column {
    Column {
        name,
        key,
        part: Some(part),
        part_zh,
    }
}

/// Every field of the record, in the certificate's order, flattened.
const RECORD_COLUMNS: &[Column] = &[
    col("order_id"),
    col("certificate_number"),
    part("owner_name", "owner", "name", "所有人"),
    part("owner_id_type", "owner", "id_type", "身份证明名称"),
    part("owner_id_number", "owner", "id_number", "身份证明号码"),
    col("registration_authority"),
    col("registration_date"),
    col("plate_number"),
    col("vehicle_type"),
    col("brand"),
    col("model"),
    col("body_color"),
    col("vin"),
    col("origin"),
    col("engine_number"),
    col("engine_model"),
    col("fuel_type"),
    col_zh("displacement_ml", "排量"),
    col_zh("power_kw", "功率"),
    col("manufacturer"),
    col("steering"),
    col_zh("track_front_mm", "轮距·前"),
    col_zh("track_rear_mm", "轮距·后"),
    col("tire_count"),
    col("tire_spec"),
    col("leaf_spring_count"),
    col("wheelbase_mm"),
    col("axle_count"),
    part("overall_length_mm", "overall_dimensions_mm", "length", "长"),
    part("overall_width_mm", "overall_dimensions_mm", "width", "宽"),
    part("overall_height_mm", "overall_dimensions_mm", "height", "高"),
    part("cargo_length_mm", "cargo_dimensions_mm", "length", "长"),
    part("cargo_width_mm", "cargo_dimensions_mm", "width", "宽"),
    part("cargo_height_mm", "cargo_dimensions_mm", "height", "高"),
    col("gross_mass_kg"),
    col("rated_load_kg"),
    col("rated_passengers"),
    col("towing_mass_kg"),
    col("cab_passengers"),
    col("use_character"),
    col("acquisition_method"),
    col("manufacture_date"),
    col("issuing_authority"),
    col("issue_date"),
];

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

impl Column {
    fn value<'a>(&self, record: &'a Value) -> &'a Value {
        let v = &record[self.key];
        match self.part {
            Some(p) => &v[p],
            None => v,
        }
    }

    fn label_zh(&self) -> String {
        let base = match self.key {
            "order_id" => "单号",
            key => Label::from_key(key).map_or("", Label::api_label),
        };
        match self.part {
            _ if self.key == "owner" || self.part.is_none() && !self.part_zh.is_empty() => {
                self.part_zh.to_owned()
            }
            Some(_) => format!("{base}·{}", self.part_zh),
            None => base.to_owned(),
        }
    }
}

/// A JSON scalar as cell text: strings as they are, `null` empty.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `field:code:severity` of each issue, joined with `;`.
fn issue_codes(record: &Value) -> (usize, String) {
    let issues = record["issues"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let joined = issues
        .iter()
        .map(|i| {
            format!(
                "{}:{}:{}",
                cell(&i["field"]),
                cell(&i["code"]),
                cell(&i["severity"])
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    (issues.len(), joined)
}

/// The lowest field confidence (empty when the record has none, as cloud
/// answers do) and the keys read with less than [`LOW_CONFIDENCE`], joined
/// with `;`.
fn confidence_summary(record: &Value) -> (String, String) {
    let Some(map) = record["confidence"].as_object().filter(|m| !m.is_empty()) else {
        return (String::new(), String::new());
    };
    let min = map
        .values()
        .filter_map(Value::as_f64)
        .fold(f64::INFINITY, f64::min);
    let low: Vec<&str> = map
        .iter()
        .filter(|(_, c)| c.as_f64().is_some_and(|c| c < LOW_CONFIDENCE))
        .map(|(k, _)| k.as_str())
        .collect();
    let min = if min.is_finite() {
        two_places_down(min)
    } else {
        String::new()
    };
    (min, low.join(";"))
}

/// A confidence with two decimals, rounded down: 0.899 shows as 0.89, so a
/// field listed under [`LOW_CONFIDENCE`] never shows as 0.90.
fn two_places_down(c: f64) -> String {
    format!("{:.2}", (c * 100.0).floor() / 100.0)
}

/// The CSV row of one outcome, in [`csv_header`]'s order.
pub fn csv_row(outcome: &Outcome) -> Vec<String> {
    let mut row = vec![outcome.file.clone()];
    match &outcome.result {
        Ok(record) => {
            let v = serde_json::to_value(record).unwrap_or(Value::Null);
            row.extend(["ok".to_owned(), String::new(), String::new(), String::new()]);
            row.extend(RECORD_COLUMNS.iter().map(|c| cell(c.value(&v))));
            let (count, codes) = issue_codes(&v);
            let (min, low) = confidence_summary(&v);
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

/// The table view of one outcome: a heading line, then one line per field
/// with its key, its Chinese label and its value, and after the value, for
/// records read offline, the field's confidence in brackets.
pub fn table_block(outcome: &Outcome) -> String {
    let mut out = format!("== {} ==\n", outcome.file);
    match &outcome.result {
        Err(f) => {
            let code = f.code.map(|c| format!(" {c}")).unwrap_or_default();
            out.push_str(&format!("  error ({}{code}): {}\n", f.kind, f.message));
        }
        Ok(record) => {
            let v = serde_json::to_value(record).unwrap_or(Value::Null);
            let labels: Vec<String> = RECORD_COLUMNS.iter().map(Column::label_zh).collect();
            let key_width = RECORD_COLUMNS
                .iter()
                .map(|c| c.name.len())
                .max()
                .unwrap_or(0);
            let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
            for (c, label) in RECORD_COLUMNS.iter().zip(&labels) {
                let value = match c.value(&v) {
                    Value::Null => "-".to_owned(),
                    other => match v["confidence"][c.key].as_f64() {
                        Some(conf) => format!("{}  [{}]", cell(other), two_places_down(conf)),
                        None => cell(other),
                    },
                };
                let pad = label_width.saturating_sub(label.width());
                out.push_str(&format!(
                    "  {:<key_width$}  {label}{:pad$}  {value}\n",
                    c.name, ""
                ));
            }
            let issues = v["issues"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            if issues.is_empty() {
                out.push_str("  issues: none\n");
            } else {
                out.push_str(&format!("  issues ({}):\n", issues.len()));
                for i in issues {
                    out.push_str(&format!(
                        "    {} {} ({}): {}\n",
                        cell(&i["field"]),
                        cell(&i["code"]),
                        cell(&i["severity"]),
                        cell(&i["raw"])
                    ));
                }
            }
            if let Some(extra) = v["extra"].as_array().filter(|e| !e.is_empty()) {
                out.push_str("  extra:\n");
                for e in extra {
                    out.push_str(&format!(
                        "    {}: {}\n",
                        cell(&e["label"]),
                        cell(&e["content"])
                    ));
                }
            }
        }
    }
    out
}

/// Where results go, in the chosen format.
pub struct Sink {
    format: Format,
    dest: Box<dyn Write + Send>,
    /// Whether there is exactly one input (`json` then prints the bare record).
    single: bool,
    /// Results of the formats written at the end, in input order.
    held: Vec<(usize, Outcome)>,
}

impl Sink {
    /// A sink writing `format` to `dest`; `fresh` says whether `dest` is
    /// empty (then a CSV header, preceded by a BOM when `excel`, is written).
    pub fn new(
        format: Format,
        mut dest: Box<dyn Write + Send>,
        single: bool,
        fresh: bool,
        excel: bool,
    ) -> io::Result<Sink> {
        if format == Format::Csv && fresh {
            let mut head = Vec::new();
            if excel {
                head.extend_from_slice("\u{feff}".as_bytes());
            }
            head.extend(csv_line(&csv_header())?);
            dest.write_all(&head)?;
            dest.flush()?;
        }
        Ok(Sink {
            format,
            dest,
            single,
            held: Vec::new(),
        })
    }

    /// Records the outcome of input number `index` (its place in input order).
    pub fn push(&mut self, index: usize, outcome: Outcome) -> io::Result<()> {
        let line = match self.format {
            Format::Jsonl => {
                let mut line = serde_json::to_vec(&outcome.to_json())?;
                line.push(b'\n');
                line
            }
            Format::Csv => csv_line(&csv_row(&outcome))?,
            Format::Json | Format::Table => {
                self.held.push((index, outcome));
                return Ok(());
            }
        };
        self.dest.write_all(&line)?;
        self.dest.flush()
    }

    /// Writes what was held for the end and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.held.sort_by_key(|(i, _)| *i);
        let text = match self.format {
            Format::Jsonl | Format::Csv => String::new(),
            Format::Table => self
                .held
                .iter()
                .map(|(_, o)| table_block(o))
                .collect::<Vec<_>>()
                .join("\n"),
            Format::Json => {
                let value = match self.held.as_slice() {
                    [(_, o)] if self.single => match &o.result {
                        Ok(record) => serde_json::to_value(record)?,
                        Err(_) => o.to_json(),
                    },
                    all => Value::Array(all.iter().map(|(_, o)| o.to_json()).collect()),
                };
                let mut s = serde_json::to_string_pretty(&value)?;
                s.push('\n');
                s
            }
        };
        self.dest.write_all(text.as_bytes())?;
        self.dest.flush()
    }
}

/// One CSV record, quoted as needed, with its line end.
pub(crate) fn csv_line<S: AsRef<[u8]>>(fields: &[S]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(io::Error::other)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::collections::HashSet;

    const TRUCK: &str = include_str!("../../../../tests/fixtures/samples/truck-diesel.json");

    pub(crate) fn outcome(file: &str) -> Outcome {
        Outcome {
            file: file.to_owned(),
            result: regcert_model::parse(TRUCK.as_bytes()).map_err(|e| Failure {
                kind: "decode",
                code: None,
                message: e.to_string(),
            }),
        }
    }

    pub(crate) fn failure(file: &str) -> Outcome {
        Outcome {
            file: file.to_owned(),
            result: Err(Failure {
                kind: "api",
                code: Some(10001),
                message: "API error 10001, with \"quotes\"\nand a line end".to_owned(),
            }),
        }
    }

    #[test]
    fn columns_cover_every_field_of_the_record() {
        let o = outcome("a.jpg");
        let v = serde_json::to_value(o.result.as_ref().unwrap()).unwrap();
        for key in v.as_object().unwrap().keys() {
            // Lists and maps about the fields, not fields.
            if ["issues", "extra", "raw", "confidence"].contains(&key.as_str()) {
                continue;
            }
            assert!(
                RECORD_COLUMNS.iter().any(|c| c.key == key),
                "no column for {key}"
            );
        }
        let names: HashSet<_> = csv_header().into_iter().collect();
        assert_eq!(names.len(), csv_header().len(), "duplicate column names");
    }

    #[test]
    fn csv_row_splits_objects_and_keeps_header_order() {
        let row = csv_row(&outcome("a.jpg"));
        let header = csv_header();
        assert_eq!(row.len(), header.len());
        let get = |name: &str| &row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(get("status"), "ok");
        assert_eq!(get("owner_name"), "样例乙");
        assert_eq!(get("overall_length_mm"), "9995");
        assert_eq!(get("cargo_height_mm"), "2500");
        assert_eq!(get("registration_date"), "2021-09-08");
        assert_eq!(get("rated_passengers"), "");
        assert_eq!(get("issue_count"), "0");
        // A cloud answer has no confidence.
        assert_eq!(
            (get("min_confidence"), get("low_confidence")),
            (&String::new(), &String::new())
        );
        let bad = csv_row(&failure("b.jpg"));
        assert_eq!(bad.len(), header.len());
        assert_eq!(&bad[..4], ["b.jpg", "error", "api", "10001"]);
    }

    #[test]
    fn offline_confidence_shows_in_csv_and_table() {
        let mut o = outcome("a.jpg");
        if let Ok(record) = o.result.as_mut() {
            record.confidence.insert("vin".to_owned(), 0.97);
            record.confidence.insert("model".to_owned(), 0.899);
            record.confidence.insert("brand".to_owned(), 0.85);
        }
        let row = csv_row(&o);
        let header = csv_header();
        let get = |name: &str| &row[header.iter().position(|h| *h == name).unwrap()];
        assert_eq!(get("min_confidence"), "0.85");
        assert_eq!(get("low_confidence"), "brand;model");
        let t = table_block(&o);
        let vin = t
            .lines()
            .find(|l| l.trim_start().starts_with("vin "))
            .unwrap();
        assert!(vin.ends_with("LZZ5CLVBXMW000003  [0.97]"), "{vin}");
        let model = t
            .lines()
            .find(|l| l.trim_start().starts_with("model "))
            .unwrap();
        assert!(model.ends_with("[0.89]"), "{model}");
        let body = t
            .lines()
            .find(|l| l.trim_start().starts_with("body_color "))
            .unwrap();
        assert!(!body.contains('['), "{body}");
    }

    #[test]
    fn table_has_keys_labels_and_values() {
        let t = table_block(&outcome("a.jpg"));
        assert!(t.starts_with("== a.jpg ==\n"));
        let vin = t
            .lines()
            .find(|l| l.trim_start().starts_with("vin "))
            .unwrap();
        assert!(vin.contains("车辆识别代号V车架号") && vin.ends_with("LZZ5CLVBXMW000003"));
        let cargo = t.lines().find(|l| l.contains("cargo_width_mm")).unwrap();
        assert!(cargo.contains("货厢内部尺寸·宽") && cargo.ends_with("2400"));
        assert!(t.contains("issues: none"));
        assert!(table_block(&failure("b.jpg")).contains("error (api 10001)"));
    }
}
