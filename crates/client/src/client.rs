//! The async client and its builder.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{Stream, StreamExt as _};
use secrecy::SecretString;

use crate::error::{ConfigError, Error};
use crate::image::Image;
#[cfg(feature = "local")]
use crate::local::{Local, Source};
use crate::recognition::Recognition;
use crate::retry::RetryPolicy;
#[cfg(feature = "local")]
use crate::settings::DEFAULT_MAX_IMAGE_BYTES;
use crate::settings::{BASE_URL_ENV, Endpoint, KEY_ENV, Options, Settings};

/// Async client of the API. Cheap to clone: clones share one connection
/// pool and one rate limit.
///
/// ```no_run
/// # async fn run() -> Result<(), regcert_client::Error> {
/// use regcert_client::{Client, Image};
/// let client = Client::from_env()?;
/// let found = client.recognize(Image::from_path("scan.jpg")?).await?;
/// println!("{:?} after {} tries", found.record.vin, found.attempts);
/// # Ok(()) }
/// ```
///
/// A local client (`Client::local`, `ClientBuilder::local`, with the
/// `local` feature) reads certificates with the offline engine instead: no
/// key, no network, the same [`Recognition`].
#[derive(Clone)]
pub struct Client {
    backend: Backend,
}

/// Where recognitions happen.
#[derive(Clone)]
enum Backend {
    /// The API over HTTP.
    Http(Arc<Settings>),
    /// The offline engine in this process.
    #[cfg(feature = "local")]
    Local(Arc<Local>),
}

impl fmt::Debug for Client {
    /// The settings, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Backend::Http(settings) => settings.fmt(f),
            #[cfg(feature = "local")]
            Backend::Local(local) => local.fmt(f),
        }
    }
}

impl Client {
    /// A builder with the defaults: HTTPS base URL, 30 s timeout, 3 tries.
    pub fn builder() -> ClientBuilder<Async> {
        ClientBuilder::default()
    }

    /// A client from `JUHE_KEY` (required) and `REGCERT_BASE_URL`
    /// (optional), other settings at their defaults.
    pub fn from_env() -> Result<Client, Error> {
        Client::builder()
            .env(|name| std::env::var(name).ok())?
            .build()
    }

    /// A client that reads certificates with `engine` (cargo feature
    /// `local`): no key, no network. The settings are the defaults; see
    /// [`ClientBuilder::local`] for what applies.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::sync::Arc;
    /// use regcert_client::{Client, Image, regcert_engine::Engine};
    ///
    /// let client = Client::local(Arc::new(Engine::from_default_location()?));
    /// let found = client.recognize(Image::from_path("scan.jpg")?).await?;
    /// println!("{:?} {:?}", found.record.vin, found.record.confidence.get("vin"));
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local(engine: Arc<regcert_engine::Engine>) -> Client {
        Client {
            backend: Backend::Local(Arc::new(Local::with_engine(
                engine,
                DEFAULT_MAX_IMAGE_BYTES,
            ))),
        }
    }

    /// Recognizes one certificate image.
    ///
    /// The image is checked first (empty, too large, not JPEG/PNG/BMP: each
    /// an [`Error::InvalidImage`], no request sent). Failed tries are
    /// repeated as the [`RetryPolicy`] says; the error of the last try is
    /// returned.
    ///
    /// A local client checks the image the same way, then reads it with the
    /// offline engine on tokio's blocking thread pool (one try, no network).
    pub async fn recognize(&self, image: Image) -> Result<Recognition, Error> {
        match &self.backend {
            Backend::Http(settings) => crate::send::recognize(settings, image).await,
            #[cfg(feature = "local")]
            Backend::Local(local) => local.recognize(image).await,
        }
    }

    /// Recognizes many images, at most `concurrency` at a time (0 counts as
    /// 1), yielding `(index in inputs, result)` in completion order. Every
    /// index comes exactly once. The rate limit, when set, is shared.
    ///
    /// For a local client `concurrency` is the number of images read at once
    /// by the CPU-bound engine: about half the cores is a good choice.
    pub fn recognize_many<I>(
        &self,
        inputs: I,
        concurrency: usize,
    ) -> impl Stream<Item = (usize, Result<Recognition, Error>)> + Send + 'static
    where
        I: IntoIterator<Item = Image>,
        I::IntoIter: Send + 'static,
    {
        let client = self.clone();
        futures_util::stream::iter(inputs.into_iter().enumerate())
            .map(move |(index, image)| {
                let client = client.clone();
                async move { (index, client.recognize(image).await) }
            })
            .buffer_unordered(concurrency.max(1))
    }

    /// Whether this client reads certificates with the offline engine.
    pub fn is_local(&self) -> bool {
        !matches!(self.backend, Backend::Http(_))
    }
}

/// Marks a builder that makes an async [`Client`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Async;

/// Builds a [`Client`] (or, as `blocking::ClientBuilder`, a blocking one:
/// the setters are the same).
///
/// ```
/// use std::time::Duration;
/// use regcert_client::{Client, Endpoint, RetryPolicy};
///
/// let client = Client::builder()
///     .key("0123456789abcdef")
///     .base_url("http://127.0.0.1:8080")
///     .timeout(Duration::from_secs(20))
///     .retry(RetryPolicy::default().with_attempts(4))
///     .endpoint(Endpoint::Verify)
///     .requests_per_second(10.0)
///     .build()?;
/// assert!(!format!("{client:?}").contains("0123456789abcdef"));
/// # Ok::<(), regcert_client::Error>(())
/// ```
///
/// With the `local` feature, `local` makes a client of the
/// offline engine instead: no key, no network.
pub struct ClientBuilder<M = Async> {
    options: Options,
    #[cfg(feature = "local")]
    local: Option<Source>,
    mode: PhantomData<M>,
}

impl<M> Default for ClientBuilder<M> {
    fn default() -> Self {
        ClientBuilder {
            options: Options::default(),
            #[cfg(feature = "local")]
            local: None,
            mode: PhantomData,
        }
    }
}

impl<M> fmt::Debug for ClientBuilder<M> {
    /// Every setting, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ClientBuilder");
        self.options.debug_fields(&mut d);
        #[cfg(feature = "local")]
        d.field("local", &self.local);
        d.finish()
    }
}

impl<M> ClientBuilder<M> {
    /// The API key (required). Kept as a secret: it is sent only in request
    /// bodies and shown as `***` in `Debug`.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.options.key = Some(SecretString::from(key.into()));
        self
    }

    /// Where the API lives; default
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL) (HTTPS). Plain `http://`
    /// is used only when set here, for a local server. A path prefix is
    /// kept. Checked in `build()`.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.options.base_url = url.as_ref().to_owned();
        self
    }

    /// Time limit of one try, from connecting to the last byte of the
    /// answer; default 30 s. Retries each get this much again.
    pub fn timeout(mut self, total: Duration) -> Self {
        self.options.timeout = total;
        self
    }

    /// Time limit for opening a connection; default 10 s. Not applied to a
    /// client given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.options.connect_timeout = d;
        self
    }

    /// The retry policy; default [`RetryPolicy::default`] (3 tries in all).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = policy;
        self
    }

    /// Largest image accepted, in bytes; default 32 MiB. Larger images fail
    /// with [`InvalidImage::TooLarge`](crate::InvalidImage::TooLarge)
    /// before any request.
    pub fn max_image_bytes(mut self, n: usize) -> Self {
        self.options.max_image_bytes = n;
        self
    }

    /// Which endpoint carries the image; default [`Endpoint::Auto`].
    pub fn endpoint(mut self, e: Endpoint) -> Self {
        self.options.endpoint = e;
        self
    }

    /// With [`Endpoint::Auto`], images larger than this many bytes go to
    /// [`Endpoint::Verify`] (a multipart upload); default 1 MiB.
    pub fn verify_threshold(mut self, n: usize) -> Self {
        self.options.verify_threshold = n;
        self
    }

    /// Client-side rate limit: tries (retries included) are spaced at least
    /// `1 / rps` seconds apart across every task sharing this client. The
    /// API's QPS quotas are per key. Must be finite and above 0.
    pub fn requests_per_second(mut self, rps: f64) -> Self {
        self.options.requests_per_second = Some(rps);
        self
    }

    /// The `User-Agent` header; default `regcert/VERSION`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.options.user_agent = Some(ua.into());
        self
    }

    /// Sends through this `reqwest::Client` (its TLS, proxy and pool
    /// settings) instead of one built here. The timeout still applies per
    /// request; the connect timeout is the given client's own.
    pub fn http_client(mut self, c: reqwest::Client) -> Self {
        self.options.http = Some(c);
        self
    }

    /// Reads certificates with the offline engine (cargo feature `local`)
    /// instead of the API, its models loaded by `build()` from the default
    /// places ([`regcert_engine::ModelPaths::default_location`]:
    /// `$REGCERT_MODELS`, the user's data folder, a system folder, then
    /// `models/`); [`local_models`](Self::local_models) names the folder
    /// instead. A missing model is [`Error::Models`], whose message names
    /// `regcert models fetch`.
    ///
    /// Only [`max_image_bytes`](Self::max_image_bytes) applies to a local
    /// client; the key, base URL, endpoint, timeouts, retries, rate limit,
    /// user agent and HTTP client are ignored. Each recognition is one try
    /// ([`Recognition::attempts`] is 1) run on tokio's blocking thread pool.
    ///
    /// Loading takes a second or more: build one client and clone it (clones
    /// share the engine), or load the engine once and pass it to
    /// [`local_engine`](Self::local_engine).
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local(mut self) -> Self {
        self.local = Some(Source::DefaultPlaces);
        self
    }

    /// As [`local`](Self::local), the models loaded from the folder `dir`.
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local_models(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.local = Some(Source::Dir(dir.into()));
        self
    }

    /// As [`local`](Self::local), with an engine already loaded (shared, not
    /// copied).
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local_engine(mut self, engine: Arc<regcert_engine::Engine>) -> Self {
        self.local = Some(Source::Engine(engine));
        self
    }

    /// Reads [`KEY_ENV`] (required) and [`BASE_URL_ENV`] (optional) through
    /// `lookup`.
    pub(crate) fn env(self, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let key = lookup(KEY_ENV)
            .filter(|k| !k.trim().is_empty())
            .ok_or(ConfigError::MissingEnv(KEY_ENV))?;
        let mut builder = self.key(key);
        if let Some(url) = lookup(BASE_URL_ENV).filter(|u| !u.trim().is_empty()) {
            builder = builder.base_url(url.trim());
        }
        Ok(builder)
    }

    /// Checks the settings and makes the async client.
    pub(crate) fn build_async(self) -> Result<Client, Error> {
        #[cfg(feature = "local")]
        if let Some(source) = self.local {
            let local = Local::new(source, self.options.max_image_bytes)?;
            return Ok(Client {
                backend: Backend::Local(Arc::new(local)),
            });
        }
        let settings = self.options.check()?;
        Ok(Client {
            backend: Backend::Http(Arc::new(settings)),
        })
    }
}

impl ClientBuilder<Async> {
    /// Checks the settings and makes the client.
    ///
    /// [`Error::Config`] when the key is missing or blank, the base URL is
    /// not an `http(s)` URL without query or fragment, the rate is not above
    /// 0, or the TLS setup fails (each a [`ConfigError`]). A `local` client
    /// needs none of these; it fails with [`Error::Models`] when the models
    /// cannot be loaded.
    pub fn build(self) -> Result<Client, Error> {
        self.build_async()
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;
    use crate::settings::DEFAULT_BASE_URL;

    #[test]
    fn key_is_required_and_never_shown() {
        for builder in [Client::builder(), Client::builder().key("  ")] {
            let err = builder.build().unwrap_err();
            assert!(
                matches!(err, Error::Config(ConfigError::MissingKey)),
                "{err}"
            );
        }
        let b = Client::builder().key("s3cr3t-key-value");
        assert!(!format!("{b:?}").contains("s3cr3t"));
        assert!(format!("{b:?}").contains("***"));
    }

    #[test]
    fn debug_redacts_the_base_url() {
        let builder = Client::builder()
            .key("k")
            .base_url("http://user:K3Y-S3CRET@h/x?key=K3Y-S3CRET");
        assert!(!format!("{builder:?}").contains("K3Y-S3CRET"));
    }

    #[test]
    fn env_lookup() {
        let none = |_: &str| None;
        assert!(matches!(
            Client::builder().env(none),
            Err(Error::Config(ConfigError::MissingEnv(KEY_ENV)))
        ));
        let vars = |name: &str| match name {
            KEY_ENV => Some("env-key".to_owned()),
            BASE_URL_ENV => Some(" http://127.0.0.1:1 ".to_owned()),
            _ => None,
        };
        let b = Client::builder().env(vars).unwrap();
        assert_eq!(b.options.base_url, "http://127.0.0.1:1");
        assert_eq!(
            b.options
                .key
                .as_ref()
                .map(|k| k.expose_secret().to_owned())
                .as_deref(),
            Some("env-key")
        );
        let key_only = |name: &str| (name == KEY_ENV).then(|| "k".to_owned());
        assert_eq!(
            Client::builder().env(key_only).unwrap().options.base_url,
            DEFAULT_BASE_URL
        );
    }
}
