//! The fuzzed entry points of regcert, one function per target, each
//! taking the raw bytes of one input and panicking only when an invariant
//! breaks (a panic of the code under test is a panic here too).
//!
//! `fuzz/` runs them under libFuzzer (`make fuzz`, nightly); the test of
//! this crate runs them on stable over the committed seeds and a fixed
//! sequence of mutations of them, so a regression shows on every change.

mod engine;
mod ffi;
mod server;

pub use engine::{engine_decode, engine_extract, text_lines};
pub use ffi::ffi_parse;
pub use server::server_request;

/// One fuzz target: it takes an input's bytes and panics on a fault.
pub type Target = fn(&[u8]);

/// The targets by name, as `fuzz/fuzz_targets/NAME.rs` and the seed folders
/// `fuzz/seeds/NAME/` call them.
pub const TARGETS: [(&str, Target); 5] = [
    ("model_parse", model_parse),
    ("engine_decode", engine_decode),
    ("engine_extract", engine_extract),
    ("server_request", server_request),
    ("ffi_parse", ffi_parse),
];

/// `regcert_model::parse`: any bytes give a record or a typed error; a
/// record serializes, and its JSON reads back to the same record.
pub fn model_parse(data: &[u8]) {
    if let Ok(record) = regcert_model::parse(data) {
        let json = serde_json::to_string(&record).expect("a record serializes");
        let back: regcert_model::VehicleRegistration =
            serde_json::from_str(&json).expect("a record's JSON reads back");
        assert_eq!(back, record);
    }
}
