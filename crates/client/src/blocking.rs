//! A blocking facade over the async [`Client`](crate::Client), for simple
//! programs and the C ABI.
//!
//! It owns a small tokio runtime and drives each call on it. **Do not call
//! it from inside an async runtime** (a `#[tokio::main]` function, a task):
//! use the async client there. Such a call is refused with
//! [`Error::Config`] rather than blocking a runtime thread.
//!
//! ```no_run
//! use regcert_client::{blocking, Image};
//! let client = blocking::Client::from_env()?;
//! let found = client.recognize(Image::from_path("scan.jpg")?)?;
//! println!("{:?}", found.record.plate_number);
//! # Ok::<(), regcert_client::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;

use futures_util::StreamExt as _;
use tokio::runtime::Runtime;

use crate::error::{ConfigError, Error};
use crate::image::Image;
use crate::recognition::Recognition;

/// Builds a [`Client`]: the same setters as
/// [`crate::ClientBuilder`], `build()` giving the blocking client.
pub type ClientBuilder = crate::client::ClientBuilder<Blocking>;

/// Marks a builder that makes a blocking [`Client`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocking;

/// Blocking client of the API. Cheap to clone; clones share the runtime,
/// the connection pool and the rate limit.
#[derive(Clone)]
pub struct Client {
    inner: crate::client::Client,
    runtime: Arc<OwnedRuntime>,
}

/// Shuts the runtime down without waiting, so that dropping the last clone
/// is safe anywhere, even inside another runtime.
struct OwnedRuntime(Option<Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl fmt::Debug for Client {
    /// The async client's settings, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}

impl ClientBuilder {
    /// Checks the settings, starts the runtime and makes the client.
    ///
    /// Errors as [`crate::ClientBuilder::build`], plus [`Error::Config`]
    /// when the runtime cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("regcert-client")
            .enable_all()
            .build()
            .map_err(ConfigError::Runtime)?;
        let runtime = Arc::new(OwnedRuntime(Some(runtime)));
        Ok(Client {
            inner: self.build_async()?,
            runtime,
        })
    }
}

impl Client {
    /// A builder with the defaults of [`crate::Client::builder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from `JUHE_KEY` (required) and `REGCERT_BASE_URL` (optional).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder()
            .env(|name| std::env::var(name).ok())?
            .build()
    }

    /// A client that reads certificates with `engine` (cargo feature
    /// `local`): no key, no network; see [`crate::Client::local`].
    ///
    /// [`Error::Config`] when the runtime cannot start.
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local(engine: Arc<regcert_engine::Engine>) -> Result<Client, Error> {
        Client::builder().local_engine(engine).build()
    }

    /// Recognizes one image; see [`crate::Client::recognize`].
    ///
    /// [`Error::Config`] when called from inside an async runtime.
    pub fn recognize(&self, image: Image) -> Result<Recognition, Error> {
        self.block_on(self.inner.recognize(image))?
    }

    /// Recognizes many images, at most `concurrency` at a time; the results
    /// come back in the order of `inputs`. See
    /// [`crate::Client::recognize_many`].
    ///
    /// [`Error::Config`] when called from inside an async runtime.
    pub fn recognize_many(
        &self,
        inputs: impl IntoIterator<Item = Image>,
        concurrency: usize,
    ) -> Result<Vec<Result<Recognition, Error>>, Error> {
        let images: Vec<Image> = inputs.into_iter().collect();
        let count = images.len();
        let stream = self.inner.recognize_many(images, concurrency);
        let mut done: Vec<(usize, Result<Recognition, Error>)> =
            self.block_on(stream.collect::<Vec<_>>())?;
        debug_assert_eq!(done.len(), count);
        done.sort_by_key(|(index, _)| *index);
        Ok(done.into_iter().map(|(_, result)| result).collect())
    }

    /// The async client inside, for code that has both worlds.
    pub fn as_async(&self) -> &crate::client::Client {
        &self.inner
    }

    fn block_on<F: std::future::Future>(&self, future: F) -> Result<F::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(ConfigError::InsideRuntime {
                called: "the blocking client",
                instead: "regcert_client::Client",
            }
            .into());
        }
        match &self.runtime.0 {
            Some(rt) => Ok(rt.block_on(future)),
            None => unreachable!("the runtime lives as long as the client"),
        }
    }
}
