//! Records as Python dicts, `regcert.parse`, and the images Python hands in.

use std::path::PathBuf;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use regcert_client::{Error, Image};
use regcert_model::VehicleRegistration;

use crate::errors;

/// The record as the dict of its JSON: the same keys and values as the JSON
/// `regcert recognize` and `regcert parse` print (dates as `"YYYY-MM-DD"`).
pub(crate) fn to_py<'py>(
    py: Python<'py>,
    record: &VehicleRegistration,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(record)
        .map_err(|e| errors::config_error(py, &format!("cannot serialize a record: {e}")))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// Normalize one whole response of the API into a record dict.
///
/// `response` is the response's JSON as `str` or `bytes`, or already loaded
/// (a `dict`). An error response raises `ApiError` (with `.code`); anything
/// that is not a response raises `DecodeError`.
#[pyfunction]
pub(crate) fn parse<'py>(
    py: Python<'py>,
    response: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes: Vec<u8> = if let Ok(text) = response.cast::<PyString>() {
        text.to_cow()?.as_bytes().to_vec()
    } else if let Ok(bytes) = response.cast::<PyBytes>() {
        bytes.as_bytes().to_vec()
    } else if let Ok(array) = response.cast::<PyByteArray>() {
        array.to_vec()
    } else {
        // A dict (or any JSON value) as json.loads gave it.
        let text: String = py
            .import("json")?
            .call_method1("dumps", (response,))?
            .extract()?;
        text.into_bytes()
    };
    let record = regcert_model::parse(&bytes).map_err(|e| errors::model_error(py, &e))?;
    to_py(py, &record)
}

/// An image as Python gave it: a file to read, or bytes already in memory.
pub(crate) enum Input {
    /// `str` or `os.PathLike`.
    Path(PathBuf),
    /// `bytes`, `bytearray` or `memoryview`, copied.
    Bytes(Vec<u8>),
}

impl Input {
    /// Reads the argument of `recognize`: bytes-like, or a path.
    pub(crate) fn extract(value: &Bound<'_, PyAny>) -> PyResult<Input> {
        if let Ok(bytes) = value.cast::<PyBytes>() {
            return Ok(Input::Bytes(bytes.as_bytes().to_vec()));
        }
        if let Ok(array) = value.cast::<PyByteArray>() {
            return Ok(Input::Bytes(array.to_vec()));
        }
        if value.hasattr("tobytes")? && !value.is_instance_of::<PyString>() {
            // memoryview, numpy arrays of uint8 (what Ray's binary files hold).
            let bytes = value.call_method0("tobytes")?;
            if let Ok(bytes) = bytes.cast::<PyBytes>() {
                return Ok(Input::Bytes(bytes.as_bytes().to_vec()));
            }
        }
        match value.extract::<PathBuf>() {
            Ok(path) => Ok(Input::Path(path)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "an image is a path (str or os.PathLike) or bytes, not {}",
                value.get_type().name()?
            ))),
        }
    }

    /// The image, read and checked (empty, not JPEG/PNG/BMP, too large).
    pub(crate) fn load(self) -> Result<Image, Error> {
        match self {
            Input::Path(path) => Image::from_path(path),
            Input::Bytes(bytes) => Ok(Image::from_bytes(bytes)),
        }
    }
}
