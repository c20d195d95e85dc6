//! Answers from the offline engine: a server that reads certificates for
//! real, with no cloud behind it (`regcert serve --local`).

use std::path::Path;
use std::sync::Arc;

use regcert_engine::{Engine, EngineError};
use regcert_model::Entry;

use crate::config::Recognizer;

/// A [`Recognizer`] that reads each image with the offline engine: the
/// entries are those of [`Engine::read_certificate`], so a client of the
/// server gets what the engine gives directly. Engine failures (an image
/// that does not decode, is too small, ...) are answered with 270903.
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
    pub fn load(models_dir: Option<&Path>) -> Result<EngineRecognizer, EngineError> {
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
    fn recognize(&self, image: &[u8]) -> Result<Vec<Entry>, String> {
        let certificate = self
            .engine
            .read_certificate(image)
            .map_err(|e| e.to_string())?;
        Ok(certificate.entries)
    }

    fn memory_estimate(&self, image: &[u8]) -> Result<u64, String> {
        Engine::memory_estimate(image).map_err(|e| e.to_string())
    }
}
