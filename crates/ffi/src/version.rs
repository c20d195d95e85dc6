//! The library's version.

use std::ffi::{CStr, c_char};

use crate::boundary::value_call;

/// The library's version as a static string, "MAJOR.MINOR.PATCH" (compare
/// with the header's REGCERT_VERSION to detect a mismatched library). Never
/// NULL, never free it.
#[unsafe(no_mangle)]
pub extern "C" fn regcert_version() -> *const c_char {
    value_call(VERSION.as_ptr(), || Ok(VERSION.as_ptr()))
}

/// The package version, NUL-terminated.
const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"unknown",
    };
