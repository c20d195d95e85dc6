//! Offline recognition of text in photos of documents, built for Chinese
//! motor-vehicle registration certificates (机动车登记证书).
//!
//! The engine runs the PP-OCR detection and recognition models on the
//! pure-Rust `rten` runtime. `regcert models fetch` (the `regcert-cli`
//! crate) downloads the two model files; they are found through
//! [`ModelPaths::default_location`] (an explicit folder, `$REGCERT_MODELS`,
//! the user's data folder, a system folder, then `models/`).
//!
//! ```no_run
//! let engine = regcert_engine::Engine::from_default_location()?;
//! let bytes = std::fs::read("certificate.jpg").unwrap_or_default();
//! let page = engine.read_page(&bytes)?;
//! for line in &page.lines {
//!     println!("{:.2} {}", line.score, line.text);
//! }
//! # Ok::<(), regcert_engine::EngineError>(())
//! ```
#![forbid(unsafe_code)]

mod ctc;
mod decode;
mod detect;
mod engine;
mod error;
mod fields;
mod geometry;
mod models;
mod recognize;

pub use decode::{Decoding, ImageInfo, MAX_PIXELS, MAX_WORKING_SIDE, MIN_SIDE, decode, probe};
pub use detect::DetectionParams;
pub use engine::{Engine, Page, TextLine, Timings};
pub use error::EngineError;
pub use fields::{
    Certificate, Extraction, FieldEvidence, Seal, extract, extract_with_seal, without_red,
};
pub use geometry::Quad;
pub use image;
pub use models::{
    DET_MODEL_FILE, DET_MODEL_SHA256, MODELS_ENV, ModelPaths, REC_MODEL_FILE, REC_MODEL_SHA256,
    default_dirs, expected_sha256, sha256_hex, system_dir, user_dir,
};
