//! The HTTP side of a client: its base URL, checked and joined with the
//! API's paths, and the reqwest client with rustls.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::error::Error;

/// The base URL, checked; errors show it redacted (a key may hide in it).
pub(crate) fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let shown = crate::redact::url(raw);
    let url = Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("invalid base URL {shown:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {shown:?} must start with https:// (or http:// for a local server)"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL {shown:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}

/// `base` with `path` after it.
pub(crate) fn join(base: &Url, path: &str) -> Result<Url, Error> {
    let joined = format!("{}{path}", base.as_str().trim_end_matches('/'));
    Url::parse(&joined).map_err(|e| {
        let shown = crate::redact::url(&joined);
        Error::Config(format!("invalid URL {shown:?}: {e}"))
    })
}

/// reqwest with rustls on the ring provider; the platform's roots for HTTPS.
/// For a plain-HTTP base URL no roots are loaded (and any HTTPS redirect
/// would fail, redirects being off anyway).
pub(crate) fn default_http(
    base: &Url,
    ua: &str,
    connect_timeout: Duration,
) -> Result<reqwest::Client, Error> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let tls_error = |e: rustls::Error| Error::Config(format!("TLS setup failed: {e}"));
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
        .map_err(|e| Error::Config(format!("HTTP client setup failed: {e}")))
}
