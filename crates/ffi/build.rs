//! Generates the C header with cbindgen.
//!
//! The header always goes to `$OUT_DIR/regcert.h` (the tests compare it with
//! the committed `include/regcert.h`). With `REGCERT_UPDATE_HEADER=1` (what
//! `make header` sets) it is also written to `include/regcert.h` at the root
//! of the repository; a read-only source tree only gives a warning.

use std::env;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=REGCERT_UPDATE_HEADER");

    // The shared library's SONAME carries the major version, so that
    // programs linked against it keep working across compatible releases.
    if env::var("CARGO_CFG_TARGET_OS")
        .is_ok_and(|os| os != "macos" && os != "ios" && os != "windows")
    {
        let major = env::var("CARGO_PKG_VERSION_MAJOR")?;
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libregcert.so.{major}");
    }

    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    config.after_includes = Some(version_macros()?);

    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir.join("src").join("lib.rs"))
        .generate()?;
    let mut header = Vec::new();
    bindings.write(&mut header);

    fs::write(out_dir.join("regcert.h"), &header)?;

    if env::var_os("REGCERT_UPDATE_HEADER").is_some_and(|v| !v.is_empty() && v != "0") {
        let committed = crate_dir.join("../../include/regcert.h");
        if let Err(e) = write_if_changed(&committed, &header) {
            println!(
                "cargo:warning=could not update {}: {e}",
                committed.display()
            );
        }
    }
    Ok(())
}

/// `REGCERT_VERSION_*` macros from the package version.
fn version_macros() -> Result<String, Box<dyn Error>> {
    let major = env::var("CARGO_PKG_VERSION_MAJOR")?;
    let minor = env::var("CARGO_PKG_VERSION_MINOR")?;
    let patch = env::var("CARGO_PKG_VERSION_PATCH")?;
    let full = env::var("CARGO_PKG_VERSION")?;
    Ok(format!(
        "\n/** Major version of the library this header belongs to. */\n\
         #define REGCERT_VERSION_MAJOR {major}\n\
         /** Minor version of the library this header belongs to. */\n\
         #define REGCERT_VERSION_MINOR {minor}\n\
         /** Patch version of the library this header belongs to. */\n\
         #define REGCERT_VERSION_PATCH {patch}\n\
         /** Full version string; regcert_version() returns the library's at run time. */\n\
         #define REGCERT_VERSION \"{full}\"\n\
         /** The version as one comparable number: MAJOR * 10000 + MINOR * 100 + PATCH. */\n\
         #define REGCERT_VERSION_NUMBER (REGCERT_VERSION_MAJOR * 10000 + REGCERT_VERSION_MINOR * 100 + REGCERT_VERSION_PATCH)"
    ))
}

fn write_if_changed(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents)
}
