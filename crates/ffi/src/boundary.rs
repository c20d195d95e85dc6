//! The one door between C and Rust: every exported body runs inside
//! [`status_call`] or [`value_call`], which catch panics and record the
//! thread's last failure; plus the checked reading of C arguments.

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::status::regcert_status;

/// A failed call: its status, a message for people, the API's code.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: regcert_status,
    pub(crate) message: String,
    pub(crate) api_code: i32,
}

impl Failure {
    /// A failure without an API code.
    pub(crate) fn new(status: regcert_status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
            api_code: 0,
        }
    }

    fn null(what: &str) -> Failure {
        Failure::new(regcert_status::NullArgument, format!("{what} is NULL"))
    }
}

struct LastError {
    message: CString,
    api_code: i32,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError {
        message: CString::default(),
        api_code: 0,
    });
}

/// `text` as a C string, cut at its first NUL (where C would stop reading).
pub(crate) fn c_text(text: String) -> CString {
    let mut bytes = text.into_bytes();
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        bytes.truncate(nul);
    }
    // No NUL is left, so this never falls back.
    CString::new(bytes).unwrap_or_default()
}

/// Records `failure` as this thread's last failure and returns its status.
fn record(failure: Failure) -> regcert_status {
    let message = c_text(failure.message);
    let _ = LAST_ERROR.try_with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = LastError {
                message,
                api_code: failure.api_code,
            };
        }
    });
    failure.status
}

fn panic_failure(payload: &(dyn Any + Send)) -> Failure {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .map_or("unknown payload", |w| w);
    Failure::new(
        regcert_status::Panic,
        format!("internal panic (please report): {what}"),
    )
}

/// Runs the body of a function that returns a status.
pub(crate) fn status_call(body: impl FnOnce() -> Result<(), Failure>) -> regcert_status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => regcert_status::Ok,
        Ok(Err(failure)) => record(failure),
        Err(payload) => record(panic_failure(payload.as_ref())),
    }
}

/// Runs the body of a function that returns a value; `fallback` (NULL, say)
/// on failure or panic, which is then this thread's last failure.
pub(crate) fn value_call<T>(fallback: T, body: impl FnOnce() -> Result<T, Failure>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(failure)) => {
            record(failure);
            fallback
        }
        Err(payload) => {
            record(panic_failure(payload.as_ref()));
            fallback
        }
    }
}

/// Runs a function that must not fail at all (the `_free` functions): a
/// panic is swallowed and recorded.
pub(crate) fn void_call(body: impl FnOnce()) {
    if let Err(payload) = catch_unwind(AssertUnwindSafe(body)) {
        record(panic_failure(payload.as_ref()));
    }
}

/// A NUL-terminated UTF-8 argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(what));
    }
    // SAFETY: not NULL, and NUL-terminated by the caller's contract.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str().map_err(|e| {
        Failure::new(
            regcert_status::InvalidUtf8,
            format!(
                "{what} is not UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// An optional NUL-terminated UTF-8 argument: NULL is `None`.
///
/// # Safety
/// As [`arg_str`].
pub(crate) unsafe fn arg_opt_str<'a>(
    ptr: *const c_char,
    what: &str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(ptr, what) }.map(Some)
    }
}

/// A buffer argument; NULL is accepted only with `len == 0`.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn arg_bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(what))
        };
    }
    // SAFETY: not NULL, `len` readable bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A handle argument.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` that outlives `'a`.
pub(crate) unsafe fn arg_ref<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: a non-NULL handle is live by the caller's contract.
    unsafe { ptr.as_ref() }.ok_or_else(|| Failure::null(what))
}

/// An out-parameter, checked before any work so a NULL one costs nothing.
pub(crate) struct Out<T>(*mut *mut T);

impl<T> Out<T> {
    /// Checks that `ptr` is not NULL.
    pub(crate) fn new(ptr: *mut *mut T, what: &str) -> Result<Out<T>, Failure> {
        if ptr.is_null() {
            Err(Failure::null(what))
        } else {
            Ok(Out(ptr))
        }
    }

    /// Hands `value` to the caller, who owns it from now on.
    ///
    /// # Safety
    /// The pointer given to [`Out::new`] is writable.
    pub(crate) unsafe fn write(self, value: T) {
        // SAFETY: not NULL (checked in `new`) and writable by contract.
        unsafe { self.0.write(Box::into_raw(Box::new(value))) };
    }
}

/// This thread's last failure message; empty when no call failed yet.
pub(crate) fn last_message() -> *const c_char {
    LAST_ERROR
        .try_with(|last| last.try_borrow().map(|l| l.message.as_ptr()).ok())
        .ok()
        .flatten()
        .map_or(c"".as_ptr(), |p| p)
}

/// The API code of this thread's last failure, 0 when it was not an API error.
pub(crate) fn last_api_code() -> i32 {
    LAST_ERROR
        .try_with(|last| last.try_borrow().map_or(0, |l| l.api_code))
        .map_or(0, |code| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> String {
        // SAFETY: last_message() is never NULL and NUL-terminated.
        unsafe { CStr::from_ptr(last_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = status_call(|| panic!("boom {}", 42));
        assert_eq!(status, regcert_status::Panic);
        assert!(message().contains("boom 42"), "{}", message());
        assert_eq!(last_api_code(), 0);

        let value = value_call(7_u8, || panic!("static text"));
        assert_eq!(value, 7);
        assert!(message().contains("static text"));

        void_call(|| panic!("in free"));
        assert!(message().contains("in free"));
    }

    #[test]
    fn a_failure_is_recorded_with_its_code_and_success_keeps_it() {
        let status = status_call(|| {
            Err(Failure {
                status: regcert_status::Api,
                message: "API error 10001".to_owned(),
                api_code: 10001,
            })
        });
        assert_eq!(status, regcert_status::Api);
        assert_eq!(last_api_code(), 10001);
        assert_eq!(status_call(|| Ok(())), regcert_status::Ok);
        assert_eq!(last_api_code(), 10001);
        assert_eq!(message(), "API error 10001");
        assert_eq!(value_call(0, || Err(Failure::null("x"))), 0);
        assert_eq!(last_api_code(), 0);
        assert_eq!(message(), "x is NULL");
    }

    #[test]
    fn the_last_error_belongs_to_its_thread() {
        status_call(|| Err(Failure::new(regcert_status::Io, "mine")));
        let other = std::thread::spawn(|| {
            assert_eq!(message(), "");
            status_call(|| Err(Failure::new(regcert_status::Io, "theirs")));
            message()
        })
        .join();
        assert!(matches!(other.as_deref(), Ok("theirs")), "{other:?}");
        assert_eq!(message(), "mine");
    }

    #[test]
    fn c_text_cuts_at_nul() {
        assert_eq!(c_text("ab\0cd".to_owned()).as_bytes(), b"ab");
        assert_eq!(c_text("完整".to_owned()).to_str().ok(), Some("完整"));
    }

    #[test]
    fn arguments_are_checked() {
        // SAFETY: NULL and static NUL-terminated strings.
        unsafe {
            assert_eq!(
                arg_str(std::ptr::null(), "key").map_err(|f| f.status).err(),
                Some(regcert_status::NullArgument)
            );
            assert_eq!(
                arg_str(c"\xff".as_ptr(), "key").map_err(|f| f.status).err(),
                Some(regcert_status::InvalidUtf8)
            );
            assert_eq!(arg_opt_str(std::ptr::null(), "u").ok(), Some(None));
            assert_eq!(arg_bytes(std::ptr::null(), 0, "d").ok(), Some(&[][..]));
            assert!(arg_bytes(std::ptr::null(), 1, "d").is_err());
        }
        assert!(Out::<u8>::new(std::ptr::null_mut(), "out").is_err());
    }
}
