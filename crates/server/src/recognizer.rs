//! What plugs real recognition into the server, and how it fails.

use std::error::Error as StdError;

use regcert_model::{Entry, ErrorCode};

/// Produces the fields for a valid image (the offline engine plugs in here).
///
/// An `Err` is answered with its [`RecognizeError::error_code`]; its
/// message and causes go to the log, never to the client.
pub trait Recognizer: Send + Sync + 'static {
    /// The recognized fields of `image`, in the API's order.
    fn recognize(&self, image: &[u8]) -> Result<Vec<Entry>, RecognizeError>;

    /// An upper estimate of the memory recognizing `image` takes, in bytes,
    /// from its header alone (no pixel decoded): what admission reserves
    /// against [`Limits::memory_budget`](crate::Limits::memory_budget). An
    /// `Err` (an image that will be refused anyway) is answered without
    /// admission. The default, 0, admits by count alone.
    fn memory_estimate(&self, image: &[u8]) -> Result<u64, RecognizeError> {
        let _ = image;
        Ok(0)
    }
}

/// Why a [`Recognizer`] gave no fields for an image.
///
/// The client gets [`RecognizeError::error_code`] and the catalog's reason
/// for it, as the API answers; the cause stays in the server's log.
///
/// ```
/// use regcert_model::ErrorCode;
/// use regcert_server::RecognizeError;
///
/// let e = RecognizeError::Image("not a certificate".into());
/// assert_eq!(e.error_code(), ErrorCode::RecognitionFailed);
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecognizeError {
    /// The image cannot be read: it does not decode, or has too few or too
    /// many pixels. Answered with 270903 (识别失败).
    #[error("the image cannot be read")]
    Image(#[source] Box<dyn StdError + Send + Sync>),
    /// Recognition failed on an image that could be read (the inference
    /// failed, or the recognizer's task ended abnormally). Answered with
    /// 270903 (识别失败), as the API answers any failed recognition.
    #[error("recognition failed")]
    Failed(#[source] Box<dyn StdError + Send + Sync>),
}

impl RecognizeError {
    /// The API's error code the server answers this failure with.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            RecognizeError::Image(_) | RecognizeError::Failed(_) => ErrorCode::RecognitionFailed,
        }
    }
}
