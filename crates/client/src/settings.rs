//! A client's settings: as the builder collects them ([`Options`]), and
//! checked, ready to send with ([`Settings`]).

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{ConfigError, Error};
use crate::http::{default_http, join, parse_base_url};
use crate::retry::{Pacer, RetryPolicy};

/// The API's host; HTTPS.
pub const DEFAULT_BASE_URL: &str = "https://apis.juhe.cn";
pub use regcert_model::{QUERY_PATH, VERIFY_PATH};
/// Environment variable holding the API key.
pub const KEY_ENV: &str = "JUHE_KEY";
/// Environment variable overriding the base URL.
pub const BASE_URL_ENV: &str = "REGCERT_BASE_URL";
/// The default of `ClientBuilder::max_image_bytes`: 32 MiB.
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

/// The settings as given to the builder, not yet checked.
pub(crate) struct Options {
    pub(crate) key: Option<SecretString>,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_image_bytes: usize,
    pub(crate) endpoint: Endpoint,
    pub(crate) verify_threshold: usize,
    pub(crate) requests_per_second: Option<f64>,
    pub(crate) user_agent: Option<String>,
    pub(crate) http: Option<reqwest::Client>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
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
        }
    }
}

impl Options {
    /// Adds every setting to `d`, the key shown as `***`.
    pub(crate) fn debug_fields(&self, d: &mut fmt::DebugStruct<'_, '_>) {
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
    }

    /// Checks the settings of an HTTP client; [`Error::Config`] for the
    /// first one that is wrong.
    pub(crate) fn check(self) -> Result<Settings, Error> {
        let key = self
            .key
            .filter(|k| !k.expose_secret().trim().is_empty())
            .ok_or(ConfigError::MissingKey)?;
        let base = parse_base_url(&self.base_url)?;
        let pacer = self.requests_per_second.map(pacer).transpose()?;
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
            .map(|ua| HeaderValue::from_str(&ua).map_err(ConfigError::UserAgent))
            .transpose()?;
        Ok(Settings {
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
        })
    }
}

/// The pacer of a rate limit: finite, above 0 and at least one a day.
fn pacer(rps: f64) -> Result<Pacer, ConfigError> {
    if !(rps.is_finite() && rps > 0.0) {
        return Err(ConfigError::Rate(rps));
    }
    match Duration::try_from_secs_f64(1.0 / rps) {
        Ok(interval) if interval <= Duration::from_secs(86_400) => Ok(Pacer::new(interval)),
        _ => Err(ConfigError::Rate(rps)),
    }
}

/// The checked settings of an HTTP client, shared by its clones.
pub(crate) struct Settings {
    pub(crate) http: reqwest::Client,
    pub(crate) key: SecretString,
    pub(crate) query_url: Url,
    pub(crate) verify_url: Url,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_image_bytes: usize,
    pub(crate) endpoint: Endpoint,
    pub(crate) verify_threshold: usize,
    /// Set per request only when the caller brought their own reqwest client.
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) pacer: Option<Pacer>,
}

impl fmt::Debug for Settings {
    /// The settings as those of the client, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("key", &"***")
            .field("query_url", &crate::redact::url(self.query_url.as_str()))
            .field("verify_url", &crate::redact::url(self.verify_url.as_str()))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_image_bytes", &self.max_image_bytes)
            .field("endpoint", &self.endpoint)
            .field("verify_threshold", &self.verify_threshold)
            .field("rate_limited", &self.pacer.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(base_url: &str, rps: Option<f64>) -> Result<Settings, Error> {
        Options {
            key: Some("k".into()),
            base_url: base_url.to_owned(),
            requests_per_second: rps,
            ..Options::default()
        }
        .check()
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
            let err = check(bad, None).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}: {err}");
        }
        for leaky in [
            "http://h/x?key=K3Y-S3CRET",
            "http://user:K3Y-S3CRET@h/x?a=1",
            "ftp://K3Y-S3CRET@h",
            "http://h/#K3Y-S3CRET",
            "not a url?key=K3Y-S3CRET",
        ] {
            let err = check(leaky, None).unwrap_err();
            assert!(!err.to_string().contains("K3Y-S3CRET"), "{leaky}: {err}");
            assert!(
                !format!("{err:?}").contains("K3Y-S3CRET"),
                "{leaky}: {err:?}"
            );
        }
        let err = check("http://h/x?key=K3Y", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"configuration error: base URL "http://h/x?key=***" must not have a query or fragment"#
        );
        let err = check("ftp://h", None).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Config(ConfigError::UrlScheme {
                    what: "base URL",
                    ..
                })
            ),
            "{err}"
        );
        let s = check("http://127.0.0.1:9/prefix/", None).unwrap();
        assert_eq!(
            s.query_url.as_str(),
            "http://127.0.0.1:9/prefix/verify_cardjz_certificate/query"
        );
        let s = check(DEFAULT_BASE_URL, None).unwrap();
        assert_eq!(
            s.verify_url.as_str(),
            "https://apis.juhe.cn/verify_cardjz_certificate/verify"
        );
    }

    #[test]
    fn rate_must_be_positive() {
        for rps in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-300, 1e-19, 1e-6] {
            let r = check(DEFAULT_BASE_URL, Some(rps));
            assert!(
                matches!(r, Err(Error::Config(ConfigError::Rate(_)))),
                "{rps}"
            );
        }
        assert!(check(DEFAULT_BASE_URL, Some(1e-4)).unwrap().pacer.is_some());
    }
}
