//! The client's errors.

mod config;
mod offline;
#[cfg(test)]
mod rendering_tests;

use std::fmt;
use std::path::PathBuf;

use regcert_model::{ApiError, ErrorCode};

pub use config::{BoxError, ConfigError};
pub use offline::{LocalError, ModelsError};

/// How many characters of an unexpected body an error keeps.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// Why an image was refused before any request was sent.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidImage {
    /// No bytes at all (the API would answer 270902, file参数不可为空).
    #[error("the image is empty (the API answers 270902 for an empty file)")]
    Empty,
    /// More bytes than the client's `max_image_bytes`.
    #[error("the image is {size} bytes, above the limit of {max} bytes")]
    TooLarge {
        /// The image's size in bytes.
        size: usize,
        /// The configured limit in bytes.
        max: usize,
    },
    /// The leading bytes are not those of an accepted format.
    #[error("not an accepted image format: expected JPEG, PNG or BMP")]
    UnknownFormat,
}

/// Everything that can go wrong in a recognition.
///
/// No variant ever holds the API key: it travels only in request bodies,
/// never in a URL, so neither `Display` nor `Debug` can show it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-zero `error_code`.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The server answered with an HTTP status other than 2xx.
    #[error("HTTP status {status}: {body_snippet:?}")]
    Http {
        /// The HTTP status code.
        status: u16,
        /// The start of the body (at most 200 characters, lossy UTF-8).
        body_snippet: String,
    },
    /// The request (connect, send or receive) took longer than the timeout.
    #[error("the request timed out")]
    Timeout,
    /// The connection failed: refused, reset, closed early, DNS, TLS.
    #[error("transport error: {}", Chain(.0))]
    Transport(#[source] reqwest::Error),
    /// A 2xx body that is one whole JSON document but not an answer of the
    /// API: the wrong shape, no `error_code`, an `error_code` that is not an
    /// integer. Final: the same request gets the same answer.
    #[error("undecodable response body: {body_snippet:?}")]
    Decode {
        /// The start of the body (at most 200 characters, lossy UTF-8).
        body_snippet: String,
    },
    /// A 2xx body that is not one whole JSON document: cut short (the
    /// connection closed early), empty, not UTF-8, or not JSON at all. The
    /// answer was damaged on its way, a transport fault: retried.
    #[error("incomplete response body (not a whole JSON document): {body_snippet:?}")]
    Incomplete {
        /// The start of the body (at most 200 characters, lossy UTF-8).
        body_snippet: String,
    },
    /// The image was refused before any request was sent.
    #[error("invalid image: {0}")]
    InvalidImage(#[from] InvalidImage),
    /// The image could not be read.
    #[error("cannot read {}: {source}", path_label(.path))]
    Io {
        /// The file, when the image came from a path.
        path: Option<PathBuf>,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The client is configured wrongly, or used where it cannot work.
    ///
    /// The message shows the [`ConfigError`] and its causes, so
    /// [`source`](std::error::Error::source) is `None`: match the variant
    /// for the [`ConfigError`] itself.
    #[error("configuration error: {}", Chain(.0))]
    Config(ConfigError),
    /// The offline engine's models are missing, corrupt or unusable, or
    /// could not be installed (the message names the file and names
    /// `regcert models fetch`). Local clients and the `models`
    /// module only.
    ///
    /// The message shows the [`ModelsError`] and its causes, so `source` is
    /// `None`: match the variant for the [`ModelsError`] itself.
    #[error("offline engine unavailable: {}", Chain(.0))]
    Models(ModelsError),
    /// The offline engine could not read a valid-looking image: it does not
    /// decode, has too few or too many pixels, or inference failed. Local
    /// clients only; the cloud API answers such images with 270903.
    ///
    /// The message shows the [`LocalError`] and its causes, so `source` is
    /// `None`: match the variant for the [`LocalError`] itself.
    #[error("offline recognition failed: {}", Chain(.0))]
    Local(LocalError),
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<ModelsError> for Error {
    fn from(e: ModelsError) -> Self {
        Error::Models(e)
    }
}

impl From<LocalError> for Error {
    fn from(e: LocalError) -> Self {
        Error::Local(e)
    }
}

impl Error {
    /// A stable lower-case name of the variant: `"api"`, `"http"`,
    /// `"timeout"`, `"transport"`, `"decode"`, `"incomplete"`,
    /// `"invalid_image"`, `"io"`, `"config"`, `"models"` or `"local"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Api(_) => "api",
            Error::Http { .. } => "http",
            Error::Timeout => "timeout",
            Error::Transport(_) => "transport",
            Error::Decode { .. } => "decode",
            Error::Incomplete { .. } => "incomplete",
            Error::InvalidImage(_) => "invalid_image",
            Error::Io { .. } => "io",
            Error::Config(_) => "config",
            Error::Models(_) => "models",
            Error::Local(_) => "local",
        }
    }

    /// The catalog code of an [`Error::Api`].
    pub fn api_code(&self) -> Option<ErrorCode> {
        match self {
            Error::Api(e) => Some(e.code),
            _ => None,
        }
    }

    /// Whether the same request may succeed on a later try: timeouts,
    /// transport errors, incomplete bodies, HTTP 408, 429 and 5xx, and the
    /// API codes that [`ErrorCode::is_retryable`] names. Key errors, an
    /// empty `file`, a failed recognition, undecodable (whole but wrong)
    /// bodies, local errors and every error of the offline engine are final.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Transport(_) | Error::Incomplete { .. } => true,
            Error::Http { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            Error::Api(e) => e.is_retryable(),
            Error::Decode { .. }
            | Error::InvalidImage(_)
            | Error::Io { .. }
            | Error::Config(_)
            | Error::Models(_)
            | Error::Local(_) => false,
        }
    }

    /// An [`Error::Decode`] holding the start of `body`.
    pub(crate) fn decode(body: &[u8]) -> Error {
        Error::Decode {
            body_snippet: snippet(body),
        }
    }

    /// An [`Error::Incomplete`] holding the start of `body`.
    pub(crate) fn incomplete(body: &[u8]) -> Error {
        Error::Incomplete {
            body_snippet: snippet(body),
        }
    }

    /// A timeout or a transport error, from reqwest's error (its URL
    /// redacted).
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
        if err.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(crate::redact::reqwest_error(err))
        }
    }
}

/// The first [`SNIPPET_CHARS`] characters of `body`, invalid UTF-8 replaced.
///
/// A body that looks like JSON is not quoted: an answer of the API holds the
/// owner's name and ID number near its start, and error messages end up in
/// logs. Only its size is given.
pub(crate) fn snippet(body: &[u8]) -> String {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return format!("<{} bytes of JSON, not shown>", body.len());
    }
    // 4 bytes per character at most: decoding more is wasted work.
    let head = &body[..body.len().min(SNIPPET_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(SNIPPET_CHARS)
        .collect()
}

fn path_label(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map_or_else(|| "the image".to_owned(), |p| p.display().to_string())
}

/// An error's message followed by those of its causes, `: ` between them
/// (reqwest's "connection refused" is usually two levels down).
struct Chain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn json_bodies_are_never_quoted() {
        let body = r#"{"reason":"操作成功","result":{"res":[{"desc":"机动车所有人","content":"张三/居民身份证/11010519491231002X"}]}}"#;
        let shown = Error::decode(body.as_bytes()).to_string();
        assert!(!shown.contains("张三"), "{shown}");
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(shown.contains(&format!("{} bytes", body.len())), "{shown}");
        let html = Error::decode(b"<html>502 Bad Gateway</html>").to_string();
        assert!(html.contains("502 Bad Gateway"), "{html}");
    }

    use super::*;

    #[test]
    fn snippet_is_short_and_lossy() {
        let long = "é".repeat(500);
        let s = snippet(long.as_bytes());
        assert_eq!(s.chars().count(), SNIPPET_CHARS);
        let s = snippet(&[b'a', 0xff, 0xfe, b'b']);
        assert_eq!(s, "a\u{fffd}\u{fffd}b");
        assert_eq!(snippet(b""), "");
    }

    #[test]
    fn retryable_classes() {
        let http = |status| Error::Http {
            status,
            body_snippet: String::new(),
        };
        assert!(http(500).is_retryable());
        assert!(http(503).is_retryable());
        assert!(http(429).is_retryable());
        assert!(!http(404).is_retryable());
        assert!(!http(400).is_retryable());
        assert!(Error::Timeout.is_retryable());
        let api = |code| Error::Api(ApiError::new(code, None));
        assert!(api(ErrorCode::NetworkError).is_retryable());
        assert!(api(ErrorCode::IpRateLimited).is_retryable());
        assert!(!api(ErrorCode::InvalidKey).is_retryable());
        assert!(!api(ErrorCode::FileEmpty).is_retryable());
        assert!(!api(ErrorCode::RecognitionFailed).is_retryable());
        assert!(!Error::decode(b"{}").is_retryable());
        assert!(Error::incomplete(b"{\"reason\":").is_retryable());
        assert!(!Error::from(InvalidImage::Empty).is_retryable());
    }

    #[test]
    fn messages_name_the_accepted_formats_and_the_code() {
        let m = Error::from(InvalidImage::UnknownFormat).to_string();
        assert!(
            m.contains("JPEG") && m.contains("PNG") && m.contains("BMP"),
            "{m}"
        );
        let m = Error::Api(ApiError::new(
            ErrorCode::InvalidKey,
            Some("错误的请求KEY".into()),
        ))
        .to_string();
        assert_eq!(m, "API error 10001 错误的请求KEY (invalid request key)");
        assert_eq!(Error::Timeout.kind(), "timeout");
        assert_eq!(
            Error::Api(ApiError::new(ErrorCode::FileEmpty, None)).api_code(),
            Some(ErrorCode::FileEmpty)
        );
    }
}
