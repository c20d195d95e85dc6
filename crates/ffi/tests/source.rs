//! Rules on the source of the C boundary.

use std::path::Path;

#[test]
fn no_unwrap_or_expect_in_the_library() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut checked = 0;
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests at the end of a file may use them.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            assert!(
                !line.contains(".unwrap()") && !line.contains(".expect("),
                "{}:{}: {line}",
                path.display(),
                n + 1
            );
        }
        checked += 1;
    }
    assert!(checked >= 5);
}

#[test]
fn every_exported_function_runs_inside_the_boundary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("extern \"C\" fn ") {
            rest = &rest[at..];
            let body_start = rest.find('{').unwrap();
            let first = rest[body_start + 1..].trim_start();
            assert!(
                first.starts_with("status_call(")
                    || first.starts_with("value_call(")
                    || first.starts_with("void_call("),
                "{}: {}",
                path.display(),
                &rest[..body_start]
            );
            rest = &rest[body_start..];
        }
    }
}
