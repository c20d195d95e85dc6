//! What a live client holds: the async client and the runtime it runs on,
//! shared by `regcert.Client` and the iterators of its batches.

use regcert_client::{ConfigError, Error};
use tokio::runtime::Runtime;

/// What a live client holds: the async client and the runtime it runs on.
pub(crate) struct Shared {
    pub(crate) client: regcert_client::Client,
    runtime: Option<Runtime>,
}

impl Shared {
    pub(crate) fn new(client: regcert_client::Client) -> Result<Shared, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("regcert-python")
            .enable_all()
            .build()
            .map_err(ConfigError::Runtime)?;
        Ok(Shared {
            client,
            runtime: Some(runtime),
        })
    }

    /// The runtime (present until drop).
    pub(crate) fn runtime(&self) -> &Runtime {
        self.runtime
            .as_ref()
            .unwrap_or_else(|| unreachable!("the runtime lives as long as Shared"))
    }
}

impl Drop for Shared {
    /// Without waiting: dropping the last reference is safe on any thread.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
