//! `regcert._regcert`, the extension module of the `regcert` Python package:
//! the client of `regcert-client` (the cloud API and the offline engine),
//! the parser of `regcert-model` and the models download. Recognitions run
//! on the client's own threads with the GIL released. The package's Python
//! side (`python/regcert`) adds the exception classes, the record's types
//! and the Ray Data reader.

mod client;
mod errors;
mod many;
mod record;
mod shared;

use std::path::PathBuf;

use pyo3::prelude::*;
use regcert_client::models;

/// Install the offline engine's models into `dir` (None: the user's data
/// folder, one of the places `Client.local()` looks in) and return that
/// folder as a `pathlib.Path`. Downloads the rapidocr 3.10.0 wheel from PyPI
/// (or reads `wheel`, a copy already on disk), checks the SHA-256 sums and
/// writes the two models. Does nothing when `dir` already holds them.
/// Raises `ModelsError`, `TransportError`, `HttpError`, `IoError`.
#[pyfunction]
#[pyo3(signature = (dir = None, *, wheel = None))]
fn fetch_models<'py>(
    py: Python<'py>,
    dir: Option<PathBuf>,
    wheel: Option<PathBuf>,
) -> PyResult<Bound<'py, PyAny>> {
    let installed = py.detach(|| {
        let dir = match dir {
            Some(dir) => dir,
            None => models::default_dir()?,
        };
        match wheel {
            Some(wheel) => models::install_from_wheel(&wheel, &dir),
            None => models::fetch_blocking(&dir, None, &mut |_, _| {}),
        }
        .map(|_| dir)
    });
    let dir = installed.map_err(|e| errors::client_error(py, &e))?;
    py.import("pathlib")?.getattr("Path")?.call1((dir,))
}

#[pymodule]
fn _regcert(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::Client>()?;
    m.add_class::<many::Recognitions>()?;
    m.add_function(wrap_pyfunction!(record::parse, m)?)?;
    m.add_function(wrap_pyfunction!(fetch_models, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
