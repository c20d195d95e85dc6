//! The parsers and checks of single printed values that the record's
//! normalization is built from, for code that reads certificate text itself
//! (the offline engine does): VINs and their check digit, ID numbers, dates,
//! quantities with their units, and the text folding they all start with.
//!
//! Each parser gives a [`Parsed`]: `Ok(None)` for a blank value, `Ok(Some)`
//! for a value read, `Err(Unparseable)` for text that is not such a value.
//!
//! ```
//! use regcert_model::values;
//! assert_eq!(values::vin(" lsvau2180n2183456 "), Ok(Some("LSVAU2180N2183456".to_owned())));
//! assert_eq!(values::vin_check_digit("LSVAU2180N2183456"), Some('X'));
//! assert!(values::vin_check_digit_valid("LSVAU218XN2183456"));
//! assert_eq!(values::kilograms("1520kg"), Ok(Some(1520)));
//! assert_eq!(values::kilograms("kg"), Ok(None)); // a unit alone is blank
//! ```

pub use crate::dates::date;
pub use crate::id_number::{
    looks_like_resident_id, looks_like_uscc, mask as mask_id, mask_in_text as mask_ids_in_text,
    resident_id_valid, uscc_valid,
};
pub use crate::text::{compact, halfwidth, is_blank, is_blank_text};
pub use crate::units::{
    Parsed, Unparseable, count, dimensions, displacement_power, integer, kilograms, millimetres,
    people, track, wheelbase,
};
pub use crate::vin::{
    check_digit as vin_check_digit, is_check_digit_valid as vin_check_digit_valid, normalize as vin,
};
