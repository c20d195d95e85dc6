//! The library's version and the thread's last failure.

use std::ffi::{CStr, c_char};

use crate::boundary::{last_api_code, last_message, value_call};

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

/// The message of this thread's last failed call, "" when none failed yet.
///
/// Never NULL. Owned by the library: valid until the next failing call on
/// the same thread; copy it to keep it. A successful call leaves it as it
/// was. Never contains the API key.
#[unsafe(no_mangle)]
pub extern "C" fn regcert_last_error_message() -> *const c_char {
    value_call(c"".as_ptr(), || Ok(last_message()))
}

/// The API's error_code (10001, 270903, ...) when this thread's last failed
/// call returned REGCERT_STATUS_API; 0 otherwise.
#[unsafe(no_mangle)]
pub extern "C" fn regcert_last_api_error_code() -> i32 {
    value_call(0, || Ok(last_api_code()))
}
