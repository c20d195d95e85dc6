//! The words and counts each field can hold: closed vocabularies, brands,
//! counts of tyres, axles and seats.

use regcert_model::Label;
use regcert_model::{FuelType, Origin, Steering, UseCharacter, Vocabulary};

use super::brands;
use super::colors;
use super::vehicle_types;

/// Every word a field of a closed vocabulary can hold, `None` for a field
/// without one. Body colors are one color or two joined by `/`. Brands are
/// no closed list: those of [`brands`] name a reading only when the
/// recognizer's probabilities point to one (see `rescore`).
pub(crate) fn vocabulary_of(label: Label) -> Option<Vec<String>> {
    let owned = |words: Vec<&str>| words.into_iter().map(str::to_owned).collect();
    Some(match label {
        Label::FuelType => owned(vocabulary::<FuelType>()),
        Label::UseCharacter => owned(vocabulary::<UseCharacter>()),
        Label::Origin => owned(vocabulary::<Origin>()),
        Label::Steering => owned(vocabulary::<Steering>()),
        Label::AcquisitionMethod => owned(ACQUISITION.to_vec()),
        Label::VehicleType => vehicle_types::vehicle_types(),
        Label::BodyColor => colors::color_words(),
        Label::Brand => brands::brands(),
        _ => return None,
    })
}

/// Counts printed as a bare number (tyres, axles): at most this many.
const MAX_COUNT: u32 = 24;

/// Seats printed as `N人`: at most this many.
const MAX_SEATS: u32 = 60;

/// Every value a count field can hold (`1` to `24` tyres or axles, `1人`
/// to `60人`), `None` for other fields.
pub(crate) fn counts_of(label: Label) -> Option<Vec<String>> {
    match label {
        Label::TireCount | Label::AxleCount => {
            Some((1..=MAX_COUNT).map(|n| n.to_string()).collect())
        }
        Label::RatedPassengers | Label::CabPassengers => {
            Some((1..=MAX_SEATS).map(|n| format!("{n}人")).collect())
        }
        _ => None,
    }
}

/// How a vehicle is acquired, as GA 24 prints it (车辆获得方式).
pub(super) const ACQUISITION: &[&str] = &[
    "购买",
    "境内自带",
    "境外自带",
    "赠予",
    "继承",
    "调拨",
    "中奖",
    "仲裁裁决",
    "法院调解",
    "法院裁定",
    "法院判决",
    "资产重组",
    "资产整体买卖",
    "协议抵偿债务",
    "调解",
    "其他",
];

/// Every printed spelling of a vocabulary.
pub(super) fn vocabulary<T: Vocabulary>() -> Vec<&'static str> {
    T::ALL
        .iter()
        .flat_map(|v| std::iter::once(v.label_zh()).chain(v.aliases().iter().copied()))
        .collect()
}
