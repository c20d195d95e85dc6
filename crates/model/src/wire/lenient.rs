//! The lenient readers of the answer's fields: what each accepts is said in
//! [`super`]. Generic over owned and borrowed wire types, so that
//! [`super::Response`] and the borrowed reading behind [`crate::parse`] accept
//! exactly the same answers.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// Visitor methods that take a JSON value of each named kind as `$value`,
/// reading past its content (arrays and objects to their end): how the
/// lenient readers below ignore what they do not use.
macro_rules! skip_kinds {
    ($value:expr; $($kind:ident),+ $(,)?) => { $(skip_kinds!(@one $value; $kind);)+ };
    (@one $value:expr; unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one $value:expr; none) => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one $value:expr; bool) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one $value:expr; numbers) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one $value:expr; str) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
    (@one $value:expr; seq) => {
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok($value)
        }
    };
    (@one $value:expr; map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok($value)
        }
    };
}

/// A string, or a number/bool written as text, or `null`; borrowed from
/// the input when the JSON string has no escapes.
pub(super) fn cow_string<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Cow<'de, str>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number or null")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Borrowed(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(Cow::Owned(v.to_string())))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
        skip_kinds!(None; unit, none, seq, map);
    }
    d.deserialize_any(V)
}

/// [`cow_string`], owned.
pub(super) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    cow_string(d).map(|s| s.map(Cow::into_owned))
}

/// An integer, a string of digits, or `null`/missing; anything else (a
/// fraction, an exponent, a sign in a string) is a malformed answer.
pub(super) fn code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, a numeric string or null")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom("error_code out of range"))
        }
        /// `1.0`, `-0`, `1e-999`: not what the API sends. Read as integers
        /// they would turn into a code (or 0, success) the API never gave.
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom("error_code is not an integer"))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(E::custom("error_code is not a string of digits"));
            }
            t.parse::<i64>()
                .map(Some)
                .map_err(|_| E::custom("error_code out of range"))
        }
        skip_kinds!(None; unit, none);
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(V)
        }
    }
    d.deserialize_any(V)
}

/// An object, or `null` / `""` / any other non-object standing for "no result".
pub(super) fn result<'de, D, R>(d: D) -> Result<Option<R>, D::Error>
where
    D: Deserializer<'de>,
    R: Deserialize<'de>,
{
    struct V<R>(PhantomData<R>);
    impl<'de, R: Deserialize<'de>> Visitor<'de> for V<R> {
        type Value = Option<R>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a result object, an empty string or null")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            R::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        skip_kinds!(None; str, unit, none, bool, numbers, seq);
    }
    d.deserialize_any(V(PhantomData))
}

/// An array of entries (non-object items skipped), or `null`.
pub(super) fn entries<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    /// An array item: an entry when it is an object, otherwise skipped.
    struct Item<T>(Option<T>);
    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Item<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Item<T>, D::Error> {
            struct IV<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for IV<T> {
                type Value = Item<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an entry object")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item<T>, A::Error> {
                    T::deserialize(de::value::MapAccessDeserializer::new(map))
                        .map(|e| Item(Some(e)))
                }
                skip_kinds!(Item(None); seq, str, unit, bool, numbers);
            }
            d.deserialize_any(IV(PhantomData))
        }
    }
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of entries or null")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(40).min(256));
            while let Some(Item(item)) = seq.next_element::<Item<T>>()? {
                out.extend(item);
            }
            Ok(out)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        skip_kinds!(Vec::new(); unit, none, str, map);
    }
    d.deserialize_any(V(PhantomData))
}
