//! The local backend: certificates read by the offline engine in this
//! process, answered as the API would answer them.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use regcert_engine::{Engine, EngineError};
use regcert_model::Response;
use tokio::time::Instant;

use crate::error::{Error, InvalidImage, LocalError, ModelsError};
use crate::image::Image;
use crate::recognition::Recognition;

/// Where a local client's engine comes from.
#[derive(Clone)]
pub(crate) enum Source {
    /// Loaded by `build()` from the default places.
    DefaultPlaces,
    /// Loaded by `build()` from this folder.
    Dir(PathBuf),
    /// Already loaded.
    Engine(Arc<Engine>),
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::DefaultPlaces => f.write_str("DefaultPlaces"),
            Source::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            Source::Engine(_) => f.write_str("Engine(..)"),
        }
    }
}

/// A local client's state: the engine, shared by every clone.
pub(crate) struct Local {
    engine: Arc<Engine>,
    max_image_bytes: usize,
}

impl fmt::Debug for Local {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("backend", &"local")
            .field("max_image_bytes", &self.max_image_bytes)
            .finish()
    }
}

impl Local {
    /// The backend of a local client, loading the engine when `source`
    /// asks for it: [`Error::Models`] when the models cannot be loaded.
    pub(crate) fn new(source: Source, max_image_bytes: usize) -> Result<Local, Error> {
        let engine = match source {
            Source::Engine(engine) => engine,
            Source::Dir(dir) => Arc::new(Engine::from_dir(dir).map_err(engine_error)?),
            Source::DefaultPlaces => {
                Arc::new(Engine::from_default_location().map_err(engine_error)?)
            }
        };
        Ok(Local::with_engine(engine, max_image_bytes))
    }

    /// The backend of a local client reading with `engine`.
    pub(crate) fn with_engine(engine: Arc<Engine>, max_image_bytes: usize) -> Local {
        Local {
            engine,
            max_image_bytes,
        }
    }

    /// Checks the image as the HTTP client does, then reads it on the
    /// blocking thread pool.
    pub(crate) async fn recognize(&self, image: Image) -> Result<Recognition, Error> {
        let start = Instant::now();
        image.check(self.max_image_bytes)?;
        let bytes = image.bytes().clone();
        drop(image);
        let engine = Arc::clone(&self.engine);
        let certificate = tokio::task::spawn_blocking(move || engine.read_certificate(&bytes))
            .await
            .map_err(LocalError::task)?
            .map_err(engine_error)?;
        let record = certificate.record();
        let elapsed = start.elapsed();
        tracing::debug!(
            elapsed_ms = elapsed.as_millis() as u64,
            "regcert.local recognition"
        );
        Ok(Recognition {
            order_id: None,
            record,
            response: Response::success_without_order(certificate.entries),
            attempts: 1,
            elapsed,
        })
    }
}

/// The client's error for an engine error: model problems are
/// [`Error::Models`], image problems the client did not catch are
/// [`Error::InvalidImage`] or [`Error::Local`].
fn engine_error(e: EngineError) -> Error {
    match e {
        EngineError::ModelMissing { .. }
        | EngineError::ModelsNotFound { .. }
        | EngineError::ModelChecksum { .. }
        | EngineError::ModelCorrupt { .. } => ModelsError::engine(e).into(),
        EngineError::ImageEmpty => Error::InvalidImage(InvalidImage::Empty),
        EngineError::ImageFormatUnknown => Error::InvalidImage(InvalidImage::UnknownFormat),
        other => LocalError::engine(other).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_models_name_the_fetch_command() {
        let dir = std::env::temp_dir().join("regcert-client-no-models-here");
        let err = Local::new(Source::Dir(dir.clone()), 1).unwrap_err();
        assert_eq!(err.kind(), "models");
        let shown = err.to_string();
        assert_eq!(shown.matches("regcert models fetch").count(), 1, "{shown}");
        assert_eq!(shown.matches(dir.to_str().unwrap()).count(), 1, "{shown}");
        assert!(shown.starts_with("offline engine unavailable: "), "{shown}");
        let Error::Models(models) = &err else {
            panic!("{err:?}")
        };
        assert!(models.engine_error().is_some());
        assert!(!err.is_retryable());
    }

    #[test]
    fn engine_errors_keep_their_class() {
        assert!(matches!(
            engine_error(EngineError::ImageEmpty),
            Error::InvalidImage(InvalidImage::Empty)
        ));
        let err = engine_error(EngineError::ImageDecode("truncated".into()));
        assert_eq!(err.kind(), "local");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
