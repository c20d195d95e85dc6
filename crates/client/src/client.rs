//! The async client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt as _};
use regcert_model::Status;
use regcert_model::{ApiError, Response, VehicleRegistration};
use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::multipart::{Form, Part};
use reqwest::{StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::body::form_body;
use crate::builder::{Async, ClientBuilder, Endpoint, QUERY_PATH, VERIFY_PATH};
use crate::error::Error;
use crate::image::{Image, ImageFormat};
use crate::retry::{Pacer, RetryPolicy, retry_after};

/// Bodies above this size are not an answer of the API.
const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// A successful recognition.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Recognition {
    /// The normalized, validated record.
    pub record: VehicleRegistration,
    /// The answer exactly as the API sent it; for an offline reading, a
    /// success carrying the entries read and no order number.
    pub response: Response,
    /// The API's order number (`"JH…"`), when it sent one; `None` for an
    /// offline reading, for which no cloud order exists.
    pub order_id: Option<String>,
    /// How many tries it took, the successful one included.
    pub attempts: u32,
    /// Time from the call to the answer, image checks and retries included.
    pub elapsed: Duration,
}

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
/// `local` feature) reads
/// certificates with the offline engine instead: no key, no network, the
/// same [`Recognition`].
#[derive(Clone)]
pub struct Client {
    pub(crate) backend: Backend,
}

/// Where recognitions happen.
#[derive(Clone)]
pub(crate) enum Backend {
    /// The API over HTTP.
    Http(Arc<Inner>),
    /// The offline engine in this process.
    #[cfg(feature = "local")]
    Local(Arc<crate::local::Local>),
}

pub(crate) struct Inner {
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

impl fmt::Debug for Client {
    /// The settings, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Backend::Http(inner) => inner.fmt(f),
            #[cfg(feature = "local")]
            Backend::Local(local) => local.fmt(f),
        }
    }
}

impl fmt::Debug for Inner {
    /// The settings, the key shown as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = self;
        f.debug_struct("Client")
            .field("key", &"***")
            .field("query_url", &crate::redact::url(i.query_url.as_str()))
            .field("verify_url", &crate::redact::url(i.verify_url.as_str()))
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .field("max_image_bytes", &i.max_image_bytes)
            .field("endpoint", &i.endpoint)
            .field("verify_threshold", &i.verify_threshold)
            .field("rate_limited", &i.pacer.is_some())
            .finish()
    }
}

/// What one try sends; built once per recognition and reused by retries.
enum Payload {
    /// To [`Endpoint::Query`]: the form body with the image in base64.
    Query(Bytes),
    /// To [`Endpoint::Verify`]: the image for a multipart upload.
    Verify(Bytes, ImageFormat),
}

impl Payload {
    fn path(&self) -> &'static str {
        match self {
            Payload::Query(_) => QUERY_PATH,
            Payload::Verify(..) => VERIFY_PATH,
        }
    }
}

/// A failed try and how long the server asked to wait.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            retry_after: None,
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
            Backend::Http(inner) => inner.recognize(image).await,
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

impl Inner {
    /// One recognition through the API, with retries.
    async fn recognize(&self, image: Image) -> Result<Recognition, Error> {
        let start = Instant::now();
        let inner = self;
        let format = image.check(inner.max_image_bytes)?;
        let verify = match inner.endpoint {
            Endpoint::Query => false,
            Endpoint::Verify => true,
            Endpoint::Auto => image.len() > inner.verify_threshold,
        };
        let payload = if verify {
            Payload::Verify(image.bytes().clone(), format)
        } else {
            Payload::Query(form_body(inner.key.expose_secret(), image.bytes()))
        };
        drop(image);
        let attempts = inner.retry.attempts.max(1);
        let mut attempt = 1;
        loop {
            if let Some(pacer) = &inner.pacer {
                pacer.wait().await;
            }
            let span = tracing::debug_span!(
                "regcert.request",
                endpoint = payload.path(),
                attempt,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let result = self.try_once(&payload).instrument(span).await;
            let failure = match result {
                Ok((response, record)) => {
                    return Ok(Recognition {
                        order_id: response.result.as_ref().and_then(|r| r.orderid.clone()),
                        record,
                        response,
                        attempts: attempt,
                        elapsed: start.elapsed(),
                    });
                }
                Err(failure) => failure,
            };
            if attempt >= attempts || !failure.error.is_retryable() {
                return Err(failure.error);
            }
            let delay = inner.retry.delay(attempt, failure.retry_after);
            tracing::debug!(
                attempt,
                error = failure.error.kind(),
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, classified.
    async fn try_once(
        &self,
        payload: &Payload,
    ) -> Result<(Response, VehicleRegistration), Failure> {
        let inner = self;
        let started = Instant::now();
        let request = match payload {
            Payload::Query(body) => inner
                .http
                .post(inner.query_url.clone())
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                )
                .body(body.clone()),
            Payload::Verify(bytes, format) => {
                let file = Part::stream_with_length(bytes.clone(), bytes.len() as u64)
                    .file_name(format!("image.{}", format.extension()))
                    .mime_str(format.mime())
                    .map_err(Error::Transport)?;
                let form = Form::new()
                    .text("key", inner.key.expose_secret().to_owned())
                    .part("file", file);
                inner.http.post(inner.verify_url.clone()).multipart(form)
            }
        };
        let request = match &inner.user_agent {
            Some(ua) => request.header(USER_AGENT, ua.clone()),
            None => request,
        };
        let outcome = request.timeout(inner.timeout).send().await;
        let span = tracing::Span::current();
        let response = outcome.map_err(Error::from_reqwest)?;
        let status = response.status();
        span.record("status", status.as_u16());
        let wait = if matches!(
            status,
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
        ) {
            retry_after(response.headers())
        } else {
            None
        };
        let body = read_body(response).await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        let body = body?;
        if !status.is_success() {
            return Err(Failure {
                error: Error::Http {
                    status: status.as_u16(),
                    body_snippet: crate::error::snippet(&body),
                },
                retry_after: wait,
            });
        }
        Ok(decode(&body)?)
    }
}

/// The whole body, up to [`MAX_RESPONSE_BYTES`].
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(Error::decode(&body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A 2xx body as an answer: the record, or the API's error.
///
/// A body that is not an answer is [`Error::Incomplete`] (retried) when it
/// is not even one whole JSON document, else [`Error::Decode`] (final).
fn decode(body: &[u8]) -> Result<(Response, VehicleRegistration), Error> {
    let not_an_answer = || {
        if Response::is_json_document(body) {
            Error::decode(body)
        } else {
            Error::incomplete(body)
        }
    };
    let response = Response::from_slice(body).map_err(|_| not_an_answer())?;
    match response.status() {
        Status::Failure(code) => Err(ApiError::new(code, response.reason).into()),
        Status::Missing => Err(not_an_answer()),
        Status::Success => match regcert_model::from_response(&response) {
            Ok(record) => Ok((response, record)),
            Err(_) => Err(not_an_answer()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regcert_model::ErrorCode;

    #[test]
    fn decodes_answers() {
        let ok = r#"{"reason":"ok","error_code":0,"result":{"orderid":"JH1","res":[{"desc":"燃料种类","content":"汽油"}]}}"#;
        let (response, record) = decode(ok.as_bytes()).unwrap();
        assert_eq!(response.result.unwrap().orderid.as_deref(), Some("JH1"));
        assert_eq!(record.order_id.as_deref(), Some("JH1"));
        let err = decode(br#"{"reason":"x","result":null,"error_code":"270903"}"#).unwrap_err();
        assert!(matches!(
            err,
            Error::Api(ref e) if e.code == ErrorCode::RecognitionFailed && e.reason.as_deref() == Some("x")
        ));
        for wrong in [
            &b"{}"[..],
            b"{\"error_code\":0}",
            b"{\"error_code\":1.0,\"result\":null}",
            b"[1]",
        ] {
            assert!(
                matches!(decode(wrong), Err(Error::Decode { .. })),
                "{wrong:?}"
            );
        }
        for cut in [
            &b""[..],
            b"{\"reason\":",
            b"{\"error_code\":1.0,\"res",
            b"<html>",
            b"\xff\xfe",
            b"{\"reason\":\"\xff\",\"result\":null,\"error_code\":0}",
        ] {
            assert!(
                matches!(decode(cut), Err(Error::Incomplete { .. })),
                "{cut:?}"
            );
        }
    }
}
