//! The HTTP side of a client: its base URL, checked and joined with the
//! API's paths, and the reqwest client with rustls.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::error::ConfigError;

/// The base URL, checked; errors show it redacted (a key may hide in it).
pub(crate) fn parse_base_url(raw: &str) -> Result<Url, ConfigError> {
    let url = parse_http_url("base URL", raw)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::BaseUrlQuery(crate::redact::url(raw)));
    }
    Ok(url)
}

/// An absolute `http(s)` URL; `what` names it in errors, which show it
/// redacted.
pub(crate) fn parse_http_url(what: &'static str, raw: &str) -> Result<Url, ConfigError> {
    let shown = || crate::redact::url(raw);
    let url = Url::parse(raw.trim()).map_err(|e| ConfigError::Url {
        what,
        url: shown(),
        source: e.into(),
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(ConfigError::UrlScheme { what, url: shown() });
    }
    Ok(url)
}

/// `base` with `path` after it.
pub(crate) fn join(base: &Url, path: &str) -> Result<Url, ConfigError> {
    let joined = format!("{}{path}", base.as_str().trim_end_matches('/'));
    Url::parse(&joined).map_err(|e| ConfigError::Url {
        what: "base URL",
        url: crate::redact::url(&joined),
        source: e.into(),
    })
}

/// reqwest with rustls on the ring provider; the platform's roots for HTTPS.
/// For a plain-HTTP base URL no roots are loaded (and any HTTPS redirect
/// would fail, redirects being off anyway).
pub(crate) fn default_http(
    base: &Url,
    ua: &str,
    connect_timeout: Duration,
) -> Result<reqwest::Client, ConfigError> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let tls_error = |e: rustls::Error| ConfigError::HttpSetup(e.into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?;
    let tls = if base.scheme() == "https" {
        builder.with_platform_verifier().map_err(tls_error)?
    } else {
        builder.with_root_certificates(rustls::RootCertStore::empty())
    }
    .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(ua)
        .connect_timeout(connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ConfigError::HttpSetup(e.into()))
}
