//! Reading a whole file that may not be one: a FIFO would block, a device
//! such as `/dev/zero` never ends, a folder cannot be read.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The error inside an [`io::Error`] (kind `InvalidInput`) from
/// [`read_file`] for a path that is not a regular file: a folder, a FIFO, a
/// socket or a device. Found with `e.get_ref()` and `downcast_ref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRegularFile;

impl fmt::Display for NotRegularFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("is not a regular file")
    }
}

impl std::error::Error for NotRegularFile {}

/// The error inside an [`io::Error`] (kind `FileTooLarge`) from
/// [`read_file`] for a file above its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTooLarge {
    /// The file's size in bytes, or the bytes read when they passed `max`.
    pub size: u64,
    /// The limit.
    pub max: u64,
}

impl fmt::Display for FileTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the file is {} bytes, above the limit of {} bytes",
            self.size, self.max
        )
    }
}

impl std::error::Error for FileTooLarge {}

/// Reads the regular file at `path` whole, at most `max_bytes` of it.
///
/// The type is checked before the file is opened, so a FIFO is refused
/// without blocking ([`NotRegularFile`]), and the read goes through a cap of
/// `max_bytes + 1` bytes, so a file that grows (or lies about its size, as
/// those of `/proc` do) never takes more memory than that
/// ([`FileTooLarge`]). Any other failure is the operating system's error.
pub fn read_file(path: impl AsRef<Path>, max_bytes: u64) -> io::Result<Vec<u8>> {
    let path = path.as_ref();
    let not_regular = || io::Error::new(io::ErrorKind::InvalidInput, NotRegularFile);
    let too_large = |size| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            FileTooLarge {
                size,
                max: max_bytes,
            },
        )
    };
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = File::open(path)?;
    // Replaced since the check: still refuse anything but a regular file.
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The [`FileTooLarge`] inside `e`, if that is what it is.
pub(crate) fn too_large(e: &io::Error) -> Option<FileTooLarge> {
    e.get_ref()?.downcast_ref::<FileTooLarge>().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_cap() {
        let dir = std::env::temp_dir().join(format!("regcert-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ten.bin");
        std::fs::write(&path, [7u8; 10]).unwrap();
        assert_eq!(read_file(&path, 10).unwrap(), [7u8; 10]);
        let e = read_file(&path, 9).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(too_large(&e), Some(FileTooLarge { size: 10, max: 9 }));

        let e = read_file(&dir, 10).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert!(e.get_ref().unwrap().is::<NotRegularFile>());
        assert_eq!(e.to_string(), "is not a regular file");
        let missing = read_file(dir.join("missing"), 10).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_files_are_read_through_the_cap() {
        // Regular files that report a size of 0: the cap still holds.
        let e = read_file("/proc/self/maps", 8).unwrap_err();
        assert_eq!(too_large(&e), Some(FileTooLarge { size: 9, max: 8 }));
    }
}
