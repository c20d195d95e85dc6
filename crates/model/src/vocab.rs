//! Closed vocabularies printed on the certificate: fuel, use character,
//! origin, steering. Each enum carries its table (key, GA 24 letter code,
//! Chinese text, aliases), and [`Coded`] keeps text outside the table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::compact_cow;

/// A vocabulary whose values have a stable key and a Chinese text.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value, in table order.
    const ALL: &'static [Self];
    /// The record's key, such as `"gasoline"`.
    fn key(self) -> &'static str;
    /// The text printed on the certificate, such as `"汽油"`.
    fn label_zh(self) -> &'static str;
    /// Other printed spellings that mean the same value.
    fn aliases(self) -> &'static [&'static str];

    /// The value whose record key is `key`.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == key)
    }

    /// The value printed as `text`: an exact match of the Chinese text or an
    /// alias, after removing white space. Never a substring match.
    fn from_zh(text: &str) -> Option<Self> {
        let t = compact_cow(text);
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.label_zh() == t || v.aliases().contains(&&*t))
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$doc:meta])* $variant:ident = ($key:literal, $code:literal, $zh:literal, [$($alias:literal),*]), )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$doc])* $variant, )*
        }

        impl $name {
            /// The letter code of GA 24.
            pub fn code(self) -> char {
                match self { $( $name::$variant => $code, )* }
            }

            /// The value of a GA 24 letter code.
            pub fn from_code(code: char) -> Option<Self> {
                <Self as Vocabulary>::ALL.iter().copied().find(|v| v.code() == code)
            }
        }

        impl Vocabulary for $name {
            const ALL: &'static [Self] = &[ $( $name::$variant, )* ];
            fn key(self) -> &'static str {
                match self { $( $name::$variant => $key, )* }
            }
            fn label_zh(self) -> &'static str {
                match self { $( $name::$variant => $zh, )* }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $( $name::$variant => &[$($alias),*], )* }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            /// Reads a record key (`"gasoline"`) or a printed text (`"汽油"`).
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                <Self as Vocabulary>::from_key(s)
                    .or_else(|| <Self as Vocabulary>::from_zh(s))
                    .ok_or(UnknownValue)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

/// A text is not in the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownValue;

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("value not in the vocabulary")
    }
}

impl std::error::Error for UnknownValue {}

vocabulary! {
    /// 燃料种类, GA 24.9.
    FuelType {
        /// 汽油 (A).
        Gasoline = ("gasoline", 'A', "汽油", []),
        /// 柴油 (B).
        Diesel = ("diesel", 'B', "柴油", []),
        /// 电 / 纯电动 (C).
        Electric = ("electric", 'C', "电", ["纯电动", "纯电"]),
        /// 混合油 (D): a fuel mixture, not a hybrid drive.
        MixedOil = ("mixed_oil", 'D', "混合油", []),
        /// 天然气 (E).
        NaturalGas = ("natural_gas", 'E', "天然气", []),
        /// 液化石油气 (F).
        Lpg = ("lpg", 'F', "液化石油气", []),
        /// 甲醇 (L).
        Methanol = ("methanol", 'L', "甲醇", []),
        /// 乙醇 (M).
        Ethanol = ("ethanol", 'M', "乙醇", []),
        /// 太阳能 (N).
        Solar = ("solar", 'N', "太阳能", []),
        /// 混合动力 / 油电混合 (O).
        Hybrid = ("hybrid", 'O', "混合动力", ["油电混合", "油电混合动力"]),
        /// 氢 (P).
        Hydrogen = ("hydrogen", 'P', "氢", ["氢气", "氢燃料"]),
        /// 生物燃料 (Q).
        Biofuel = ("biofuel", 'Q', "生物燃料", []),
        /// 无 (Y): no fuel. Its record value is `"none"`; the variant is
        /// named apart from `Option::None`.
        NoFuel = ("none", 'Y', "无", []),
        /// 其他 (Z).
        Other = ("other", 'Z', "其他", ["其它"]),
    }
}

vocabulary! {
    /// 使用性质, GA 24.3. School buses (幼儿/小学生/中小学生/其他校车) are one
    /// value, [`UseCharacter::SchoolBus`], whose `code()` is the first of
    /// their letters, `O`.
    UseCharacter {
        /// 非营运 (A).
        NonCommercial = ("non_commercial", 'A', "非营运", ["非运营"]),
        /// 公路客运 (B).
        HighwayPassenger = ("highway_passenger", 'B', "公路客运", []),
        /// 公交客运 (C).
        Bus = ("bus", 'C', "公交客运", []),
        /// 出租客运 (D).
        Taxi = ("taxi", 'D', "出租客运", []),
        /// 旅游客运 (E).
        Tourism = ("tourism", 'E', "旅游客运", []),
        /// 货运 (F).
        Freight = ("freight", 'F', "货运", []),
        /// 租赁 (G).
        Rental = ("rental", 'G', "租赁", []),
        /// 警用 (H).
        Police = ("police", 'H', "警用", []),
        /// 消防 (I).
        Fire = ("fire", 'I', "消防", []),
        /// 救护 (J).
        Ambulance = ("ambulance", 'J', "救护", []),
        /// 工程救险 (K).
        EngineeringRescue = ("engineering_rescue", 'K', "工程救险", ["工程抢险"]),
        /// 营转非 (L).
        CommercialToNon = ("commercial_to_non", 'L', "营转非", []),
        /// 出租转非 (M).
        TaxiToNon = ("taxi_to_non", 'M', "出租转非", ["出租营转非"]),
        /// 教练 (N).
        DrivingSchool = ("driving_school", 'N', "教练", []),
        /// 校车: 幼儿校车 (O), 小学生校车 (P), 其他校车 (Q), 中小学生校车 (S).
        SchoolBus = ("school_bus", 'O', "校车", ["幼儿校车", "小学生校车", "中小学生校车", "其他校车", "初中生校车"]),
        /// 危化品运输 (R).
        Hazmat = ("hazmat", 'R', "危化品运输", ["危险化学品运输"]),
        /// 预约出租客运 (T).
        RideHailing = ("ride_hailing", 'T', "预约出租客运", []),
        /// 预约出租转非 (U).
        RideHailingToNon = ("ride_hailing_to_non", 'U', "预约出租转非", []),
        /// 其他 (Z).
        Other = ("other", 'Z', "其他", ["其它"]),
    }
}

vocabulary! {
    /// 国产/进口.
    Origin {
        /// 国产 (A).
        Domestic = ("domestic", 'A', "国产", []),
        /// 进口 (B).
        Imported = ("imported", 'B', "进口", []),
    }
}

vocabulary! {
    /// 转向形式.
    Steering {
        /// 方向盘 (A).
        Wheel = ("wheel", 'A', "方向盘", []),
        /// 方向把 (B).
        Handlebar = ("handlebar", 'B', "方向把", []),
    }
}

/// A vocabulary value, or the printed text when it is not in the table.
///
/// Serializes as the value's key (`"gasoline"`) or as the text itself
/// (`"汽油/电"`); the record then also carries an `unknown_value` issue.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Coded<T> {
    /// A value of the table.
    Known(T),
    /// Text that is not in the table, kept as printed.
    Other(String),
}

impl<T: Vocabulary> Coded<T> {
    /// Reads printed text: [`Coded::Known`] on an exact match, else [`Coded::Other`].
    pub fn from_printed(text: &str) -> Coded<T> {
        match T::from_zh(text) {
            Some(v) => Coded::Known(v),
            None => Coded::Other(text.trim().to_owned()),
        }
    }

    /// The table value, if known.
    pub fn known(&self) -> Option<T> {
        match self {
            Coded::Known(v) => Some(*v),
            Coded::Other(_) => None,
        }
    }

    /// The key of a known value, or the kept text.
    pub fn as_str(&self) -> &str {
        match self {
            Coded::Known(v) => v.key(),
            Coded::Other(s) => s,
        }
    }
}

impl<T: Vocabulary> Serialize for Coded<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de, T: Vocabulary> Deserialize<'de> for Coded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match T::from_key(&s) {
            Some(v) => Coded::Known(v),
            None => Coded::Other(s),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_carry_codes_and_texts() {
        assert_eq!(FuelType::Gasoline.code(), 'A');
        assert_eq!(FuelType::Gasoline.label_zh(), "汽油");
        assert_eq!(FuelType::from_code('O'), Some(FuelType::Hybrid));
        assert_eq!("diesel".parse(), Ok(FuelType::Diesel));
        assert_eq!("柴油".parse(), Ok(FuelType::Diesel));
        assert_eq!(UseCharacter::Hazmat.code(), 'R');
        assert_eq!(Origin::Imported.key(), "imported");
        assert_eq!(Steering::from_zh("方向把"), Some(Steering::Handlebar));
    }

    #[test]
    fn keys_and_codes_are_unique() {
        fn check<T: Vocabulary + PartialEq + fmt::Debug>() {
            for (i, a) in T::ALL.iter().enumerate() {
                for b in &T::ALL[i + 1..] {
                    assert_ne!(a.key(), b.key());
                    assert_ne!(a.label_zh(), b.label_zh());
                }
                assert_eq!(T::from_key(a.key()), Some(*a));
                assert_eq!(T::from_zh(a.label_zh()), Some(*a));
            }
        }
        check::<FuelType>();
        check::<UseCharacter>();
        check::<Origin>();
        check::<Steering>();
    }

    #[test]
    fn never_matches_by_substring() {
        assert_eq!(FuelType::from_zh("混合油"), Some(FuelType::MixedOil));
        assert_eq!(FuelType::from_zh("混合动力"), Some(FuelType::Hybrid));
        assert_eq!(FuelType::from_zh("汽油/电"), None);
        assert_eq!(FuelType::from_zh("汽油混合动力"), None);
        assert_eq!(UseCharacter::from_zh("非营运车"), None);
    }

    #[test]
    fn aliases() {
        assert_eq!(
            UseCharacter::from_zh("非运营"),
            Some(UseCharacter::NonCommercial)
        );
        assert_eq!(
            UseCharacter::from_zh("工程抢险"),
            Some(UseCharacter::EngineeringRescue)
        );
        assert_eq!(
            UseCharacter::from_zh("出租营转非"),
            Some(UseCharacter::TaxiToNon)
        );
        assert_eq!(
            UseCharacter::from_zh("初中生校车"),
            Some(UseCharacter::SchoolBus)
        );
        assert_eq!(
            UseCharacter::from_zh("幼儿校车"),
            Some(UseCharacter::SchoolBus)
        );
        assert_eq!(FuelType::from_zh("纯电动"), Some(FuelType::Electric));
        assert_eq!(FuelType::from_zh("油电混合"), Some(FuelType::Hybrid));
    }

    #[test]
    fn coded_serde() {
        let k: Coded<FuelType> = Coded::from_printed("汽油");
        assert_eq!(serde_json::to_string(&k).unwrap(), "\"gasoline\"");
        let o: Coded<FuelType> = Coded::from_printed(" 汽油/电 ");
        assert_eq!(serde_json::to_string(&o).unwrap(), "\"汽油/电\"");
        let back: Coded<FuelType> = serde_json::from_str("\"gasoline\"").unwrap();
        assert_eq!(back, k);
        let back: Coded<FuelType> = serde_json::from_str("\"汽油/电\"").unwrap();
        assert_eq!(back, o);
    }
}
