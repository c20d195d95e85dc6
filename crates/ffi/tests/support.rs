//! Helpers: calling the C functions safely from the tests.

use std::ffi::{CStr, CString};
use std::ptr;

use regcert::*;

/// A 1×1 grayscale PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// This thread's last error message.
pub fn last_message() -> String {
    // SAFETY: never NULL, NUL-terminated.
    unsafe { CStr::from_ptr(regcert::errors::regcert_last_error_message()) }
        .to_string_lossy()
        .into_owned()
}

/// Text of a `const char *` result, `None` for NULL.
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub unsafe fn text(p: *const std::ffi::c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: a non-NULL result of the library is NUL-terminated.
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}

/// An owned record handle, freed on drop.
pub struct Record(pub *mut regcert_record);

impl Drop for Record {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once.
        unsafe { record::regcert_record_free(self.0) };
    }
}

impl Record {
    /// regcert_record_json.
    pub fn json(&self) -> String {
        // SAFETY: live record.
        unsafe { text(record::regcert_record_json(self.0)) }.unwrap_or_default()
    }

    /// regcert_record_get.
    pub fn get(&self, key: &str) -> Option<String> {
        let key = CString::new(key).ok()?;
        // SAFETY: live record, NUL-terminated key.
        unsafe { text(record::regcert_record_get(self.0, key.as_ptr())) }
    }
}

/// regcert_parse_response on `bytes`.
pub fn parse(bytes: &[u8]) -> Result<Record, regcert_status> {
    let mut out = ptr::null_mut();
    // SAFETY: a live slice and a writable out-parameter.
    let status =
        unsafe { record::regcert_parse_response(bytes.as_ptr().cast(), bytes.len(), &mut out) };
    if status == regcert_status::Ok {
        assert!(!out.is_null());
        Ok(Record(out))
    } else {
        assert!(out.is_null(), "out written on failure");
        Err(status)
    }
}

/// An owned client handle, freed on drop.
pub struct Client(pub *mut regcert_client);

// SAFETY: the library documents regcert_client as thread-safe.
unsafe impl Send for Client {}
// SAFETY: as above.
unsafe impl Sync for Client {}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: the handle came from the library and is freed once.
        unsafe { client::regcert_client_free(self.0) };
    }
}

impl Client {
    /// regcert_client_new.
    pub fn new(key: &str, base_url: Option<&str>) -> Result<Client, regcert_status> {
        let key = CString::new(key).map_err(|_| regcert_status::InvalidArgument)?;
        let url = base_url
            .map(CString::new)
            .transpose()
            .map_err(|_| regcert_status::InvalidArgument)?;
        let mut out = ptr::null_mut();
        // SAFETY: NUL-terminated strings, writable out-parameter.
        let status = unsafe {
            client::regcert_client_new(
                key.as_ptr(),
                url.as_ref().map_or(ptr::null(), |u| u.as_ptr()),
                &mut out,
            )
        };
        if status == regcert_status::Ok {
            Ok(Client(out))
        } else {
            Err(status)
        }
    }

    /// regcert_client_new_local; `None` is the default lookup.
    pub fn new_local(models_dir: Option<&str>) -> Result<Client, regcert_status> {
        let dir = models_dir
            .map(CString::new)
            .transpose()
            .map_err(|_| regcert_status::InvalidArgument)?;
        let mut out = ptr::null_mut();
        // SAFETY: a NUL-terminated string or NULL, writable out-parameter.
        let status = unsafe {
            client::regcert_client_new_local(
                dir.as_ref().map_or(ptr::null(), |d| d.as_ptr()),
                &mut out,
            )
        };
        if status == regcert_status::Ok {
            Ok(Client(out))
        } else {
            assert!(out.is_null(), "out written on failure");
            Err(status)
        }
    }

    /// regcert_client_set_timeout_ms.
    pub fn set_timeout_ms(&self, ms: u32) -> regcert_status {
        // SAFETY: live client.
        unsafe { client::regcert_client_set_timeout_ms(self.0, ms) }
    }

    /// regcert_client_set_retry_attempts.
    pub fn set_retry_attempts(&self, n: u32) -> regcert_status {
        // SAFETY: live client.
        unsafe { client::regcert_client_set_retry_attempts(self.0, n) }
    }

    /// regcert_recognize_bytes.
    pub fn recognize_bytes(&self, bytes: &[u8]) -> Result<Record, regcert_status> {
        let mut out = ptr::null_mut();
        // SAFETY: live client and slice, writable out-parameter.
        let status = unsafe {
            client::regcert_recognize_bytes(self.0, bytes.as_ptr(), bytes.len(), &mut out)
        };
        if status == regcert_status::Ok {
            Ok(Record(out))
        } else {
            Err(status)
        }
    }

    /// regcert_recognize_file.
    pub fn recognize_file(&self, path: &std::path::Path) -> Result<Record, regcert_status> {
        let path = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| regcert_status::InvalidArgument)?;
        let mut out = ptr::null_mut();
        // SAFETY: live client, NUL-terminated path, writable out-parameter.
        let status = unsafe { client::regcert_recognize_file(self.0, path.as_ptr(), &mut out) };
        if status == regcert_status::Ok {
            Ok(Record(out))
        } else {
            Err(status)
        }
    }
}
