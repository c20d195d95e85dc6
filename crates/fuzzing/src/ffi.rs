//! The C ABI's parse and record accessors, called as C calls them.
#![allow(unsafe_code)]

use std::ffi::{CStr, CString, c_char};
use std::ptr;

use regcert::record::{
    regcert_parse_response, regcert_record_free, regcert_record_get, regcert_record_has,
    regcert_record_json,
};
use regcert::regcert_status;

/// `regcert_parse_response` on `data`, then on a record every accessor:
/// its JSON is an object, each of its keys is found by `regcert_record_has`
/// and answered by `regcert_record_get` (NULL exactly for a JSON null), and
/// a key made of `data`'s first bytes gets an answer too. A caught panic
/// (`REGCERT_STATUS_PANIC`) fails.
pub fn ffi_parse(data: &[u8]) {
    let mut record = ptr::null_mut();
    // SAFETY: `data` is readable for its length; `record` is writable.
    let status = unsafe { regcert_parse_response(data.as_ptr().cast(), data.len(), &mut record) };
    assert_ne!(status, regcert_status::Panic);
    if status != regcert_status::Ok {
        assert!(record.is_null(), "an out-parameter written on failure");
        return;
    }
    assert!(!record.is_null());
    // SAFETY: a live record; the strings it hands out live as long as it.
    unsafe {
        let json = text(regcert_record_json(record)).expect("the record's JSON");
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let object = value.as_object().expect("an object");
        for (key, field) in object {
            let key_c = CString::new(key.as_str()).expect("keys hold no NUL");
            assert!(regcert_record_has(record, key_c.as_ptr()));
            let got = text(regcert_record_get(record, key_c.as_ptr()));
            assert_eq!(got.is_none(), field.is_null(), "{key}");
        }
        let probe: Vec<u8> = data.iter().copied().take(24).filter(|&b| b != 0).collect();
        let probe = CString::new(probe).expect("NULs removed");
        let has = regcert_record_has(record, probe.as_ptr());
        let got = regcert_record_get(record, probe.as_ptr());
        assert!(has || got.is_null());
        regcert_record_free(record);
    }
}

/// The text of a C string owned elsewhere; `None` for NULL.
///
/// # Safety
/// `p` is NULL or a live NUL-terminated string.
unsafe fn text(p: *const c_char) -> Option<String> {
    // SAFETY: forwarded contract.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}
