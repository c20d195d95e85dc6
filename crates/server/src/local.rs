//! Answers from the offline engine: a server that reads certificates for
//! real, with no cloud behind it (`regcert serve --local`).

use std::path::Path;
use std::sync::Arc;

use regcert_engine::{Engine, EngineError};
use regcert_model::Entry;

use crate::error::ServerError;
use crate::recognizer::{RecognizeError, Recognizer};

/// A [`Recognizer`] that reads each image with the offline engine: the
/// entries are those of [`Engine::read_certificate`], so a client of the
/// server gets what the engine gives directly. Engine failures (an image
/// that does not decode, is too small, ...) are answered with 270903
/// ([`RecognizeError`]).
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use std::sync::Arc;
/// use regcert_server::{Config, EngineRecognizer, Server};
///
/// let config = Config {
///     keys: vec!["my-key".to_owned()],
///     recognizer: Some(Arc::new(EngineRecognizer::load(None)?)),
///     ..Config::default()
/// };
/// let server = Server::bind("127.0.0.1:8080".parse()?, config).await?;
/// # server.shutdown().await; Ok(()) }
/// ```
pub struct EngineRecognizer {
    engine: Arc<Engine>,
}

impl EngineRecognizer {
    /// Answers with `engine` (shared, not copied).
    pub fn new(engine: Arc<Engine>) -> EngineRecognizer {
        EngineRecognizer { engine }
    }

    /// Loads the models from `models_dir`, or with `None` from the default
    /// places (`regcert models path`). The error of a missing model names
    /// `regcert models fetch`.
    pub fn load(models_dir: Option<&Path>) -> Result<EngineRecognizer, ServerError> {
        let engine = match models_dir {
            Some(dir) => Engine::from_dir(dir)?,
            None => Engine::from_default_location()?,
        };
        Ok(EngineRecognizer::new(Arc::new(engine)))
    }

    /// The engine it answers with.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }
}

impl std::fmt::Debug for EngineRecognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EngineRecognizer")
    }
}

impl Recognizer for EngineRecognizer {
    fn recognize(&self, image: &[u8]) -> Result<Vec<Entry>, RecognizeError> {
        let certificate = self.engine.read_certificate(image).map_err(refusal)?;
        Ok(certificate.entries)
    }

    fn memory_estimate(&self, image: &[u8]) -> Result<u64, RecognizeError> {
        Engine::memory_estimate(image).map_err(refusal)
    }
}

/// An engine failure as the server answers it: the image's fault, or the
/// engine's.
fn refusal(e: EngineError) -> RecognizeError {
    match e {
        EngineError::ImageEmpty
        | EngineError::ImageFormatUnknown
        | EngineError::ImageDecode(_)
        | EngineError::ImageTooSmall { .. }
        | EngineError::ImageTooLarge { .. } => RecognizeError::Image(Box::new(e)),
        _ => RecognizeError::Failed(Box::new(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_s_faults_and_the_engine_s_are_told_apart() {
        let image = [
            EngineError::ImageEmpty,
            EngineError::ImageFormatUnknown,
            EngineError::ImageDecode("truncated".to_owned()),
            EngineError::ImageTooSmall {
                width: 1,
                height: 1,
                min: 16,
            },
        ];
        for e in image {
            assert!(matches!(refusal(e), RecognizeError::Image(_)));
        }
        let failed = refusal(EngineError::Inference("shape".to_owned()));
        assert!(matches!(failed, RecognizeError::Failed(_)), "{failed:?}");
        // The cause is kept whole, as the source.
        let source = std::error::Error::source(&failed).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("inference failed: shape"));
    }
}
