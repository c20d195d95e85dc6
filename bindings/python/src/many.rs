//! `Client.recognize_many`: recognitions on the client's threads, handed to
//! Python as they finish.

use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt as _;
use pyo3::prelude::*;
use regcert_client::Error;
use regcert_model::VehicleRegistration;

use crate::errors;
use crate::record::{self, Input};
use crate::shared::Shared;

/// One finished recognition: the input's index and its record or error.
type Done = (usize, Result<VehicleRegistration, Error>);

/// How long `__next__` waits with the GIL released before it lets Python
/// handle signals (Ctrl-C) and waits again.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// The iterator of `Client.recognize_many`: `(index, record or error)` in
/// completion order. Dropping it stops the recognitions not yet started.
#[pyclass(module = "regcert", frozen)]
pub(crate) struct Recognitions {
    results: Mutex<Receiver<Done>>,
    total: usize,
    /// Keeps the client's runtime alive while results are pending, even if
    /// the client is closed.
    _shared: Arc<Shared>,
}

impl Recognitions {
    /// Starts recognizing `inputs`, at most `concurrency` (0 counts as 1) at
    /// a time.
    pub(crate) fn start(shared: Arc<Shared>, inputs: Vec<Input>, concurrency: usize) -> Self {
        let total = inputs.len();
        let (tx, rx) = channel::<Done>();
        let client = shared.client.clone();
        let work = futures_util::stream::iter(inputs.into_iter().enumerate())
            .map(move |(index, input)| {
                let client = client.clone();
                async move {
                    // Reading a file blocks: off the runtime's own threads.
                    let loaded = tokio::task::spawn_blocking(move || input.load()).await;
                    let result = match loaded {
                        Ok(Ok(image)) => client.recognize(image).await.map(|r| r.record),
                        Ok(Err(e)) => Err(e),
                        Err(join) => Err(Error::Io {
                            path: None,
                            source: std::io::Error::other(join),
                        }),
                    };
                    (index, result)
                }
            })
            .buffer_unordered(concurrency.max(1));
        shared.runtime().spawn(async move {
            let mut work = std::pin::pin!(work);
            while let Some(done) = work.next().await {
                if tx.send(done).is_err() {
                    break; // the iterator is gone
                }
            }
        });
        Recognitions {
            results: Mutex::new(rx),
            total,
            _shared: shared,
        }
    }
}

#[pymethods]
impl Recognitions {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next finished recognition, waiting for it with the GIL released.
    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<(usize, Bound<'py, PyAny>)>> {
        loop {
            let next = py.detach(|| {
                let results = self.results.lock().unwrap_or_else(|p| p.into_inner());
                results.recv_timeout(SIGNAL_CHECK)
            });
            match next {
                Ok((index, Ok(found))) => return Ok(Some((index, record::to_py(py, &found)?))),
                Ok((index, Err(e))) => {
                    let error = errors::client_error(py, &e).into_value(py).into_bound(py);
                    return Ok(Some((index, error.into_any())));
                }
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    /// How many images were given (the number of items the iterator yields).
    #[getter]
    fn total(&self) -> usize {
        self.total
    }
}
