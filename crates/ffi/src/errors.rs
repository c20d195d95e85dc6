//! How C learns what went wrong: the static text of a status, and the
//! detail of this thread's last failed call (as libgit2's `git_error_last()`).

use std::ffi::{c_char, c_uint};

use crate::boundary::{last_api_code, last_message, value_call};
use crate::status::regcert_status;

/// A status number as C passes it: any `unsigned int`, also one no status has.
///
/// Exported under the name `regcert_status`, so the header shows the enum
/// while the library never reads an out-of-range value as the Rust enum.
#[allow(non_camel_case_types)]
pub type regcert_status_number = c_uint;

/// A short, static English description of `status` ("ok", "timed out", ...).
///
/// Never NULL. An unknown number gives "unknown status". The string is
/// static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn regcert_status_str(status: regcert_status_number) -> *const c_char {
    value_call(c"unknown status".as_ptr(), || {
        Ok(regcert_status::from_number(status)
            .map_or(c"unknown status", regcert_status::text)
            .as_ptr())
    })
}

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

#[cfg(test)]
mod tests {
    use std::ffi::CStr;

    use super::*;

    fn text(p: *const c_char) -> &'static CStr {
        // SAFETY: these functions never return NULL, and their strings are
        // static or live until the thread's next failure.
        unsafe { CStr::from_ptr(p) }
    }

    #[test]
    fn a_status_number_gives_its_text_and_an_unknown_one_is_safe() {
        assert_eq!(text(regcert_status_str(6)), c"timed out");
        assert_eq!(text(regcert_status_str(0)), c"ok");
        assert_eq!(text(regcert_status_str(15)), c"unknown status");
        assert_eq!(text(regcert_status_str(u32::MAX)), c"unknown status");
    }
}
