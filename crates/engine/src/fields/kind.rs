//! Values whose shape belongs to a few fields alone: a tyre size, three
//! dimensions, a mass in kilograms, a date, a VIN, front and rear track,
//! displacement and power, an authority's name, a count of people, a word of
//! one closed vocabulary (`国产`, `柴油`, `红`). Such a value goes to one of
//! its fields when it lies between two labels (see `assign::label_beside`).

use regcert_model::Label;
use regcert_model::values::{self, compact};

use super::authority;
use super::repair::vocabulary_of;

/// Fields of a closed vocabulary whose words name them, each alone: a word
/// of one of these lists is that field's value (brands are an open list;
/// a vehicle type's words hold no other field's word).
const WORD_FIELDS: [Label; 7] = [
    Label::Origin,
    Label::FuelType,
    Label::UseCharacter,
    Label::Steering,
    Label::AcquisitionMethod,
    Label::BodyColor,
    Label::VehicleType,
];

/// The fields `text` can only be the value of, when its shape says so.
pub(super) fn only_for(text: &str) -> Option<&'static [Label]> {
    let t = compact(text);
    let lower = t.to_lowercase();
    let ok = |parsed: bool| parsed.then_some(());
    if lower.contains("kw") || lower.contains("ml") {
        let (d, p) = values::displacement_power(&t);
        ok(matches!((d, p), (Ok(Some(_)), Ok(Some(_)))))?;
        return Some(&[Label::DisplacementPower]);
    }
    if is_tire_size(&t) {
        return Some(&[Label::TireSpec]);
    }
    if matches!(values::dimensions(&t), Ok(Some(_))) {
        return Some(&[Label::OverallDimensions, Label::CargoDimensions]);
    }
    if lower.ends_with("kg") && matches!(values::kilograms(&t), Ok(Some(_))) {
        return Some(&[Label::GrossMass, Label::RatedLoad, Label::TowingMass]);
    }
    if t.chars().count() >= 8 && matches!(values::date(&t), Ok(Some(_))) {
        return Some(&[
            Label::RegistrationDate,
            Label::ManufactureDate,
            Label::IssueDate,
        ]);
    }
    if t.len() == 17 && matches!(values::vin(&t), Ok(Some(_))) {
        return Some(&[Label::Vin]);
    }
    if t.starts_with('前') && t.contains('后') && matches!(values::track(&t), Ok(Some(_))) {
        return Some(&[Label::Track]);
    }
    if authority::printed(&t).is_some() {
        return Some(&[Label::RegistrationAuthority, Label::IssuingAuthority]);
    }
    if let Some(n) = t.strip_suffix('人')
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
    {
        return Some(&[Label::RatedPassengers, Label::CabPassengers]);
    }
    word_field(&t)
}

/// The one closed-vocabulary field `t` is a word of.
fn word_field(t: &str) -> Option<&'static [Label]> {
    let mut of = WORD_FIELDS
        .iter()
        .filter(|&&label| vocabulary_of(label).is_some_and(|words| words.iter().any(|w| w == t)));
    let label = of.next()?;
    of.next().is_none().then(|| std::slice::from_ref(label))
}

/// A tyre size: `225/65R17 102H`, `11R22.5 16PR`: an `R` between digits,
/// with at least four digits in all.
fn is_tire_size(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    let r = (1..c.len().saturating_sub(1)).any(|i| {
        matches!(c[i], 'R' | 'r') && c[i - 1].is_ascii_digit() && c[i + 1].is_ascii_digit()
    });
    r && c.iter().filter(|c| c.is_ascii_digit()).count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_name_their_fields() {
        let first = |t: &str| only_for(t).and_then(|l| l.first().copied());
        assert_eq!(first("225/65R17 102H"), Some(Label::TireSpec));
        assert_eq!(first("11R22.5 16PR"), Some(Label::TireSpec));
        assert_eq!(
            first("长4855 宽1772 高1602"),
            Some(Label::OverallDimensions)
        );
        assert_eq!(first("1698kg"), Some(Label::GrossMass));
        assert_eq!(first("2018-07-22"), Some(Label::RegistrationDate));
        assert_eq!(first("LVV5SV1C1JN641206"), Some(Label::Vin));
        assert_eq!(first("前1597mm后1585mm"), Some(Label::Track));
        assert_eq!(first("1496ml/129kw"), Some(Label::DisplacementPower));
        assert_eq!(first("3人"), Some(Label::RatedPassengers));
        assert_eq!(first("国产"), Some(Label::Origin));
        assert_eq!(first("柴油"), Some(Label::FuelType));
        assert_eq!(first("货运"), Some(Label::UseCharacter));
        assert_eq!(first("方向盘"), Some(Label::Steering));
        assert_eq!(first("赠予"), Some(Label::AcquisitionMethod));
        assert_eq!(first("红"), Some(Label::BodyColor));
        assert_eq!(first("重型半挂牵引车"), Some(Label::VehicleType));
        assert_eq!(
            first("石家庄市公安局交通管理局车辆管理所"),
            Some(Label::RegistrationAuthority)
        );
    }

    #[test]
    fn other_text_and_parts_of_values_are_left_to_geometry() {
        for t in [
            "4",
            "2802",
            "奇瑞牌",
            "8902x2382x",
            "3386mm",
            "SQR6267H",
            "人",
            "重型半挂",
        ] {
            assert_eq!(only_for(t), None, "{t}");
        }
    }
}
