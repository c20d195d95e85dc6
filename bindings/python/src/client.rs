//! `regcert.Client`: the cloud API or the offline engine, recognitions run
//! on the client's own threads with the GIL released.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::PyType;
use regcert_client::{BASE_URL_ENV, Endpoint, Error, KEY_ENV, RetryPolicy};

use crate::errors;
use crate::many::Recognitions;
use crate::record::{self, Input};
use crate::shared::Shared;

/// A client of the recognition API, or of the offline engine
/// (`Client.local()`). Safe to share between threads; recognitions release
/// the GIL while they run.
#[pyclass(module = "regcert", frozen)]
pub(crate) struct Client {
    shared: RwLock<Option<Arc<Shared>>>,
    local: bool,
}

impl Client {
    fn from_shared(shared: Shared, local: bool) -> Client {
        Client {
            shared: RwLock::new(Some(Arc::new(shared))),
            local,
        }
    }

    /// The live client, or `ConfigError` once closed.
    fn live(&self, py: Python<'_>) -> PyResult<Arc<Shared>> {
        let guard = self.shared.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| errors::config_error(py, "the client is closed"))
    }
}

/// Seconds as a `Duration`: finite and above 0, else `ConfigError`.
fn seconds(py: Python<'_>, name: &str, value: f64) -> PyResult<Duration> {
    match Duration::try_from_secs_f64(value) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(errors::config_error(
            py,
            &format!("{name} must be a number of seconds above 0, not {value}"),
        )),
    }
}

#[pymethods]
impl Client {
    /// A client of the API. `key` None reads `JUHE_KEY` (and
    /// `REGCERT_BASE_URL`) from the environment; `base_url` None is the
    /// service's own HTTPS address. `timeout` is the seconds one try may
    /// take (default 30), `retry_attempts` the number of tries (default 3),
    /// `endpoint` `"auto"`, `"query"` or `"verify"`.
    #[new]
    #[pyo3(signature = (
        key = None, base_url = None, *, timeout = None, connect_timeout = None,
        retry_attempts = None, endpoint = None, requests_per_second = None,
        max_image_bytes = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        key: Option<String>,
        base_url: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        retry_attempts: Option<u32>,
        endpoint: Option<&str>,
        requests_per_second: Option<f64>,
        max_image_bytes: Option<usize>,
    ) -> PyResult<Client> {
        let fail = |e: Error| errors::client_error(py, &e);
        let mut builder = regcert_client::Client::builder();
        // As `Client::from_env`: the key and base URL the environment gives.
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let base_url = match &key {
            Some(_) => base_url,
            None => base_url.or_else(|| env(BASE_URL_ENV)),
        };
        match key.or_else(|| env(KEY_ENV)) {
            Some(key) => builder = builder.key(key),
            None => {
                return Err(errors::config_error(
                    py,
                    &format!("no API key: pass key=... or set {KEY_ENV}"),
                ));
            }
        }
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        if let Some(t) = timeout {
            builder = builder.timeout(seconds(py, "timeout", t)?);
        }
        if let Some(t) = connect_timeout {
            builder = builder.connect_timeout(seconds(py, "connect_timeout", t)?);
        }
        if let Some(attempts) = retry_attempts {
            if attempts == 0 {
                return Err(errors::config_error(
                    py,
                    "retry_attempts must be at least 1",
                ));
            }
            builder = builder.retry(RetryPolicy::default().with_attempts(attempts));
        }
        if let Some(name) = endpoint {
            builder = builder.endpoint(match name {
                "auto" => Endpoint::Auto,
                "query" => Endpoint::Query,
                "verify" => Endpoint::Verify,
                other => {
                    return Err(errors::config_error(
                        py,
                        &format!(
                            "endpoint must be \"auto\", \"query\" or \"verify\", not {other:?}"
                        ),
                    ));
                }
            });
        }
        if let Some(rps) = requests_per_second {
            builder = builder.requests_per_second(rps);
        }
        if let Some(n) = max_image_bytes {
            builder = builder.max_image_bytes(n);
        }
        let client = builder.build().map_err(fail)?;
        Ok(Client::from_shared(
            Shared::new(client).map_err(fail)?,
            false,
        ))
    }

    /// A client of the offline engine: no key, no network. `models` is the
    /// folder of the two model files; None looks in `$REGCERT_MODELS`, the
    /// user's data folder (where `regcert.fetch_models()` puts them), the
    /// system folder, then `./models`. Loading takes a second or more: make
    /// one client and share it. Raises `ModelsError` when the models are
    /// missing or damaged.
    #[classmethod]
    #[pyo3(signature = (models = None, *, max_image_bytes = None))]
    fn local(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        models: Option<PathBuf>,
        max_image_bytes: Option<usize>,
    ) -> PyResult<Client> {
        let built = py.detach(|| {
            let mut builder = match models {
                Some(dir) => regcert_client::Client::builder().local_models(dir),
                None => regcert_client::Client::builder().local(),
            };
            if let Some(n) = max_image_bytes {
                builder = builder.max_image_bytes(n);
            }
            Shared::new(builder.build()?)
        });
        let shared = built.map_err(|e| errors::client_error(py, &e))?;
        Ok(Client::from_shared(shared, true))
    }

    /// Whether this client reads certificates with the offline engine.
    #[getter]
    fn is_local(&self) -> bool {
        self.local
    }

    /// Recognize one certificate image: a path (`str` or `os.PathLike`) or
    /// the image's bytes. Returns the record as a dict (see
    /// `regcert.Record`). Raises a `RegcertError` subclass on failure.
    fn recognize<'py>(
        &self,
        py: Python<'py>,
        image: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input = Input::extract(image)?;
        let shared = self.live(py)?;
        let found = py.detach(|| {
            let image = input.load()?;
            shared.runtime().block_on(shared.client.recognize(image))
        });
        let found = found.map_err(|e| errors::client_error(py, &e))?;
        record::to_py(py, &found.record)
    }

    /// Recognize many images, at most `concurrency` at a time, on the
    /// client's threads. Returns an iterator of `(index, outcome)` in the
    /// order the recognitions finish: `index` is the image's position in
    /// `images`, `outcome` its record dict or, when it failed, the
    /// `RegcertError` (returned, not raised). Every index comes once.
    #[pyo3(signature = (images, concurrency = 4))]
    fn recognize_many(
        &self,
        py: Python<'_>,
        images: &Bound<'_, PyAny>,
        concurrency: usize,
    ) -> PyResult<Recognitions> {
        let inputs = images
            .try_iter()?
            .map(|item| Input::extract(&item?))
            .collect::<PyResult<Vec<Input>>>()?;
        let shared = self.live(py)?;
        Ok(Recognitions::start(shared, inputs, concurrency))
    }

    /// Free the client now (also done by `with` and by garbage collection).
    /// Later calls raise `ConfigError`; iterators of `recognize_many` already
    /// running finish.
    fn close(&self) {
        let mut guard = self.shared.write().unwrap_or_else(|p| p.into_inner());
        guard.take();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) {
        self.close();
    }

    /// Never shows the key.
    fn __repr__(&self) -> String {
        let closed = self
            .shared
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none();
        match (closed, self.local) {
            (true, _) => "regcert.Client(closed)".to_owned(),
            (false, true) => "regcert.Client.local()".to_owned(),
            (false, false) => "regcert.Client(key=***)".to_owned(),
        }
    }
}
