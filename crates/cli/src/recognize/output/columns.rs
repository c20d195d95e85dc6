//! The record's columns in the flat (CSV and table) views, in the
//! certificate's order: each column's name, its Chinese label, and its cell,
//! read from the record's field, so a renamed or removed field fails to
//! compile instead of giving an empty column.

use chrono::NaiveDate;
use regcert_model::{Coded, Issue, Label, VehicleRegistration, Vocabulary};
use serde_json::Value;

/// A cell's text; `None` for a blank field (empty in the CSV, `-` in the table).
pub(super) type Cell = Option<String>;

/// A column of the flat views: a field of the record, or one member of a
/// struct-valued field.
pub(super) struct Column {
    /// The CSV header.
    pub(super) name: &'static str,
    /// The record's top-level key of the field: the key of its confidence.
    pub(super) key: &'static str,
    /// The table's Chinese label.
    zh: Zh,
    /// The cell of a record.
    pub(super) cell: fn(&VehicleRegistration) -> Cell,
}

/// How the table labels a column.
#[derive(Clone, Copy)]
enum Zh {
    /// The API's label of the field.
    Api,
    /// The API's label of the field, `·`, then the member's (`外廓尺寸·长`).
    Member(&'static str),
    /// Its own text: for a field that has no API label, shares it with
    /// another field, or is one part of the owner.
    Own(&'static str),
}

impl Column {
    /// The table's Chinese label.
    pub(super) fn label_zh(&self) -> String {
        let api = || Label::from_key(self.key).map_or("", Label::api_label);
        match self.zh {
            Zh::Api => api().to_owned(),
            Zh::Member(zh) => format!("{}·{zh}", api()),
            Zh::Own(zh) => zh.to_owned(),
        }
    }
}

/// A column showing a whole field, named as the field.
macro_rules! field {
    ($field:ident) => {
        field!($field, Zh::Api)
    };
    ($field:ident, $zh:expr) => {
        Column {
            name: stringify!($field),
            key: stringify!($field),
            zh: $zh,
            cell: |r| r.$field.cell(),
        }
    };
}

/// A column showing one member of a struct-valued field.
macro_rules! member {
    ($name:ident: $field:ident . $member:ident, $zh:expr) => {
        Column {
            name: stringify!($name),
            key: stringify!($field),
            zh: $zh,
            cell: |r| r.$field.as_ref().and_then(|v| v.$member.cell()),
        }
    };
}

/// Every field of the record, in the certificate's order, flattened.
pub(super) const RECORD_COLUMNS: &[Column] = &[
    field!(order_id, Zh::Own("单号")),
    field!(certificate_number),
    member!(owner_name: owner.name, Zh::Own("所有人")),
    member!(owner_id_type: owner.id_type, Zh::Own("身份证明名称")),
    member!(owner_id_number: owner.id_number, Zh::Own("身份证明号码")),
    field!(registration_authority),
    field!(registration_date),
    field!(plate_number),
    field!(vehicle_type),
    field!(brand),
    field!(model),
    field!(body_color),
    field!(vin),
    field!(origin),
    field!(engine_number),
    field!(engine_model),
    field!(fuel_type),
    field!(displacement_ml, Zh::Own("排量")),
    field!(power_kw, Zh::Own("功率")),
    field!(manufacturer),
    field!(steering),
    field!(track_front_mm, Zh::Own("轮距·前")),
    field!(track_rear_mm, Zh::Own("轮距·后")),
    field!(tire_count),
    field!(tire_spec),
    field!(leaf_spring_count),
    field!(wheelbase_mm),
    field!(axle_count),
    member!(overall_length_mm: overall_dimensions_mm.length, Zh::Member("长")),
    member!(overall_width_mm: overall_dimensions_mm.width, Zh::Member("宽")),
    member!(overall_height_mm: overall_dimensions_mm.height, Zh::Member("高")),
    member!(cargo_length_mm: cargo_dimensions_mm.length, Zh::Member("长")),
    member!(cargo_width_mm: cargo_dimensions_mm.width, Zh::Member("宽")),
    member!(cargo_height_mm: cargo_dimensions_mm.height, Zh::Member("高")),
    field!(gross_mass_kg),
    field!(rated_load_kg),
    field!(rated_passengers),
    field!(towing_mass_kg),
    field!(cab_passengers),
    field!(use_character),
    field!(acquisition_method),
    field!(manufacture_date),
    field!(issuing_authority),
    field!(issue_date),
];

/// A field's value as cell text, spelt as the record's JSON spells it:
/// strings as they are, numbers as JSON numbers (`150.0` for a power),
/// dates as `YYYY-MM-DD`, vocabulary values by their key.
trait CellText {
    fn cell(&self) -> Cell;
}

/// Types whose `Display` is the record JSON's spelling (a date's is `YYYY-MM-DD`).
macro_rules! displayed {
    ($($t:ty),*) => {$(
        impl CellText for $t {
            fn cell(&self) -> Cell {
                Some(self.to_string())
            }
        }
    )*};
}

displayed!(String, u32, NaiveDate);

impl CellText for f64 {
    /// JSON's spelling; blank for NaN and the infinities, which JSON writes as `null`.
    fn cell(&self) -> Cell {
        serde_json::Number::from_f64(*self).map(|n| n.to_string())
    }
}

impl<T: Vocabulary> CellText for Coded<T> {
    fn cell(&self) -> Cell {
        Some(self.as_str().to_owned())
    }
}

impl<T: CellText> CellText for Option<T> {
    fn cell(&self) -> Cell {
        self.as_ref().and_then(CellText::cell)
    }
}

/// An issue's field, code and severity as the record's JSON names them
/// (`vin`, `vin_check_digit`, `warning`).
pub(super) fn issue_names(issue: &Issue) -> [String; 3] {
    let name = |v: serde_json::Result<Value>| match v {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    };
    [
        issue.field.clone(),
        name(serde_json::to_value(issue.code)),
        name(serde_json::to_value(issue.severity)),
    ]
}

/// A confidence with two decimals, rounded down: 0.899 shows as 0.89, so a
/// field listed as low never shows as 0.90.
pub(super) fn two_places_down(c: f64) -> String {
    format!("{:.2}", (c * 100.0).floor() / 100.0)
}

/// The record keys the columns show, for the test that every field has one.
#[cfg(test)]
pub(super) fn record_keys() -> impl Iterator<Item = &'static str> {
    RECORD_COLUMNS.iter().map(|c| c.key)
}
