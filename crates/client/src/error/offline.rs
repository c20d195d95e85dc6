//! [`ModelsError`] and [`LocalError`]: the offline engine's errors, kept
//! whole. Both types exist without the `local` feature too (so that
//! `Error` has the same variants in every build), but only
//! a build with it ever makes one.

#[cfg(feature = "local")]
use super::config::BoxError;

/// Why the offline engine's models cannot be used or installed; inside
/// `Error::Models`.
///
/// The message names the file and says how to get the models
/// (`regcert models fetch`); the engine's error itself is
/// `engine_error` (feature `local`) when it came from the engine.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ModelsError(Models);

#[derive(Debug, thiserror::Error)]
enum Models {
    /// The engine refused the models: missing, wrong sum, unusable.
    #[cfg(feature = "local")]
    #[error(transparent)]
    Engine(regcert_engine::EngineError),
    /// Getting or installing the models failed.
    #[cfg(feature = "local")]
    #[error("{message}")]
    Install {
        message: String,
        #[source]
        source: Option<BoxError>,
    },
}

/// Why the offline engine could not read a valid-looking image; inside
/// `Error::Local`.
///
/// The engine's error itself is `engine_error` (feature `local`).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct LocalError(Local);

#[derive(Debug, thiserror::Error)]
enum Local {
    /// The engine's error: the image does not decode, has too few or too
    /// many pixels, or inference failed.
    #[cfg(feature = "local")]
    #[error(transparent)]
    Engine(regcert_engine::EngineError),
    /// The task running the engine panicked or was cancelled.
    #[cfg(feature = "local")]
    #[error("the recognition task failed")]
    Task(#[source] tokio::task::JoinError),
}

#[cfg(feature = "local")]
impl ModelsError {
    /// The engine's error, when the engine refused the models (and not
    /// getting or installing them).
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn engine_error(&self) -> Option<&regcert_engine::EngineError> {
        match &self.0 {
            Models::Engine(e) => Some(e),
            Models::Install { .. } => None,
        }
    }

    /// The engine refused the models.
    pub(crate) fn engine(e: regcert_engine::EngineError) -> ModelsError {
        ModelsError(Models::Engine(e))
    }

    /// Getting or installing the models failed: `message` in its own words,
    /// `source` the cause.
    pub(crate) fn install(message: impl Into<String>, source: Option<BoxError>) -> ModelsError {
        ModelsError(Models::Install {
            message: message.into(),
            source,
        })
    }
}

#[cfg(feature = "local")]
impl LocalError {
    /// The engine's error, unless the task running it failed.
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    pub fn engine_error(&self) -> Option<&regcert_engine::EngineError> {
        match &self.0 {
            Local::Engine(e) => Some(e),
            Local::Task(_) => None,
        }
    }

    /// The engine could not read the image.
    pub(crate) fn engine(e: regcert_engine::EngineError) -> LocalError {
        LocalError(Local::Engine(e))
    }

    /// The task running the engine failed.
    pub(crate) fn task(e: tokio::task::JoinError) -> LocalError {
        LocalError(Local::Task(e))
    }
}
