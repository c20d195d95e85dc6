//! Missing or damaged model files give errors that say how to get them.

use std::path::PathBuf;

use regcert_engine::{DET_MODEL_FILE, Engine, EngineError, ModelPaths, REC_MODEL_FILE};

use crate::common::engine;

/// A fresh scratch directory under the system temp dir.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regcert-engine-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn missing_models_name_the_fetch_command() {
    let dir = scratch_dir("missing");
    let err = Engine::from_dir(&dir).unwrap_err();
    assert!(matches!(err, EngineError::ModelMissing { .. }), "{err}");
    assert!(err.to_string().contains("regcert models fetch"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_models_are_caught() {
    let dir = scratch_dir("corrupt");
    std::fs::write(dir.join(DET_MODEL_FILE), b"not a model").expect("write");
    std::fs::write(dir.join(REC_MODEL_FILE), b"not a model").expect("write");
    let err = Engine::from_dir(&dir).unwrap_err();
    assert!(matches!(err, EngineError::ModelChecksum { .. }), "{err}");
    assert!(err.to_string().contains("regcert models fetch"), "{err}");

    let unverified = ModelPaths {
        verify_checksums: false,
        ..ModelPaths::in_dir(&dir)
    };
    let err = Engine::new(unverified).unwrap_err();
    assert!(matches!(err, EngineError::ModelCorrupt { .. }), "{err}");
    assert!(err.to_string().contains("regcert models fetch"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn character_list_comes_from_the_model() {
    // Blank + 18,708 characters from the metadata + the trailing space.
    assert_eq!(engine().charset_len(), 18_710);
}
