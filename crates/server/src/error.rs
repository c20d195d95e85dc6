//! What starting a server can fail with.

use std::io;
use std::net::SocketAddr;

use crate::fixtures::FixtureError;

/// Why a server did not start ([`Server::bind`](crate::Server::bind),
/// [`BackgroundServer::start`](crate::BackgroundServer::start),
/// `EngineRecognizer::load`).
///
/// Its message is one step of the story: print its
/// [`source`](std::error::Error::source) chain too for the cause (the
/// operating system's words for a bind failure, say).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The address cannot be listened on: in use, not this machine's, or a
    /// privileged port.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The fixtures folder, or a file in it, cannot be loaded.
    #[error(transparent)]
    Fixtures(#[from] FixtureError),
    /// The offline engine's models are missing, corrupt or unusable.
    #[cfg(feature = "local")]
    #[cfg_attr(docsrs, doc(cfg(feature = "local")))]
    #[error(transparent)]
    Models(#[from] regcert_engine::EngineError),
    /// The runtime or the thread of a [`BackgroundServer`](crate::BackgroundServer)
    /// cannot be created.
    #[error("cannot start the server's thread")]
    Thread(#[source] io::Error),
    /// The thread of a [`BackgroundServer`](crate::BackgroundServer) ended
    /// before the server was ready, without saying why (it panicked).
    #[error("the server's thread ended before the server was ready")]
    ThreadEnded,
}
