//! The engine's error type.

use std::path::PathBuf;

/// Everything that can go wrong while loading the models or reading an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// A model file is not where it was looked for.
    #[error(
        "OCR model not found: {} (run `regcert models fetch` to download the models, or set REGCERT_MODELS to the folder holding them)",
        path.display()
    )]
    ModelMissing {
        /// The path that was tried.
        path: PathBuf,
    },

    /// No default folder holds both model files.
    #[error(
        "OCR models not found in {} (run `regcert models fetch` to download them, or set REGCERT_MODELS to the folder holding them)",
        display_paths(searched)
    )]
    ModelsNotFound {
        /// The folders searched, in order.
        searched: Vec<PathBuf>,
    },

    /// A model file exists but its SHA-256 sum is not the expected one.
    #[error(
        "OCR model {} is corrupt: SHA-256 {actual}, expected {expected} (run `regcert models fetch` to download it again)",
        path.display()
    )]
    ModelChecksum {
        /// The model file.
        path: PathBuf,
        /// The expected SHA-256 sum, lower-case hex.
        expected: String,
        /// The SHA-256 sum of the file on disk, lower-case hex.
        actual: String,
    },

    /// A model file could not be read or loaded, or lacks what the engine needs.
    #[error("OCR model {} cannot be used: {reason} (run `regcert models fetch` to download it again)", path.display())]
    ModelCorrupt {
        /// The model file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },

    /// The image is zero bytes long.
    #[error("image is empty")]
    ImageEmpty,

    /// The image's bytes are not JPEG, PNG or BMP.
    #[error("image format not recognized (expected JPEG, PNG or BMP)")]
    ImageFormatUnknown,

    /// The image is JPEG, PNG or BMP but could not be decoded.
    #[error("image could not be decoded: {0}")]
    ImageDecode(String),

    /// The image is smaller than the engine can read text in.
    #[error(
        "image is too small: {width}x{height} pixels (at least {min} pixels on each side needed)"
    )]
    ImageTooSmall {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The smallest accepted side.
        min: u32,
    },

    /// The image has more pixels than the engine accepts.
    #[error("image is too large: {width}x{height} pixels (at most {max_pixels} pixels accepted)")]
    ImageTooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// The largest accepted pixel count.
        max_pixels: u64,
    },

    /// The inference runtime failed while running a model.
    #[error("inference failed: {0}")]
    Inference(String),
}

/// Paths joined by ", ".
fn display_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}
