//! Where the model files are, checking them, and loading them.

use std::fs;
use std::path::{Path, PathBuf};

use rten::Model;
use sha2::{Digest, Sha256};

use crate::error::EngineError;

/// File name of the text detection model.
pub const DET_MODEL_FILE: &str = "PP-OCRv6_det_small.onnx";
/// File name of the text recognition model.
pub const REC_MODEL_FILE: &str = "PP-OCRv6_rec_small.onnx";

/// SHA-256 of [`DET_MODEL_FILE`] as shipped in the `rapidocr` 3.10.0 wheel
/// (the same sum is in the repository's `models/SHA256SUMS`).
pub const DET_MODEL_SHA256: &str =
    "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f";
/// SHA-256 of [`REC_MODEL_FILE`] as shipped in the `rapidocr` 3.10.0 wheel.
pub const REC_MODEL_SHA256: &str =
    "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884";

/// Environment variable naming the directory that holds the models.
pub const MODELS_ENV: &str = "REGCERT_MODELS";

/// Metadata key of the recognition model that holds its character list.
const CHARSET_KEY: &str = "character";

/// Paths of the two model files, and whether to check their SHA-256 sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelPaths {
    /// The text detection model (`PP-OCRv6_det_small.onnx`).
    pub detection: PathBuf,
    /// The text recognition model (`PP-OCRv6_rec_small.onnx`).
    pub recognition: PathBuf,
    /// Check each file against the known SHA-256 sum before loading it.
    /// On by default; turn it off to load other builds of the same models.
    pub verify_checksums: bool,
}

impl ModelPaths {
    /// The two model files under their usual names in `dir`, checksums verified.
    pub fn in_dir(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        Self {
            detection: dir.join(DET_MODEL_FILE),
            recognition: dir.join(REC_MODEL_FILE),
            verify_checksums: true,
        }
    }

    /// The models found in the default places, in this order: the folder in
    /// `REGCERT_MODELS`, the user's data folder ([`user_dir`]), the system
    /// folder for packagers ([`system_dir`]), then `models/` under the
    /// current directory. An explicit folder ([`ModelPaths::in_dir`]) comes
    /// before all of them.
    ///
    /// When none holds both files the error lists every folder tried and
    /// names `regcert models fetch`.
    pub fn default_location() -> Result<Self, EngineError> {
        let candidates = default_dirs();
        for dir in &candidates {
            let paths = Self::in_dir(dir);
            if paths.detection.is_file() && paths.recognition.is_file() {
                return Ok(paths);
            }
        }
        Err(EngineError::ModelsNotFound {
            searched: candidates,
        })
    }

    /// Check that both files exist and have their pinned SHA-256 sums,
    /// without loading them.
    pub fn verify(&self) -> Result<(), EngineError> {
        for (path, expected) in [
            (&self.detection, DET_MODEL_SHA256),
            (&self.recognition, REC_MODEL_SHA256),
        ] {
            let bytes = read_model(path)?;
            check_sha256(path, &bytes, expected)?;
        }
        Ok(())
    }
}

/// The folders searched by [`ModelPaths::default_location`], in order:
/// `$REGCERT_MODELS`, [`user_dir`], [`system_dir`], then `models` (relative
/// to the current directory).
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os(MODELS_ENV).filter(|d| !d.is_empty()) {
        dirs.push(PathBuf::from(dir));
    }
    dirs.extend(user_dir());
    dirs.extend(system_dir());
    dirs.push(PathBuf::from("models"));
    dirs
}

/// The user's own models folder, where `regcert models fetch` puts the
/// models by default: `models` in the platform's data folder for regcert
/// (`$XDG_DATA_HOME/regcert/models`, i.e. `~/.local/share/regcert/models`
/// on Linux; `~/Library/Application Support/regcert/models` on macOS;
/// `%APPDATA%\regcert\data\models` on Windows). `None` when the
/// platform gives no home folder.
pub fn user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "regcert").map(|d| d.data_dir().join("models"))
}

/// The system-wide models folder that packagers install into:
/// `/usr/share/regcert/models` on Unix, `%ProgramData%\regcert\models` on
/// Windows.
pub fn system_dir() -> Option<PathBuf> {
    #[cfg(windows)]
    {
        std::env::var_os("ProgramData").map(|d| PathBuf::from(d).join("regcert").join("models"))
    }
    #[cfg(not(windows))]
    {
        Some(PathBuf::from("/usr/share/regcert/models"))
    }
}

/// The pinned SHA-256 sum of a model file, by its file name
/// ([`DET_MODEL_FILE`] or [`REC_MODEL_FILE`]).
pub fn expected_sha256(file_name: &str) -> Option<&'static str> {
    match file_name {
        DET_MODEL_FILE => Some(DET_MODEL_SHA256),
        REC_MODEL_FILE => Some(REC_MODEL_SHA256),
        _ => None,
    }
}

/// Lower-case hex SHA-256 of a byte string.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Read a model file: missing is [`EngineError::ModelMissing`], unreadable
/// is [`EngineError::ModelCorrupt`].
fn read_model(path: &Path) -> Result<Vec<u8>, EngineError> {
    fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => EngineError::ModelMissing {
            path: path.to_path_buf(),
        },
        _ => EngineError::ModelCorrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
    })
}

/// [`EngineError::ModelChecksum`] unless `bytes` has the `expected` sum.
fn check_sha256(path: &Path, bytes: &[u8], expected: &str) -> Result<(), EngineError> {
    let actual = sha256_hex(bytes);
    if actual == expected {
        Ok(())
    } else {
        Err(EngineError::ModelChecksum {
            path: path.to_path_buf(),
            expected: expected.to_string(),
            actual,
        })
    }
}

/// Read a model file, check its sum when asked, and load it.
pub(crate) fn load_model(path: &Path, expected_sha256: Option<&str>) -> Result<Model, EngineError> {
    let bytes = read_model(path)?;
    if let Some(expected) = expected_sha256 {
        check_sha256(path, &bytes, expected)?;
    }
    Model::load(bytes).map_err(|e| EngineError::ModelCorrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// The recognition model's CTC alphabet: index 0 is the blank, then the
/// characters listed in the model's `character` metadata, then a space when
/// the model's output has room for one more class.
pub(crate) fn load_charset(model: &Model, path: &Path) -> Result<Vec<String>, EngineError> {
    let corrupt = |reason: String| EngineError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    let list = model
        .metadata()
        .get(CHARSET_KEY)
        .ok_or_else(|| corrupt(format!("no `{CHARSET_KEY}` metadata")))?;
    let mut charset: Vec<String> = std::iter::once(String::new())
        .chain(list.split('\n').map(str::to_string))
        .collect();
    let classes =
        output_classes(model).ok_or_else(|| corrupt("output width unknown".to_string()))?;
    if classes == charset.len() + 1 {
        charset.push(" ".to_string());
    }
    if classes != charset.len() {
        return Err(corrupt(format!(
            "output has {classes} classes but the character list gives {}",
            charset.len()
        )));
    }
    Ok(charset)
}

/// The fixed size of the last dimension of the model's first output.
fn output_classes(model: &Model) -> Option<usize> {
    let &id = model.output_ids().first()?;
    let shape = model.node_info(id)?.shape()?;
    match shape.last()? {
        rten::Dimension::Fixed(n) => Some(*n),
        rten::Dimension::Symbolic(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_agree_with_the_committed_list() {
        let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/SHA256SUMS");
        let text = fs::read_to_string(&list).unwrap_or_default();
        for (sum, file) in [
            (DET_MODEL_SHA256, DET_MODEL_FILE),
            (REC_MODEL_SHA256, REC_MODEL_FILE),
        ] {
            assert!(
                text.lines().any(|l| l.split_whitespace().eq([sum, file])),
                "{} lacks `{sum}  {file}`",
                list.display()
            );
        }
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
