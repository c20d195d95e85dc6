//! Which files `regcert recognize PATH...` reads.
//!
//! A file named on the command line is always an input. A folder is searched
//! recursively (following symbolic links, loops skipped) for files whose
//! extension is `.jpg`, `.jpeg`, `.png` or `.bmp` in any case, each folder's
//! entries in name order. An entry that cannot be read as a file (a dangling
//! link, a FIFO, an unreadable folder) is still an input, one that fails with
//! its own error, so nothing is dropped silently.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Extensions searched for in folders (compared case-insensitively).
pub const IMAGE_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "bmp"];

/// One file to recognize.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// The path as shown in output and matched by `--resume`.
    pub name: String,
    /// Why it cannot be read, when that is known before reading.
    pub problem: Option<String>,
}

/// Whether a folder entry's name marks it as an image.
pub fn is_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The inputs of `paths`, in command-line order, folders expanded, each file
/// once; and the warnings met on the way (symbolic-link loops).
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: &Path, problem: Option<String>| {
        let name = path.to_string_lossy().into_owned();
        if seen.insert(name.clone()) {
            inputs.push(Input {
                path: path.to_path_buf(),
                name,
                problem,
            });
        }
    };
    for root in paths {
        let is_dir = std::fs::metadata(root).is_ok_and(|m| m.is_dir());
        if !is_dir {
            push(root, not_a_regular_file(root));
            continue;
        }
        let walk = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_dir() && is_image_name(e.path()) {
                        push(e.path(), not_a_regular_file(e.path()));
                    }
                }
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    if err.loop_ancestor().is_some() {
                        warnings.push(format!(
                            "{}: symbolic link loop, not followed",
                            path.display()
                        ));
                    } else {
                        let message = match err.io_error() {
                            Some(io) => format!("cannot read {}: {io}", path.display()),
                            None => err.to_string(),
                        };
                        push(&path, Some(message));
                    }
                }
            }
        }
    }
    (inputs, warnings)
}

/// Why `path` is not something to read an image from (a FIFO would block,
/// a device never ends); `None` for regular files and for paths whose
/// metadata cannot be read (reading then reports the error).
fn not_a_regular_file(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Some(format!("{} is a folder", path.display())),
        Ok(m) if !m.is_file() => Some(format!("{} is not a regular file", path.display())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_ignore_case() {
        for yes in ["a.jpg", "b.JPEG", "c.Png", "d.bmp", "dir/e.JPG"] {
            assert!(is_image_name(Path::new(yes)), "{yes}");
        }
        for no in ["a.gif", "b.jpg.txt", "c", "jpg", ".png.bak"] {
            assert!(!is_image_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn folders_are_searched_in_name_order_and_files_kept_once() {
        let dir = std::env::temp_dir().join(format!("regcert-inputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["b.jpg", "a.PNG", "notes.txt", "sub/c.bmp"] {
            std::fs::write(dir.join(f), b"x").unwrap();
        }
        let explicit = dir.join("notes.txt");
        let (inputs, warnings) = collect(&[dir.clone(), dir.join("b.jpg"), explicit]);
        let names: Vec<_> = inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.PNG", "b.jpg", "sub/c.bmp", "notes.txt"]);
        assert!(warnings.is_empty());
        assert!(inputs.iter().all(|i| i.problem.is_none()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
