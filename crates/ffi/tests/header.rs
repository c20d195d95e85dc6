//! The committed header is fresh and its version macros are right.

use std::path::{Path, PathBuf};
use std::process::Command;

fn committed_header() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../include/regcert.h")
}

#[test]
fn the_committed_header_matches_a_fresh_generation() {
    let fresh = include_str!(concat!(env!("OUT_DIR"), "/regcert.h"));
    let committed = std::fs::read_to_string(committed_header()).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/regcert.h is stale: run `make header` (REGCERT_UPDATE_HEADER=1 cargo build -p regcert-ffi) and commit it"
    );
}

#[test]
fn every_function_of_the_header_is_documented_and_every_free_accepts_null() {
    let header = include_str!(concat!(env!("OUT_DIR"), "/regcert.h"));
    let lines: Vec<&str> = header.lines().collect();
    let mut functions = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("const char *regcert_")
            || line.starts_with("enum regcert_status regcert_")
            || line.starts_with("void regcert_")
            || line.starts_with("bool regcert_")
            || line.starts_with("int32_t regcert_")
        {
            functions += 1;
            assert!(
                i > 0 && lines[i - 1].trim_start().starts_with('*'),
                "undocumented: {line}"
            );
            if line.contains("_free(") {
                let doc_start = lines[..i]
                    .iter()
                    .rposition(|l| l.starts_with("/**"))
                    .unwrap();
                assert!(
                    lines[doc_start..i].join(" ").contains("NULL does nothing"),
                    "{line}"
                );
            }
        }
    }
    assert!(functions >= 15, "{functions} functions");
    assert!(header.contains("extern \"C\" {"));
    assert!(header.contains("#define REGCERT_H"));
    assert!(header.contains("typedef enum regcert_status {"));
    assert!(header.contains("const char *regcert_status_str(regcert_status status);"));
}

#[test]
fn version_macros_agree_with_the_package_version() {
    let dir = std::env::temp_dir().join(format!("regcert-ffi-version-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("version.c");
    std::fs::write(
        &source,
        "#include <stdio.h>\n#include \"regcert.h\"\n\
         int main(void) {\n\
           printf(\"%d.%d.%d %s %d\\n\", REGCERT_VERSION_MAJOR, REGCERT_VERSION_MINOR,\n\
                  REGCERT_VERSION_PATCH, REGCERT_VERSION, REGCERT_VERSION_NUMBER);\n\
           return 0;\n\
         }\n",
    )
    .unwrap();
    let exe = dir.join("version");
    let include = committed_header().parent().unwrap().to_path_buf();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let status = Command::new(&cc)
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Wpedantic",
            "-Werror",
            "-I",
        ])
        .arg(&include)
        .arg(&source)
        .arg("-o")
        .arg(&exe)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cc}: {e}"));
    assert!(status.success());
    let out = Command::new(&exe).output().unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    let v = env!("CARGO_PKG_VERSION");
    let number = env!("CARGO_PKG_VERSION_MAJOR").parse::<u32>().unwrap() * 10000
        + env!("CARGO_PKG_VERSION_MINOR").parse::<u32>().unwrap() * 100
        + env!("CARGO_PKG_VERSION_PATCH").parse::<u32>().unwrap();
    assert_eq!(printed.trim(), format!("{v} {v} {number}"));
    std::fs::remove_dir_all(&dir).ok();
}
