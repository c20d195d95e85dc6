//! The API's labels (`desc`) and the record field each one fills.
//!
//! Labels arrive with `V`, `/` or `／` between alternatives
//! (`车辆识别代号V车架号`, `车辆识别代号/车架号`), sometimes with a printed
//! number in front (`9.车辆识别代号`), and in a few spellings
//! (`制造厂名称` / `制造名称`, `登记编号` / `登记证书编号`). [`Label::lookup`]
//! folds all of that.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A field of the certificate as the API labels it, in the API's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Label {
    /// 登记编号: the certificate number.
    CertificateNumber,
    /// 机动车所有人V身份证名称V号码: owner, ID type and ID number.
    Owner,
    /// 登记机关.
    RegistrationAuthority,
    /// 登记日期.
    RegistrationDate,
    /// 机动车登记编号: the plate number.
    PlateNumber,
    /// 车辆类型.
    VehicleType,
    /// 车辆品牌.
    Brand,
    /// 车辆型号.
    Model,
    /// 车身颜色.
    BodyColor,
    /// 车辆识别代号V车架号: the VIN.
    Vin,
    /// 国产V进口.
    Origin,
    /// 发动机号.
    EngineNumber,
    /// 发动机型号.
    EngineModel,
    /// 燃料种类.
    FuelType,
    /// 排量V功率.
    DisplacementPower,
    /// 制造厂名称.
    Manufacturer,
    /// 转向形式.
    Steering,
    /// 轮距.
    Track,
    /// 轮胎数.
    TireCount,
    /// 轮胎规格.
    TireSpec,
    /// 钢板弹簧片数.
    LeafSpringCount,
    /// 轴距.
    Wheelbase,
    /// 轴数.
    AxleCount,
    /// 外廓尺寸.
    OverallDimensions,
    /// 货厢内部尺寸.
    CargoDimensions,
    /// 总质量.
    GrossMass,
    /// 核定载质量.
    RatedLoad,
    /// 核定载客.
    RatedPassengers,
    /// 准牵引总质量.
    TowingMass,
    /// 驾驶室载客.
    CabPassengers,
    /// 使用性质.
    UseCharacter,
    /// 车辆获得方式.
    AcquisitionMethod,
    /// 车辆出厂日期.
    ManufactureDate,
    /// 发证机关章.
    IssuingAuthority,
    /// 发证日期.
    IssueDate,
}

/// (label, the label as the API document writes it, the record keys it fills,
/// other spellings with separators already removed).
const TABLE: &[(Label, &str, &[&str], &[&str])] = &[
    (
        Label::CertificateNumber,
        "登记编号",
        &["certificate_number"],
        &["登记证书编号", "机动车登记证书编号", "证书编号"],
    ),
    (
        Label::Owner,
        "机动车所有人V身份证名称V号码",
        &["owner"],
        &[
            "机动车所有人身份证明名称号码",
            "机动车所有人",
            "所有人身份证明名称号码",
        ],
    ),
    (
        Label::RegistrationAuthority,
        "登记机关",
        &["registration_authority"],
        &[],
    ),
    (
        Label::RegistrationDate,
        "登记日期",
        &["registration_date"],
        &[],
    ),
    (
        Label::PlateNumber,
        "机动车登记编号",
        &["plate_number"],
        &["号牌号码"],
    ),
    (Label::VehicleType, "车辆类型", &["vehicle_type"], &[]),
    (Label::Brand, "车辆品牌", &["brand"], &[]),
    (Label::Model, "车辆型号", &["model"], &[]),
    (Label::BodyColor, "车身颜色", &["body_color"], &[]),
    (
        Label::Vin,
        "车辆识别代号V车架号",
        &["vin"],
        &["车辆识别代号", "车架号"],
    ),
    (Label::Origin, "国产V进口", &["origin"], &[]),
    (
        Label::EngineNumber,
        "发动机号",
        &["engine_number"],
        &["发动机号码"],
    ),
    (Label::EngineModel, "发动机型号", &["engine_model"], &[]),
    (Label::FuelType, "燃料种类", &["fuel_type"], &[]),
    (
        Label::DisplacementPower,
        "排量V功率",
        &["displacement_ml", "power_kw"],
        &[],
    ),
    (
        Label::Manufacturer,
        "制造厂名称",
        &["manufacturer"],
        &["制造名称", "制造厂"],
    ),
    (Label::Steering, "转向形式", &["steering"], &[]),
    (
        Label::Track,
        "轮距",
        &["track_front_mm", "track_rear_mm"],
        &[],
    ),
    (Label::TireCount, "轮胎数", &["tire_count"], &[]),
    (Label::TireSpec, "轮胎规格", &["tire_spec"], &[]),
    (
        Label::LeafSpringCount,
        "钢板弹簧片数",
        &["leaf_spring_count"],
        &[],
    ),
    (Label::Wheelbase, "轴距", &["wheelbase_mm"], &[]),
    (Label::AxleCount, "轴数", &["axle_count"], &[]),
    (
        Label::OverallDimensions,
        "外廓尺寸",
        &["overall_dimensions_mm"],
        &[],
    ),
    (
        Label::CargoDimensions,
        "货厢内部尺寸",
        &["cargo_dimensions_mm"],
        &[],
    ),
    (Label::GrossMass, "总质量", &["gross_mass_kg"], &[]),
    (Label::RatedLoad, "核定载质量", &["rated_load_kg"], &[]),
    (
        Label::RatedPassengers,
        "核定载客",
        &["rated_passengers"],
        &[],
    ),
    (Label::TowingMass, "准牵引总质量", &["towing_mass_kg"], &[]),
    (Label::CabPassengers, "驾驶室载客", &["cab_passengers"], &[]),
    (Label::UseCharacter, "使用性质", &["use_character"], &[]),
    (
        Label::AcquisitionMethod,
        "车辆获得方式",
        &["acquisition_method"],
        &[],
    ),
    (
        Label::ManufactureDate,
        "车辆出厂日期",
        &["manufacture_date"],
        &[],
    ),
    (
        Label::IssuingAuthority,
        "发证机关章",
        &["issuing_authority"],
        &["发证机关"],
    ),
    (Label::IssueDate, "发证日期", &["issue_date"], &[]),
];

impl Label {
    /// Every label, in the API's order.
    pub const ALL: [Label; 35] = [
        Label::CertificateNumber,
        Label::Owner,
        Label::RegistrationAuthority,
        Label::RegistrationDate,
        Label::PlateNumber,
        Label::VehicleType,
        Label::Brand,
        Label::Model,
        Label::BodyColor,
        Label::Vin,
        Label::Origin,
        Label::EngineNumber,
        Label::EngineModel,
        Label::FuelType,
        Label::DisplacementPower,
        Label::Manufacturer,
        Label::Steering,
        Label::Track,
        Label::TireCount,
        Label::TireSpec,
        Label::LeafSpringCount,
        Label::Wheelbase,
        Label::AxleCount,
        Label::OverallDimensions,
        Label::CargoDimensions,
        Label::GrossMass,
        Label::RatedLoad,
        Label::RatedPassengers,
        Label::TowingMass,
        Label::CabPassengers,
        Label::UseCharacter,
        Label::AcquisitionMethod,
        Label::ManufactureDate,
        Label::IssuingAuthority,
        Label::IssueDate,
    ];

    fn row(
        self,
    ) -> &'static (
        Label,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    ) {
        // TABLE is in the same order as the enum.
        &TABLE[self as usize]
    }

    /// The label as the API document writes it (`"车辆识别代号V车架号"`).
    pub fn api_label(self) -> &'static str {
        self.row().1
    }

    /// The record keys this label fills: one, or two for 排量V功率 and 轮距.
    pub fn keys(self) -> &'static [&'static str] {
        self.row().2
    }

    /// The first record key (the one issues about the whole label name).
    pub fn key(self) -> &'static str {
        self.row().2[0]
    }

    /// The label of a record key (`"vin"` → [`Label::Vin`]).
    pub fn from_key(key: &str) -> Option<Label> {
        TABLE
            .iter()
            .find(|row| row.2.contains(&key))
            .map(|row| row.0)
    }

    /// The label a `desc` text names, or `None` for a label this crate does not know.
    ///
    /// Ignores white space, full-width forms, a leading printed number
    /// (`"9."`, `"9、"`), and the separators `V`, `v`, `/`, `／`, `|`, `、`.
    pub fn lookup(desc: &str) -> Option<Label> {
        let index = index();
        if let Some(&label) = index.get(desc) {
            return Some(label);
        }
        let folded = fold(desc);
        if folded.is_empty() {
            return None;
        }
        index.get(folded.as_str()).copied()
    }

    /// [`Label::lookup`], trying first whether `desc` is the document's
    /// label at `hint` in the API's order: answers list their fields in that
    /// order, so most labels are found by one comparison.
    pub(crate) fn lookup_from(desc: &str, hint: usize) -> Option<Label> {
        match TABLE.get(hint) {
            Some((label, api, _, _)) if *api == desc => Some(*label),
            _ => Label::lookup(desc),
        }
    }

    /// Every record key with the label that fills it, in key order.
    pub(crate) fn keys_in_order() -> &'static [(&'static str, Label)] {
        static KEYS: OnceLock<Vec<(&'static str, Label)>> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut keys: Vec<(&'static str, Label)> = TABLE
                .iter()
                .flat_map(|(label, _, keys, _)| keys.iter().map(move |key| (*key, *label)))
                .collect();
            keys.sort_unstable();
            keys
        })
    }
}

/// Every spelling, as printed and folded, to its label; built once.
fn index() -> &'static HashMap<String, Label> {
    static INDEX: OnceLock<HashMap<String, Label>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map = HashMap::new();
        for (label, api, _, aliases) in TABLE {
            map.insert((*api).to_owned(), *label);
            map.insert(fold(api), *label);
            for alias in *aliases {
                map.insert(fold(alias), *label);
            }
        }
        map
    })
}

/// A label without spaces, separators and leading numbering.
fn fold(desc: &str) -> String {
    let s = crate::text::compact_cow(desc);
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let s = s.trim_start_matches(['.', '、', ':', '：', ')']);
    s.chars()
        .filter(|c| !matches!(c, 'V' | 'v' | '/' | '|' | '、' | ':' | '：' | '\\'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_enum() {
        for (i, l) in Label::ALL.iter().enumerate() {
            assert_eq!(TABLE[i].0, *l);
            assert_eq!(Label::lookup(l.api_label()), Some(*l));
            for hint in 0..=TABLE.len() {
                assert_eq!(Label::lookup_from(l.api_label(), hint), Some(*l));
            }
            for k in l.keys() {
                assert_eq!(Label::from_key(k), Some(*l));
            }
        }
        assert_eq!(TABLE.len(), Label::ALL.len());
        let keys = Label::keys_in_order();
        assert!(keys.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            keys.len(),
            TABLE.iter().map(|row| row.2.len()).sum::<usize>()
        );
    }

    #[test]
    fn separators_and_aliases() {
        for (desc, want) in [
            ("车辆识别代号/车架号", Label::Vin),
            ("车辆识别代号／车架号", Label::Vin),
            ("机动车所有人/身份证明名称/号码", Label::Owner),
            ("1.机动车所有人/身份证明名称/号码", Label::Owner),
            ("登记证书编号", Label::CertificateNumber),
            ("制造名称", Label::Manufacturer),
            ("国产/进口", Label::Origin),
            (" 排量 / 功率 ", Label::DisplacementPower),
            ("34.发证日期", Label::IssueDate),
        ] {
            assert_eq!(Label::lookup(desc), Some(want), "{desc}");
        }
    }

    #[test]
    fn unknown_labels() {
        for desc in ["", "  ", "备注", "车辆", "V", "轴"] {
            assert_eq!(Label::lookup(desc), None, "{desc}");
        }
    }
}
