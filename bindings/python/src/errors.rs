//! Errors of the client and the parser as the exceptions of `regcert.errors`.
//!
//! The classes are defined in Python (so that `regcert.TimeoutError` is also
//! the built-in `TimeoutError`, `regcert.ImageError` also a `ValueError`, and
//! so on); this module only picks the class and its attributes. No message
//! holds the API key: the client never puts it in one.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use regcert_client::Error;
use regcert_model::ApiError;

/// The Python module that defines the exception classes.
const ERRORS_MODULE: &str = "regcert.errors";

/// The exception for a client error, with `.kind` (`Error::kind`) and the
/// attributes of its class (`.code` and `.reason`, `.status`, `.path`).
pub(crate) fn client_error(py: Python<'_>, e: &Error) -> PyErr {
    let kwargs = PyDict::new(py);
    let class = match fill(&kwargs, e) {
        Ok(class) => class,
        Err(err) => return err,
    };
    let mut message = e.to_string();
    if matches!(e, Error::Models(_)) && message.contains("regcert models fetch") {
        message.push_str("; from Python: regcert.fetch_models()");
    }
    make(py, class, &message, e.kind(), &kwargs)
}

/// The class of `e`'s exception, its extra attributes put in `kwargs`.
fn fill(kwargs: &Bound<'_, PyDict>, e: &Error) -> PyResult<&'static str> {
    Ok(match e {
        Error::Api(api) => {
            set_api(kwargs, api)?;
            "ApiError"
        }
        Error::Http { status, .. } => {
            kwargs.set_item("status", *status)?;
            "HttpError"
        }
        Error::Timeout => "TimeoutError",
        Error::Transport(_) | Error::Incomplete { .. } => "TransportError",
        Error::Decode { .. } => "DecodeError",
        // The offline engine's `Local` is its reading of a valid-looking
        // image failing: an image the engine cannot read.
        Error::InvalidImage(_) | Error::Local(_) => "ImageError",
        Error::Io { path, .. } => {
            kwargs.set_item("path", path.as_ref().map(|p| p.display().to_string()))?;
            "IoError"
        }
        Error::Config(_) => "ConfigError",
        Error::Models(_) => "ModelsError",
        _ => "RegcertError",
    })
}

/// The `code` and `reason` attributes of a `regcert.ApiError`.
fn set_api(kwargs: &Bound<'_, PyDict>, api: &ApiError) -> PyResult<()> {
    kwargs.set_item("code", api.code.code())?;
    kwargs.set_item("reason", api.reason.as_deref())
}

/// The exception for a response that did not become a record.
pub(crate) fn model_error(py: Python<'_>, e: &regcert_model::Error) -> PyErr {
    let kwargs = PyDict::new(py);
    match e {
        regcert_model::Error::Api(api) => match set_api(&kwargs, api) {
            Ok(()) => make(py, "ApiError", &e.to_string(), "api", &kwargs),
            Err(err) => err,
        },
        _ => make(py, "DecodeError", &e.to_string(), "decode", &kwargs),
    }
}

/// A `regcert.ConfigError` (kind `"config"`) for an argument refused here.
pub(crate) fn config_error(py: Python<'_>, message: &str) -> PyErr {
    make(py, "ConfigError", message, "config", &PyDict::new(py))
}

/// `regcert.errors.CLASS(message, kind=kind, **kwargs)` as a `PyErr`, or the
/// error met while making it.
fn make(
    py: Python<'_>,
    class: &str,
    message: &str,
    kind: &str,
    kwargs: &Bound<'_, PyDict>,
) -> PyErr {
    let made = (|| {
        kwargs.set_item("kind", kind)?;
        let class = py.import(ERRORS_MODULE)?.getattr(class)?;
        class.call((message,), Some(kwargs))
    })();
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(err) => err,
    }
}
