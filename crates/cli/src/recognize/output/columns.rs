//! The flat views of a result: the CSV header and rows, and the table
//! block, with their columns in the certificate's order.

use regcert_model::Label;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::Outcome;

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

/// The record keys the columns show, for the test that every field has one.
#[cfg(test)]
pub(super) fn record_keys() -> impl Iterator<Item = &'static str> {
    RECORD_COLUMNS.iter().map(|c| c.key)
}
