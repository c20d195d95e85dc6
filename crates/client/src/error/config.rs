//! [`ConfigError`]: why a client cannot be made or used as set up.

/// Any error, boxed: the cause of a [`ConfigError`] whose type belongs to
/// a dependency (a URL parser, the TLS stack).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a client (or `models::fetch`) cannot be made, or
/// cannot be used where it was called; inside `Error::Config`.
///
/// Each message is in its own words; the cause, when there is one, is
/// [`source`](std::error::Error::source). URLs are shown redacted (a key may
/// hide in one).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No API key was given, or only blanks.
    #[error("the API key is missing or empty")]
    MissingKey,
    /// The environment variable named here (such as
    /// `KEY_ENV`) is unset or blank.
    #[error("{0} is not set")]
    MissingEnv(&'static str),
    /// A URL does not parse.
    #[error("invalid {what} {url:?}")]
    Url {
        /// Which URL: `"base URL"` or `"models URL"`.
        what: &'static str,
        /// The URL, redacted.
        url: String,
        /// The parser's error.
        #[source]
        source: BoxError,
    },
    /// A URL is not an `http(s)` URL.
    #[error("{what} {url:?} must start with https:// (or http:// for a local server)")]
    UrlScheme {
        /// Which URL: `"base URL"` or `"models URL"`.
        what: &'static str,
        /// The URL, redacted.
        url: String,
    },
    /// The base URL has a query or a fragment.
    #[error("base URL {0:?} must not have a query or fragment")]
    BaseUrlQuery(
        /// The URL, redacted.
        String,
    ),
    /// `ClientBuilder::requests_per_second` is not finite, not above 0, or below one a day.
    #[error("requests_per_second must be finite and at least one a day, got {0}")]
    Rate(f64),
    /// `ClientBuilder::user_agent` is not a valid header value.
    #[error("the user agent is not a valid header value")]
    UserAgent(#[source] reqwest::header::InvalidHeaderValue),
    /// The TLS or HTTP stack could not be set up.
    #[error("the HTTP client cannot be set up")]
    HttpSetup(#[source] BoxError),
    /// The client's own async runtime could not start.
    #[error("cannot start the client's runtime")]
    Runtime(#[source] std::io::Error),
    /// A blocking call was made inside an async runtime, where it would
    /// block a runtime thread.
    #[error("{called} was called inside an async runtime; use {instead} there")]
    InsideRuntime {
        /// What was called, such as `"the blocking client"`.
        called: &'static str,
        /// What to call there instead.
        instead: &'static str,
    },
}
