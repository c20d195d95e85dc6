//! Shared helpers: one engine for all tests, fixture paths.

use std::path::PathBuf;
use std::sync::OnceLock;

use regcert_engine::{Engine, Page};

/// The folder of the real models: `$REGCERT_MODELS`, else the repository's
/// `models/` (`make models`).
pub fn models_dir() -> PathBuf {
    match std::env::var_os("REGCERT_MODELS").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models"),
    }
}

/// The engine, loaded once from [`models_dir`]. Panics with the loader's
/// message (which names `regcert models fetch`) when the models are absent.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    match ENGINE.get_or_init(|| Engine::from_dir(models_dir()).map_err(|e| e.to_string())) {
        Ok(engine) => engine,
        Err(message) => panic!("{message}"),
    }
}

/// Directory of the committed fixture images.
pub fn images_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/images")
}

/// Bytes of a fixture image.
pub fn image_bytes(name: &str) -> Vec<u8> {
    let path = images_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The strings printed on a fixture image, from its sidecar `.txt`.
pub fn expected_strings(name: &str) -> Vec<String> {
    let path = images_dir().join(name).with_extension("txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(without_spaces)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A string with its whitespace removed.
pub fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Expected strings that no line of `page` reads exactly (spaces ignored).
pub fn missing(page: &Page, expected: &[String]) -> Vec<String> {
    let read: Vec<String> = page.lines.iter().map(|l| without_spaces(&l.text)).collect();
    expected
        .iter()
        .filter(|e| !read.contains(e))
        .cloned()
        .collect()
}
