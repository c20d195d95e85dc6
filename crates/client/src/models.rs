//! Getting the offline engine's models: the two `.onnx` files of the
//! `rapidocr` 3.10.0 wheel on PyPI, downloaded over HTTPS with this
//! crate's own HTTP stack (or read from a wheel already on disk), each
//! checked against its pinned SHA-256 sum before it is written.
//!
//! ```no_run
//! # #[cfg(feature = "local")]
//! # fn run() -> Result<(), regcert_client::Error> {
//! use regcert_client::models;
//!
//! let dir = models::default_dir()?; // the user's data folder
//! models::fetch_blocking(&dir, None, &mut |_done, _total| {})?;
//! # Ok(()) }
//! ```

use std::fs;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::time::Duration;

use regcert_engine::{
    DET_MODEL_FILE, EngineError, ModelPaths, REC_MODEL_FILE, expected_sha256, sha256_hex,
};

use crate::error::{BoxError, ConfigError, Error, ModelsError};

/// Where `fetch` downloads the wheel from: `rapidocr` 3.10.0 on PyPI.
pub const WHEEL_URL: &str = "https://files.pythonhosted.org/packages/59/07/203065283bba0c5e9c10af3602dc25ab3e59ee54dc2d1d22c8faeabf5ed8/rapidocr-3.10.0-py3-none-any.whl";

/// SHA-256 of the wheel at [`WHEEL_URL`]; a download with another sum is
/// refused (from a mirror too).
pub const WHEEL_SHA256: &str = "2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050";

/// Folder of the models inside the wheel.
const WHEEL_MODELS_DIR: &str = "rapidocr/models";

/// No model member of a wheel may unpack to more than this (the real ones
/// are 10 and 21 MB).
const MAX_MODEL_BYTES: u64 = 256 << 20;

/// How the models came to be in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Both files were already there with the right sums: nothing was done.
    AlreadyPresent,
    /// The files were written from the wheel.
    Installed,
}

/// The folder `fetch` writes to when none is given: the user's data folder
/// ([`regcert_engine::user_dir`]), one of the places the engine looks in.
pub fn default_dir() -> Result<PathBuf, Error> {
    regcert_engine::user_dir().ok_or_else(|| {
        ModelsError::install(
            "this system gives no user data folder: name a folder for the models",
            None,
        )
        .into()
    })
}

/// Whether `dir` already holds both models with their pinned sums.
fn already_present(dir: &Path) -> bool {
    ModelPaths::in_dir(dir).verify().is_ok()
}

/// Download the wheel from `url` (`None`: [`WHEEL_URL`]), check its sum
/// against [`WHEEL_SHA256`], and install the two models into `dir` (see
/// [`install_from_wheel`]). Nothing is downloaded when `dir` already holds
/// the right files. `progress` is called with the bytes received so far and
/// the total when the server sent one.
pub async fn fetch(
    dir: &Path,
    url: Option<&str>,
    progress: &mut (dyn FnMut(u64, Option<u64>) + Send),
) -> Result<Outcome, Error> {
    if already_present(dir) {
        return Ok(Outcome::AlreadyPresent);
    }
    let wheel = download(url.unwrap_or(WHEEL_URL), progress).await?;
    let actual = sha256_hex(&wheel);
    if actual != WHEEL_SHA256 {
        return Err(ModelsError::install(
            format!(
                "the downloaded wheel has SHA-256 {actual}, expected {WHEEL_SHA256}: it is not rapidocr 3.10.0"
            ),
            None,
        )
        .into());
    }
    install(std::io::Cursor::new(wheel), "the downloaded wheel", dir)
}

/// [`fetch`] for synchronous code: runs it on a runtime of its own. Do not
/// call it from inside an async runtime.
pub fn fetch_blocking(
    dir: &Path,
    url: Option<&str>,
    progress: &mut (dyn FnMut(u64, Option<u64>) + Send),
) -> Result<Outcome, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(ConfigError::InsideRuntime {
            called: "models::fetch_blocking",
            instead: "models::fetch",
        }
        .into());
    }
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ConfigError::Runtime)?
        .block_on(fetch(dir, url, progress))
}

/// Install the two models from a `rapidocr` wheel file already on disk (for
/// machines with no network). Both are read out of the wheel and checked
/// against their pinned sums before either is written; a wheel lacking
/// them, or holding other builds, is an [`Error::Models`] and leaves `dir`
/// as it was. Does nothing when `dir` already holds the right files.
pub fn install_from_wheel(wheel: &Path, dir: &Path) -> Result<Outcome, Error> {
    if already_present(dir) {
        return Ok(Outcome::AlreadyPresent);
    }
    let file = fs::File::open(wheel).map_err(|source| Error::Io {
        path: Some(wheel.to_path_buf()),
        source,
    })?;
    install(file, &wheel.display().to_string(), dir)
}

/// Check the models of an installed folder: `Ok` when both have their
/// pinned sums, else the engine's error (missing file, wrong sum).
pub fn verify(dir: &Path) -> Result<(), EngineError> {
    ModelPaths::in_dir(dir).verify()
}

/// Read both models out of a wheel, check them, then write them.
fn install(wheel: impl Read + Seek, label: &str, dir: &Path) -> Result<Outcome, Error> {
    let bad = |why: String, source: Option<BoxError>| -> Error {
        ModelsError::install(format!("{label}: {why}"), source).into()
    };
    let mut archive = zip::ZipArchive::new(wheel)
        .map_err(|e| bad("not a readable wheel (zip)".to_owned(), Some(e.into())))?;
    let mut files = Vec::new();
    for name in [DET_MODEL_FILE, REC_MODEL_FILE] {
        let member = format!("{WHEEL_MODELS_DIR}/{name}");
        let mut entry = archive
            .by_name(&member)
            .map_err(|e| bad(format!("no {member}"), Some(e.into())))?;
        if entry.size() > MAX_MODEL_BYTES {
            return Err(bad(
                format!("{member} is {} bytes, too large", entry.size()),
                None,
            ));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .by_ref()
            .take(MAX_MODEL_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("cannot unpack {member}"), Some(e.into())))?;
        let expected = expected_sha256(name).unwrap_or_default();
        let actual = sha256_hex(&bytes);
        if actual != expected {
            return Err(bad(
                format!(
                    "{member} has SHA-256 {actual}, expected {expected} (this is not the rapidocr 3.10.0 wheel)"
                ),
                None,
            ));
        }
        files.push((name, bytes));
    }
    let cannot_write = |path: &Path, e: std::io::Error| -> Error {
        ModelsError::install(format!("cannot write {}", path.display()), Some(e.into())).into()
    };
    fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        let part = dir.join(format!("{name}.part"));
        fs::write(&part, &bytes).map_err(|e| cannot_write(&part, e))?;
        fs::rename(&part, &path).map_err(|e| cannot_write(&path, e))?;
    }
    Ok(Outcome::Installed)
}

/// GET `url` into memory, reporting progress.
async fn download(
    url: &str,
    progress: &mut (dyn FnMut(u64, Option<u64>) + Send),
) -> Result<Vec<u8>, Error> {
    let parsed = crate::http::parse_http_url("models URL", url)?;
    let ua = concat!("regcert/", env!("CARGO_PKG_VERSION"));
    let http = crate::http::default_http(&parsed, ua, Duration::from_secs(30))?;
    let mut response = http.get(parsed).send().await.map_err(Error::from_reqwest)?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        return Err(Error::Http {
            status: status.as_u16(),
            body_snippet: body.chars().take(200).collect(),
        });
    }
    let total = response.content_length();
    let mut bytes = Vec::with_capacity(usize::try_from(total.unwrap_or(0)).unwrap_or(0));
    progress(0, total);
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        bytes.extend_from_slice(&chunk);
        progress(bytes.len() as u64, total);
    }
    Ok(bytes)
}
