//! The normalized record: one JSON shape for every interface.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id_number;
use crate::owner::Owner;
use crate::units::Dimensions;
use crate::vocab::{Coded, FuelType, Origin, Steering, UseCharacter};

/// A vehicle registration certificate, normalized.
///
/// Every field is `None` when the certificate's field was blank or missing,
/// and also when its text could not be read, in which case
/// [`issues`](Self::issues) says so and [`raw`](Self::raw) keeps the text.
/// Serialized with serde, it is exactly the record JSON of the contract;
/// deserializing that JSON gives the same record back.
///
/// `Debug` masks the owner's ID number (first 6 and last 4 characters).
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct VehicleRegistration {
    /// The API's order number.
    pub order_id: Option<String>,
    /// 登记证书编号, spaces removed.
    pub certificate_number: Option<String>,
    /// 机动车所有人/身份证明名称/号码.
    pub owner: Option<Owner>,
    /// 登记机关.
    pub registration_authority: Option<String>,
    /// 登记日期.
    pub registration_date: Option<NaiveDate>,
    /// 机动车登记编号: the plate, `·` and spaces removed, letters upper case.
    pub plate_number: Option<String>,
    /// 车辆类型 as printed (小型轿车).
    pub vehicle_type: Option<String>,
    /// 车辆品牌.
    pub brand: Option<String>,
    /// 车辆型号.
    pub model: Option<String>,
    /// 车身颜色.
    pub body_color: Option<String>,
    /// 车辆识别代号: 17 upper-case characters.
    pub vin: Option<String>,
    /// 国产/进口.
    pub origin: Option<Coded<Origin>>,
    /// 发动机号.
    pub engine_number: Option<String>,
    /// 发动机型号.
    pub engine_model: Option<String>,
    /// 燃料种类.
    pub fuel_type: Option<Coded<FuelType>>,
    /// 排量, millilitres.
    pub displacement_ml: Option<u32>,
    /// 功率, kilowatts.
    pub power_kw: Option<f64>,
    /// 制造厂名称.
    pub manufacturer: Option<String>,
    /// 转向形式.
    pub steering: Option<Coded<Steering>>,
    /// 轮距, front, millimetres.
    pub track_front_mm: Option<u32>,
    /// 轮距, rear (the first rear axle), millimetres.
    pub track_rear_mm: Option<u32>,
    /// 轮胎数.
    pub tire_count: Option<u32>,
    /// 轮胎规格, upper case, single spaces.
    pub tire_spec: Option<String>,
    /// 钢板弹簧片数 as printed.
    pub leaf_spring_count: Option<String>,
    /// 轴距: the first wheelbase, millimetres.
    pub wheelbase_mm: Option<u32>,
    /// 轴数.
    pub axle_count: Option<u32>,
    /// 外廓尺寸, millimetres.
    pub overall_dimensions_mm: Option<Dimensions>,
    /// 货厢内部尺寸, millimetres.
    pub cargo_dimensions_mm: Option<Dimensions>,
    /// 总质量, kilograms.
    pub gross_mass_kg: Option<u32>,
    /// 核定载质量, kilograms.
    pub rated_load_kg: Option<u32>,
    /// 核定载客, people.
    pub rated_passengers: Option<u32>,
    /// 准牵引总质量, kilograms.
    pub towing_mass_kg: Option<u32>,
    /// 驾驶室载客, people.
    pub cab_passengers: Option<u32>,
    /// 使用性质.
    pub use_character: Option<Coded<UseCharacter>>,
    /// 车辆获得方式 as printed (购买, 赠予, ...).
    pub acquisition_method: Option<String>,
    /// 车辆出厂日期.
    pub manufacture_date: Option<NaiveDate>,
    /// 发证机关章.
    pub issuing_authority: Option<String>,
    /// 发证日期.
    pub issue_date: Option<NaiveDate>,
    /// What normalization found wrong or could not read.
    pub issues: Vec<Issue>,
    /// Fields whose label this crate does not know, as received.
    pub extra: Vec<ExtraField>,
    /// Each top-level key the response had → its original text.
    pub raw: BTreeMap<String, String>,
    /// How sure the recognizer is of each field it read, key → `0..=1`.
    /// Filled by the offline engine; empty for answers of the cloud API,
    /// which gives no confidence.
    pub confidence: BTreeMap<String, f64>,
}

/// Something normalization noticed about a field.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The record's top-level key (`"vin"`, `"owner"`).
    pub field: String,
    /// What is wrong.
    pub code: IssueCode,
    /// How much it matters.
    pub severity: Severity,
    /// The text as received.
    pub raw: String,
}

impl fmt::Debug for Issue {
    /// Masks the text of issues about the owner.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = if self.field == "owner" {
            id_number::mask_in_text(&self.raw)
        } else {
            self.raw.clone()
        };
        f.debug_struct("Issue")
            .field("field", &self.field)
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("raw", &raw)
            .finish()
    }
}

/// The kinds of [`Issue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueCode {
    /// The text could not be read as the field's type; the field is null.
    Unparseable,
    /// The VIN's check digit (position 9) does not match; the VIN is kept.
    VinCheckDigit,
    /// The owner's ID number fails its checksum; the number is kept.
    IdNumberChecksum,
    /// The text is not in the field's vocabulary; it is kept as printed.
    UnknownValue,
}

/// How much an [`Issue`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The value may be right; worth a look.
    Warning,
    /// The value is missing or almost surely wrong.
    Error,
}

/// A field whose label is not known, kept as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    /// The API's `desc`.
    pub label: String,
    /// The API's `content`, `null` when it was `null`.
    pub content: Option<String>,
}

impl VehicleRegistration {
    /// The issues of one field.
    pub fn issues_for<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Issue> + 'a {
        self.issues.iter().filter(move |i| i.field == field)
    }

    /// Whether any issue has severity [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }
}

impl fmt::Debug for VehicleRegistration {
    /// Like a derived `Debug`, but the owner's ID number is masked wherever it
    /// appears: in `owner`, in `raw["owner"]` and in issues about the owner.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw: BTreeMap<&str, String> = self
            .raw
            .iter()
            .map(|(k, v)| {
                let v = if k == "owner" {
                    id_number::mask_in_text(v)
                } else {
                    v.clone()
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("VehicleRegistration")
            .field("order_id", &self.order_id)
            .field("certificate_number", &self.certificate_number)
            .field("owner", &self.owner)
            .field("registration_authority", &self.registration_authority)
            .field("registration_date", &self.registration_date)
            .field("plate_number", &self.plate_number)
            .field("vehicle_type", &self.vehicle_type)
            .field("brand", &self.brand)
            .field("model", &self.model)
            .field("body_color", &self.body_color)
            .field("vin", &self.vin)
            .field("origin", &self.origin)
            .field("engine_number", &self.engine_number)
            .field("engine_model", &self.engine_model)
            .field("fuel_type", &self.fuel_type)
            .field("displacement_ml", &self.displacement_ml)
            .field("power_kw", &self.power_kw)
            .field("manufacturer", &self.manufacturer)
            .field("steering", &self.steering)
            .field("track_front_mm", &self.track_front_mm)
            .field("track_rear_mm", &self.track_rear_mm)
            .field("tire_count", &self.tire_count)
            .field("tire_spec", &self.tire_spec)
            .field("leaf_spring_count", &self.leaf_spring_count)
            .field("wheelbase_mm", &self.wheelbase_mm)
            .field("axle_count", &self.axle_count)
            .field("overall_dimensions_mm", &self.overall_dimensions_mm)
            .field("cargo_dimensions_mm", &self.cargo_dimensions_mm)
            .field("gross_mass_kg", &self.gross_mass_kg)
            .field("rated_load_kg", &self.rated_load_kg)
            .field("rated_passengers", &self.rated_passengers)
            .field("towing_mass_kg", &self.towing_mass_kg)
            .field("cab_passengers", &self.cab_passengers)
            .field("use_character", &self.use_character)
            .field("acquisition_method", &self.acquisition_method)
            .field("manufacture_date", &self.manufacture_date)
            .field("issuing_authority", &self.issuing_authority)
            .field("issue_date", &self.issue_date)
            .field("issues", &self.issues)
            .field("extra", &self.extra)
            .field("raw", &raw)
            .field("confidence", &self.confidence)
            .finish()
    }
}
