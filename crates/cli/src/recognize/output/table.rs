//! The table view of results: a key/value block per input, for reading in
//! a terminal.

use regcert_model::VehicleRegistration;
use unicode_width::UnicodeWidthStr;

use super::columns::{Column, RECORD_COLUMNS, issue_names, two_places_down};
use super::outcome::Outcome;

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
            fields(&mut out, record);
            issues_and_extra(&mut out, record);
        }
    }
    out
}

/// One line per column: key, label and value, aligned.
fn fields(out: &mut String, record: &VehicleRegistration) {
    let labels: Vec<String> = RECORD_COLUMNS.iter().map(Column::label_zh).collect();
    let key_width = RECORD_COLUMNS
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    for (c, label) in RECORD_COLUMNS.iter().zip(&labels) {
        let value = match (c.cell)(record) {
            None => "-".to_owned(),
            Some(text) => match record.confidence.get(c.key).filter(|c| c.is_finite()) {
                Some(conf) => format!("{text}  [{}]", two_places_down(*conf)),
                None => text,
            },
        };
        let pad = label_width.saturating_sub(label.width());
        out.push_str(&format!(
            "  {:<key_width$}  {label}{:pad$}  {value}\n",
            c.name, ""
        ));
    }
}

/// The issues (or `issues: none`), then the fields of unknown labels, if any.
fn issues_and_extra(out: &mut String, record: &VehicleRegistration) {
    if record.issues.is_empty() {
        out.push_str("  issues: none\n");
    } else {
        out.push_str(&format!("  issues ({}):\n", record.issues.len()));
        for i in &record.issues {
            let [field, code, severity] = issue_names(i);
            out.push_str(&format!("    {field} {code} ({severity}): {}\n", i.raw));
        }
    }
    if !record.extra.is_empty() {
        out.push_str("  extra:\n");
        for e in &record.extra {
            let content = e.content.as_deref().unwrap_or_default();
            out.push_str(&format!("    {}: {content}\n", e.label));
        }
    }
}
