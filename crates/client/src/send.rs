//! Sending a recognition to the API: the request of each try, retries,
//! the rate limit, and the answer classified.

use std::time::Duration;

use bytes::Bytes;
use regcert_model::{Response, VehicleRegistration};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};
use reqwest::multipart::{Form, Part};
use secrecy::ExposeSecret;
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::body::form_body;
use crate::decode::{decode, read_body};
use crate::error::Error;
use crate::image::{Image, ImageFormat};
use crate::recognition::Recognition;
use crate::retry::retry_after;
use crate::settings::{Endpoint, QUERY_PATH, Settings, VERIFY_PATH};

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

/// One recognition through the API, with retries.
pub(crate) async fn recognize(settings: &Settings, image: Image) -> Result<Recognition, Error> {
    let start = Instant::now();
    let format = image.check(settings.max_image_bytes)?;
    let verify = match settings.endpoint {
        Endpoint::Query => false,
        Endpoint::Verify => true,
        Endpoint::Auto => image.len() > settings.verify_threshold,
    };
    let payload = if verify {
        Payload::Verify(image.bytes().clone(), format)
    } else {
        Payload::Query(form_body(settings.key.expose_secret(), image.bytes()))
    };
    drop(image);
    let attempts = settings.retry.attempts.max(1);
    let mut attempt = 1;
    loop {
        if let Some(pacer) = &settings.pacer {
            pacer.wait().await;
        }
        let span = tracing::debug_span!(
            "regcert.request",
            endpoint = payload.path(),
            attempt,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let result = try_once(settings, &payload).instrument(span).await;
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
        let delay = settings.retry.delay(attempt, failure.retry_after);
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
    settings: &Settings,
    payload: &Payload,
) -> Result<(Response, VehicleRegistration), Failure> {
    let started = Instant::now();
    let request = match payload {
        Payload::Query(body) => settings
            .http
            .post(settings.query_url.clone())
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
                .text("key", settings.key.expose_secret().to_owned())
                .part("file", file);
            settings
                .http
                .post(settings.verify_url.clone())
                .multipart(form)
        }
    };
    let request = match &settings.user_agent {
        Some(ua) => request.header(USER_AGENT, ua.clone()),
        None => request,
    };
    let outcome = request.timeout(settings.timeout).send().await;
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
