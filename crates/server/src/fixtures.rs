//! Canned answers: an image file beside the JSON response to return for it.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use regcert_model::Response;
use regcert_model::Status;
use sha2::{Digest, Sha256};

/// Why the fixtures folder could not be loaded. The message names the
/// file; its [`source`](std::error::Error::source) says what was wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FixtureError {
    /// A file or the folder could not be read.
    #[error("cannot read fixture {}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A response file is not a JSON object of the API's shape.
    #[error("fixture {} is not an API response", path.display())]
    Json {
        /// The JSON file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
}

/// Responses by the SHA-256 of their image.
#[derive(Default)]
pub(crate) struct Fixtures {
    by_hash: HashMap<[u8; 32], (serde_json::Value, i64)>,
}

impl Fixtures {
    /// Reads every `NAME.EXT` that has a `NAME.json` beside it in `dir`
    /// (not recursive). Other files are ignored.
    pub(crate) fn load(dir: &Path) -> Result<Fixtures, FixtureError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| FixtureError::Io { path, source }
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io_err(dir))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io_err(dir))?;
        paths.sort();
        let mut by_hash = HashMap::new();
        for image in paths {
            let is_json = image.extension().is_some_and(|e| e == "json");
            let json = image.with_extension("json");
            if is_json || !image.is_file() || !json.is_file() {
                continue;
            }
            let bytes = std::fs::read(&json).map_err(io_err(&json))?;
            let response = Response::from_slice(&bytes).map_err(|source| FixtureError::Json {
                path: json.clone(),
                source,
            })?;
            let error_code = match response.status() {
                Status::Failure(code) => code.code(),
                Status::Success | Status::Missing => 0,
            };
            let value = serde_json::from_slice(&bytes).map_err(|source| FixtureError::Json {
                path: json.clone(),
                source,
            })?;
            let image_bytes = std::fs::read(&image).map_err(io_err(&image))?;
            by_hash.insert(hash(&image_bytes), (value, error_code));
        }
        Ok(Fixtures { by_hash })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }

    /// The stored response for `image`, with `result.orderid` (when the
    /// response has a result object) replaced by `orderid`, and its error code.
    pub(crate) fn answer(&self, image: &[u8], orderid: &str) -> Option<(serde_json::Value, i64)> {
        if self.is_empty() {
            return None;
        }
        let (mut value, error_code) = self.by_hash.get(&hash(image))?.clone();
        if let Some(result) = value.get_mut("result").and_then(|r| r.as_object_mut()) {
            result.insert("orderid".to_owned(), orderid.into());
        }
        Some((value, error_code))
    }
}

fn hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
