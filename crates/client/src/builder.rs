//! Configuration of the async and blocking clients.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::client::{Backend, Client, Inner};
use crate::error::Error;
use crate::http::{default_http, join, parse_base_url};
use crate::retry::{Pacer, RetryPolicy};

/// The API's host; HTTPS.
pub const DEFAULT_BASE_URL: &str = "https://apis.juhe.cn";
pub use regcert_model::{QUERY_PATH, VERIFY_PATH};
/// Environment variable holding the API key.
pub const KEY_ENV: &str = "JUHE_KEY";
/// Environment variable overriding the base URL.
pub const BASE_URL_ENV: &str = "REGCERT_BASE_URL";
/// The default of [`ClientBuilder::max_image_bytes`]: 32 MiB.
pub(crate) const DEFAULT_MAX_IMAGE_BYTES: usize = 32 * 1024 * 1024;

/// Which of the API's two endpoints carries the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// [`Endpoint::Verify`] above the builder's `verify_threshold`,
    /// [`Endpoint::Query`] otherwise.
    #[default]
    Auto,
    /// `POST /verify_cardjz_certificate/query`, form-urlencoded `key` and
    /// `file` = the image in base64 (a third larger on the wire).
    Query,
    /// `POST /verify_cardjz_certificate/verify`, multipart `key` and `file` =
    /// the image bytes.
    Verify,
}

/// Marks a builder that makes an async [`Client`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Async;

/// Marks a builder that makes a [`blocking::Client`](crate::blocking::Client).
#[derive(Debug, Clone, Copy, Default)]
pub struct Blocking;

/// Builds a [`Client`] (or, as
/// [`blocking::ClientBuilder`](crate::blocking::ClientBuilder), a blocking
/// one: the setters are the same).
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
    key: Option<SecretString>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_image_bytes: usize,
    endpoint: Endpoint,
    verify_threshold: usize,
    requests_per_second: Option<f64>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    #[cfg(feature = "local")]
    local: Option<crate::local::Source>,
    mode: PhantomData<M>,
}

impl<M> Default for ClientBuilder<M> {
    fn default() -> Self {
        ClientBuilder {
            key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_image_bytes: DEFAULT_MAX_IMAGE_BYTES,
            endpoint: Endpoint::Auto,
            verify_threshold: 1024 * 1024,
            requests_per_second: None,
            user_agent: None,
            http: None,
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
        d.field("key", &self.key.as_ref().map(|_| "***"))
            .field("base_url", &crate::redact::url(&self.base_url))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_image_bytes", &self.max_image_bytes)
            .field("endpoint", &self.endpoint)
            .field("verify_threshold", &self.verify_threshold)
            .field("requests_per_second", &self.requests_per_second)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some());
        #[cfg(feature = "local")]
        d.field("local", &self.local);
        d.finish()
    }
}

impl<M> ClientBuilder<M> {
    /// The API key (required). Kept as a secret: it is sent only in request
    /// bodies and shown as `***` in `Debug`.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(SecretString::from(key.into()));
        self
    }

    /// Where the API lives; default [`DEFAULT_BASE_URL`] (HTTPS). Plain
    /// `http://` is used only when set here, for a local server. A path
    /// prefix is kept. Checked in `build()`.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = url.as_ref().to_owned();
        self
    }

    /// Time limit of one try, from connecting to the last byte of the
    /// answer; default 30 s. Retries each get this much again.
    pub fn timeout(mut self, total: Duration) -> Self {
        self.timeout = total;
        self
    }

    /// Time limit for opening a connection; default 10 s. Not applied to a
    /// client given with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// The retry policy; default [`RetryPolicy::default`] (3 tries in all).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Largest image accepted, in bytes; default 32 MiB. Larger images fail
    /// with [`InvalidImage::TooLarge`](crate::InvalidImage::TooLarge)
    /// before any request.
    pub fn max_image_bytes(mut self, n: usize) -> Self {
        self.max_image_bytes = n;
        self
    }

    /// Which endpoint carries the image; default [`Endpoint::Auto`].
    pub fn endpoint(mut self, e: Endpoint) -> Self {
        self.endpoint = e;
        self
    }

    /// With [`Endpoint::Auto`], images larger than this many bytes go to
    /// [`Endpoint::Verify`] (a multipart upload); default 1 MiB.
    pub fn verify_threshold(mut self, n: usize) -> Self {
        self.verify_threshold = n;
        self
    }

    /// Client-side rate limit: tries (retries included) are spaced at least
    /// `1 / rps` seconds apart across every task sharing this client. The
    /// API's QPS quotas are per key. Must be finite and above 0.
    pub fn requests_per_second(mut self, rps: f64) -> Self {
        self.requests_per_second = Some(rps);
        self
    }

    /// The `User-Agent` header; default `regcert/VERSION`.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Sends through this `reqwest::Client` (its TLS, proxy and pool
    /// settings) instead of one built here. The timeout still applies per
    /// request; the connect timeout is the given client's own.
    pub fn http_client(mut self, c: reqwest::Client) -> Self {
        self.http = Some(c);
        self
    }

    /// Reads certificates with the offline engine (cargo feature `local`)
    /// instead of the API: the models are loaded by `build()` from
    /// `models_dir`, or with `None` from the default places
    /// ([`regcert_engine::ModelPaths::default_location`]: `$REGCERT_MODELS`,
    /// the user's data folder, a system folder, then `models/`). A missing
    /// model is [`Error::Models`], whose message names `regcert models fetch`.
    ///
    /// Only [`max_image_bytes`](Self::max_image_bytes) applies to a local
    /// client; the key, base URL, endpoint, timeouts, retries, rate limit,
    /// user agent and HTTP client are ignored. Each recognition is one try
    /// ([`Recognition::attempts`](crate::Recognition::attempts) is 1) run on
    /// tokio's blocking thread pool.
    ///
    /// Loading takes a second or more: build one client and clone it (clones
    /// share the engine), or load the engine once and pass it to
    /// [`local_engine`](Self::local_engine).
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local(mut self, models_dir: Option<std::path::PathBuf>) -> Self {
        self.local = Some(crate::local::Source::Dir(models_dir));
        self
    }

    /// As [`local`](Self::local), with an engine already loaded (shared, not
    /// copied).
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn local_engine(mut self, engine: Arc<regcert_engine::Engine>) -> Self {
        self.local = Some(crate::local::Source::Engine(engine));
        self
    }

    /// Reads [`KEY_ENV`] (required) and [`BASE_URL_ENV`] (optional) through
    /// `lookup`.
    pub(crate) fn env(self, lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let key = lookup(KEY_ENV)
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| Error::Config(format!("{KEY_ENV} is not set")))?;
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
            return crate::local::Local::client(source, self.max_image_bytes);
        }
        let key = self
            .key
            .filter(|k| !k.expose_secret().trim().is_empty())
            .ok_or_else(|| Error::Config("the API key is missing or empty".to_owned()))?;
        let base = parse_base_url(&self.base_url)?;
        let pacer = match self.requests_per_second {
            None => None,
            Some(rps) if rps.is_finite() && rps > 0.0 => {
                match Duration::try_from_secs_f64(1.0 / rps) {
                    Ok(interval) if interval <= Duration::from_secs(86_400) => {
                        Some(Pacer::new(interval))
                    }
                    _ => {
                        return Err(Error::Config(format!(
                            "requests_per_second {rps} is too small (at least one a day)"
                        )));
                    }
                }
            }
            Some(rps) => {
                return Err(Error::Config(format!(
                    "requests_per_second must be finite and above 0, got {rps}"
                )));
            }
        };
        let (http, user_agent) = match self.http {
            Some(http) => (http, self.user_agent),
            None => {
                let ua = self
                    .user_agent
                    .unwrap_or_else(|| concat!("regcert/", env!("CARGO_PKG_VERSION")).to_owned());
                (default_http(&base, &ua, self.connect_timeout)?, None)
            }
        };
        let user_agent = user_agent
            .map(|ua| {
                reqwest::header::HeaderValue::from_str(&ua)
                    .map_err(|_| Error::Config("the user agent is not a valid header".to_owned()))
            })
            .transpose()?;
        Ok(Client {
            backend: Backend::Http(Arc::new(Inner {
                http,
                key,
                query_url: join(&base, QUERY_PATH)?,
                verify_url: join(&base, VERIFY_PATH)?,
                timeout: self.timeout,
                retry: self.retry,
                max_image_bytes: self.max_image_bytes,
                endpoint: self.endpoint,
                verify_threshold: self.verify_threshold,
                user_agent,
                pacer,
            })),
        })
    }
}

impl ClientBuilder<Async> {
    /// Checks the settings and makes the client.
    ///
    /// [`Error::Config`] when the key is missing or blank, the base URL is
    /// not an `http(s)` URL without query or fragment, the rate is not above
    /// 0, or the TLS setup fails. A `local` client needs none
    /// of these; it fails with [`Error::Models`] when the models cannot be
    /// loaded.
    pub fn build(self) -> Result<Client, Error> {
        self.build_async()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_required_and_never_shown() {
        let err = Client::builder().build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let err = Client::builder().key("  ").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let b = Client::builder().key("s3cr3t-key-value");
        assert!(!format!("{b:?}").contains("s3cr3t"));
        assert!(format!("{b:?}").contains("***"));
    }

    #[test]
    fn base_urls() {
        for bad in [
            "ftp://x",
            "not a url",
            "http://h/?a=1",
            "http://h/#f",
            "mailto:a@b",
        ] {
            let err = Client::builder()
                .key("k")
                .base_url(bad)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}: {err}");
        }
        for leaky in [
            "http://h/x?key=K3Y-S3CRET",
            "http://user:K3Y-S3CRET@h/x?a=1",
            "ftp://K3Y-S3CRET@h",
            "http://h/#K3Y-S3CRET",
            "not a url?key=K3Y-S3CRET",
        ] {
            let builder = Client::builder().key("k").base_url(leaky);
            assert!(!format!("{builder:?}").contains("K3Y-S3CRET"), "{leaky}");
            let err = builder.build().unwrap_err();
            assert!(!err.to_string().contains("K3Y-S3CRET"), "{leaky}: {err}");
            assert!(
                !format!("{err:?}").contains("K3Y-S3CRET"),
                "{leaky}: {err:?}"
            );
        }
        let err = Client::builder()
            .key("k")
            .base_url("http://h/x?key=K3Y")
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"configuration error: base URL "http://h/x?key=***" must not have a query or fragment"#
        );
        let base = parse_base_url("http://127.0.0.1:9/prefix/").unwrap();
        assert_eq!(
            join(&base, QUERY_PATH).unwrap().as_str(),
            "http://127.0.0.1:9/prefix/verify_cardjz_certificate/query"
        );
        let base = parse_base_url(DEFAULT_BASE_URL).unwrap();
        assert_eq!(
            join(&base, VERIFY_PATH).unwrap().as_str(),
            "https://apis.juhe.cn/verify_cardjz_certificate/verify"
        );
    }

    #[test]
    fn rate_must_be_positive() {
        for rps in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-300, 1e-19, 1e-6] {
            let r = Client::builder().key("k").requests_per_second(rps).build();
            assert!(matches!(r, Err(Error::Config(_))), "{rps}");
        }
    }

    #[test]
    fn env_lookup() {
        let none = |_: &str| None;
        assert!(matches!(Client::builder().env(none), Err(Error::Config(_))));
        let vars = |name: &str| match name {
            KEY_ENV => Some("env-key".to_owned()),
            BASE_URL_ENV => Some(" http://127.0.0.1:1 ".to_owned()),
            _ => None,
        };
        let b = Client::builder().env(vars).unwrap();
        assert_eq!(b.base_url, "http://127.0.0.1:1");
        assert_eq!(
            b.key
                .as_ref()
                .map(|k| k.expose_secret().to_owned())
                .as_deref(),
            Some("env-key")
        );
        let key_only = |name: &str| (name == KEY_ENV).then(|| "k".to_owned());
        assert_eq!(
            Client::builder().env(key_only).unwrap().base_url,
            DEFAULT_BASE_URL
        );
    }
}
