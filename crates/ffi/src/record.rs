//! `regcert_record`: one normalized certificate, its JSON and its fields.

use std::collections::BTreeMap;
use std::ffi::{CString, c_char};
use std::sync::OnceLock;

use regcert_model::{ApiError, VehicleRegistration};
use serde_json::Value;

use crate::boundary::{
    Failure, Out, arg_bytes, arg_ref, arg_str, c_text, status_call, value_call, void_call,
};
use crate::status::regcert_status;

/// A normalized certificate record (opaque).
///
/// Created by regcert_parse_response(), regcert_recognize_file() or
/// regcert_recognize_bytes(); freed by regcert_record_free(). A record is
/// immutable: it may be read from several threads at once.
#[allow(non_camel_case_types)]
pub struct regcert_record {
    record: VehicleRegistration,
    json: OnceLock<CString>,
    fields: OnceLock<BTreeMap<String, Option<CString>>>,
}

impl regcert_record {
    pub(crate) fn new(record: VehicleRegistration) -> regcert_record {
        regcert_record {
            record,
            json: OnceLock::new(),
            fields: OnceLock::new(),
        }
    }

    /// The record JSON, serialized once.
    fn json(&self) -> Result<&CString, Failure> {
        if let Some(json) = self.json.get() {
            return Ok(json);
        }
        let text = serde_json::to_string(&self.record).map_err(internal)?;
        // serde_json escapes U+0000, so the text has no NUL inside.
        let json = CString::new(text).map_err(internal)?;
        Ok(self.json.get_or_init(|| json))
    }

    /// Every top-level field as text, built once.
    fn fields(&self) -> Result<&BTreeMap<String, Option<CString>>, Failure> {
        if let Some(fields) = self.fields.get() {
            return Ok(fields);
        }
        let Value::Object(map) = serde_json::to_value(&self.record).map_err(internal)? else {
            return Err(internal("the record did not serialize to an object"));
        };
        let fields = map
            .into_iter()
            .map(|(key, value)| {
                let text = match value {
                    Value::Null => None,
                    Value::String(s) => Some(s),
                    other => Some(other.to_string()),
                };
                // A NUL inside a string value cannot be handed to C: cut there.
                (key, text.map(c_text))
            })
            .collect();
        Ok(self.fields.get_or_init(|| fields))
    }
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::new(regcert_status::Internal, e.to_string())
}

/// The failure of a response that did not become a record.
fn model_failure(e: &regcert_model::Error) -> Failure {
    match e {
        regcert_model::Error::Api(api) => api_failure(api),
        _ => Failure::new(regcert_status::Decode, e.to_string()),
    }
}

/// The failure of an error answer of the API, with its code.
pub(crate) fn api_failure(e: &ApiError) -> Failure {
    Failure {
        status: regcert_status::Api,
        message: e.to_string(),
        api_code: i32::try_from(e.code.code()).map_or(i32::MAX, |c| c),
    }
}

/// Reads one whole response of the API (`{"reason":..,"result":..,"error_code":..}`)
/// and normalizes it into a record, without any network access.
///
/// `json` points to `len` bytes of UTF-8; no NUL terminator is needed.
/// `json` may be NULL only when `len` is 0.
///
/// On success `*out` receives a new record that the caller frees with
/// regcert_record_free(). Returns REGCERT_STATUS_API (with
/// regcert_last_api_error_code()) for an error response,
/// REGCERT_STATUS_DECODE for text that is not a response,
/// REGCERT_STATUS_INVALID_UTF8 for bytes that are not UTF-8 and
/// REGCERT_STATUS_NULL_ARGUMENT when `out` is NULL. Thread-safe.
///
/// # Safety
/// `json` is NULL or points to `len` readable bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_parse_response(
    json: *const c_char,
    len: usize,
    out: *mut *mut regcert_record,
) -> regcert_status {
    status_call(|| {
        let out = Out::new(out, "out")?;
        // SAFETY: forwarded contract.
        let bytes = unsafe { arg_bytes(json.cast(), len, "json") }?;
        std::str::from_utf8(bytes).map_err(|e| {
            Failure::new(
                regcert_status::InvalidUtf8,
                format!(
                    "json is not UTF-8 (invalid byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })?;
        let record = regcert_model::parse(bytes).map_err(|e| model_failure(&e))?;
        // SAFETY: checked writable out-parameter.
        unsafe { out.write(regcert_record::new(record)) };
        Ok(())
    })
}

/// The record as one JSON object (the same JSON as `regcert parse` prints).
///
/// The string is owned by `record` and lives until regcert_record_free();
/// never free it. NULL when `record` is NULL.
///
/// # Safety
/// `record` is NULL or a live record.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_record_json(record: *const regcert_record) -> *const c_char {
    value_call(std::ptr::null(), || {
        // SAFETY: forwarded contract.
        let record = unsafe { arg_ref(record, "record") }?;
        Ok(record.json()?.as_ptr())
    })
}

/// One top-level field of the record as text: strings as they are
/// ("2021-05-12", "LSVAU2180N2183456"), numbers in JSON notation ("4870",
/// "137.5"), objects and arrays (owner, overall_dimensions_mm, issues, extra,
/// raw) as JSON text.
///
/// NULL when the field is null, when `key` is not a field of the record
/// (regcert_last_error_message() then says so), or when an argument is NULL.
/// The string is owned by `record` and lives until regcert_record_free();
/// never free it.
///
/// # Safety
/// `record` is NULL or a live record; `key` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_record_get(
    record: *const regcert_record,
    key: *const c_char,
) -> *const c_char {
    value_call(std::ptr::null(), || {
        // SAFETY: forwarded contract.
        let record = unsafe { arg_ref(record, "record") }?;
        // SAFETY: forwarded contract.
        let key = unsafe { arg_str(key, "key") }?;
        match record.fields()?.get(key) {
            Some(Some(text)) => Ok(text.as_ptr()),
            Some(None) => Ok(std::ptr::null()),
            None => Err(Failure::new(
                regcert_status::InvalidArgument,
                format!("the record has no field named {key:?}"),
            )),
        }
    })
}

/// Frees a record and every string it handed out. NULL does nothing.
///
/// # Safety
/// `record` is NULL or a live record not used again afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_record_free(record: *mut regcert_record) {
    void_call(|| {
        if !record.is_null() {
            // SAFETY: a live record created by Box::into_raw, freed once.
            drop(unsafe { Box::from_raw(record) });
        }
    });
}

/// Whether `key` names a top-level field of the record (null or not), to
/// tell a null field from a misspelt key after regcert_record_get() gave
/// NULL. False when an argument is NULL.
///
/// # Safety
/// `record` is NULL or a live record; `key` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn regcert_record_has(
    record: *const regcert_record,
    key: *const c_char,
) -> bool {
    value_call(false, || {
        // SAFETY: forwarded contract.
        let record = unsafe { arg_ref(record, "record") }?;
        // SAFETY: forwarded contract.
        let key = unsafe { arg_str(key, "key") }?;
        Ok(record.fields()?.contains_key(key))
    })
}
