//! The `-o FILE` of `regcert recognize`: locked for the whole run, so that
//! two runs never write one file, and with `--resume` read back to skip
//! what an earlier run recorded.
//!
//! The lock is advisory (`flock` on Unix, `LockFileEx` on Windows): it keeps
//! out other runs of this command, not other programs. It is taken before
//! anything is read, cut or written, and released when the process ends,
//! however it ends.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::Value;

use super::output::{Format, csv_header};

/// Why the output file cannot be used.
#[derive(Debug)]
pub enum OpenError {
    /// Another process holds the lock.
    InUse,
    /// Opening, locking, reading or cutting failed.
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::InUse => f.write_str("locked by another process"),
            OpenError::Io(e) => e.fmt(f),
        }
    }
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> Self {
        OpenError::Io(e)
    }
}

/// The output file, open for writing and locked by this process.
pub struct Locked {
    file: File,
}

/// What `--resume` found in an existing output file.
#[derive(Debug, Default)]
pub struct Recorded {
    /// The `file` of every complete line kept: these inputs are skipped.
    pub files: HashSet<String>,
    /// Bytes of an incomplete tail that were cut off.
    pub dropped_bytes: u64,
    /// Failed lines taken out of the file to be run again (`--retry-failed`).
    pub retried: usize,
    /// Whether the file holds nothing (a CSV header is then still to write).
    pub empty: bool,
}

/// Opens `path` for writing (created when missing, nothing cut yet) and
/// takes its lock without waiting: [`OpenError::InUse`] when another run
/// holds it.
pub fn lock(path: &Path) -> Result<Locked, OpenError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    lock_file(&file)?;
    Ok(Locked { file })
}

fn lock_file(file: &File) -> Result<(), OpenError> {
    // Called through the trait: std's `File::try_lock` (Rust 1.89) is newer
    // than the workspace's minimum Rust version.
    match fs4::FileExt::try_lock(file) {
        Ok(()) => Ok(()),
        Err(fs4::TryLockError::WouldBlock) => Err(OpenError::InUse),
        Err(fs4::TryLockError::Error(e)) => Err(OpenError::Io(e)),
    }
}

impl Locked {
    /// The file emptied, for a run that starts afresh.
    pub fn truncate(mut self) -> io::Result<File> {
        // Devices such as /dev/null cannot be cut, and need not be.
        if self.file.metadata()?.is_file() {
            self.file.set_len(0)?;
        }
        self.file.seek(SeekFrom::Start(0))?;
        Ok(self.file)
    }

    /// Reads what an earlier run recorded in the file (JSON lines or CSV of
    /// this command) and leaves it ending after its last complete record,
    /// positioned there, so that appending continues a valid file.
    ///
    /// With `retry_failed`, the lines of failed inputs are taken out as
    /// well (the file is rewritten beside itself and renamed over, so a
    /// crash leaves the old or the new file, whole) and those inputs run
    /// again.
    pub fn resume(
        mut self,
        path: &Path,
        format: Format,
        retry_failed: bool,
    ) -> Result<(File, Recorded), OpenError> {
        let mut bytes = Vec::new();
        self.file.seek(SeekFrom::Start(0))?;
        self.file.read_to_end(&mut bytes)?;
        let scan = match format {
            Format::Csv => scan_csv(&bytes)?,
            _ => scan_jsonl(&bytes),
        };
        let failed = scan.lines.iter().filter(|l| !l.ok).count();
        let mut recorded = Recorded {
            files: scan
                .lines
                .iter()
                .filter(|l| l.ok || !retry_failed)
                .map(|l| l.file.clone())
                .collect(),
            dropped_bytes: (bytes.len() - scan.valid) as u64,
            retried: if retry_failed { failed } else { 0 },
            empty: scan.valid == 0,
        };
        let mut file = if recorded.retried > 0 {
            let mut kept = bytes[..scan.prefix].to_vec();
            for line in scan.lines.iter().filter(|l| l.ok) {
                kept.extend_from_slice(&bytes[line.start..line.end]);
            }
            recorded.empty = kept.is_empty();
            self.replace(path, &kept)?
        } else {
            if recorded.dropped_bytes > 0 {
                self.file.set_len(scan.valid as u64)?;
                self.file.sync_all()?;
            }
            self.file
        };
        file.seek(SeekFrom::End(0))?;
        Ok((file, recorded))
    }

    /// Puts `content` in place of the file: written to a new file in the
    /// same folder, locked, then renamed over the old one (whose lock holds
    /// until then, so no other run slips in between).
    fn replace(self, path: &Path, content: &[u8]) -> Result<File, OpenError> {
        let target = std::fs::canonicalize(path)?;
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut next = tempfile::NamedTempFile::new_in(dir)?;
        next.write_all(content)?;
        next.as_file()
            .set_permissions(self.file.metadata()?.permissions())?;
        next.as_file().sync_all()?;
        lock_file(next.as_file())?;
        let file = next.persist(&target).map_err(|e| e.error)?;
        drop(self.file);
        Ok(file)
    }
}

/// One complete record of an output file.
struct Line {
    /// Its input, as written in the `file` field.
    file: String,
    /// Whether it holds a record (not an error).
    ok: bool,
    /// Its bytes, line end included.
    start: usize,
    end: usize,
}

/// The complete records of an output file.
struct Scan {
    /// Bytes before the first record (a CSV's byte-order mark and header).
    prefix: usize,
    lines: Vec<Line>,
    /// The length the complete records span; what follows is cut off.
    valid: usize,
}

/// The complete, valid lines: reading stops at the first line that is cut
/// short or is not a result object.
fn scan_jsonl(bytes: &[u8]) -> Scan {
    let mut lines = Vec::new();
    let mut valid = 0;
    while let Some(nl) = bytes[valid..].iter().position(|&b| b == b'\n') {
        let line = &bytes[valid..valid + nl];
        let trimmed = line.trim_ascii();
        if !trimmed.is_empty() {
            let parsed = serde_json::from_slice::<Value>(trimmed).ok().and_then(|v| {
                let file = v.get("file")?.as_str()?.to_owned();
                Some((file, v.get("error").is_none()))
            });
            match parsed {
                Some((file, ok)) => lines.push(Line {
                    file,
                    ok,
                    start: valid,
                    end: valid + nl + 1,
                }),
                None => break,
            }
        }
        valid += nl + 1;
    }
    Scan {
        prefix: 0,
        lines,
        valid,
    }
}

/// Like [`scan_jsonl`] for CSV: the header must be this command's.
fn scan_csv(bytes: &[u8]) -> io::Result<Scan> {
    let bom = "\u{feff}".as_bytes();
    let start = if bytes.starts_with(bom) { bom.len() } else { 0 };
    let body = &bytes[start..];
    let mut scan = Scan {
        prefix: 0,
        lines: Vec::new(),
        valid: 0,
    };
    if body.is_empty() {
        return Ok(scan);
    }
    let header = csv_header();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut valid = 0;
    let mut first = true;
    loop {
        if !reader.read_byte_record(&mut record).unwrap_or(false) {
            break;
        }
        let end = reader.position().byte() as usize;
        // A record is complete when it ends with a line end (a cut-off last
        // line still parses, without one).
        if end == 0 || end > body.len() || body[end - 1] != b'\n' {
            break;
        }
        if first {
            let same = record.len() == header.len()
                && record.iter().zip(&header).all(|(a, b)| a == b.as_bytes());
            if !same {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "its header is not the one of `regcert recognize --format csv`",
                ));
            }
            scan.prefix = start + end;
            first = false;
        } else if record.len() != header.len() {
            break;
        } else if let Some(f) = record.get(0).and_then(|f| std::str::from_utf8(f).ok()) {
            scan.lines.push(Line {
                file: f.to_owned(),
                ok: record.get(1) == Some(b"ok"),
                start: start + valid,
                end: start + end,
            });
        }
        valid = end;
    }
    scan.valid = if valid == 0 { 0 } else { start + valid };
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::super::output::csv_line;
    use super::super::output::tests::{failure, outcome};
    use super::super::output::{Outcome, csv_row};
    use super::*;

    fn temp_file(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    fn jsonl(outcomes: &[Outcome]) -> String {
        outcomes
            .iter()
            .map(|o| format!("{}\n", o.to_json()))
            .collect()
    }

    fn resume(path: &Path, format: Format, retry_failed: bool) -> Recorded {
        let (_, recorded) = lock(path)
            .unwrap()
            .resume(path, format, retry_failed)
            .unwrap();
        recorded
    }

    #[test]
    fn resume_jsonl_drops_a_cut_off_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = jsonl(&[outcome("a.jpg"), outcome("b.jpg")]);
        let whole = text.len();
        text.push_str(r#"{"file":"c.jpg","rec"#);
        let path = temp_file(&dir, "cut.jsonl", text.as_bytes());
        let r = resume(&path, Format::Jsonl, false);
        assert_eq!(
            r.files,
            HashSet::from(["a.jpg".to_owned(), "b.jpg".to_owned()])
        );
        assert_eq!(r.dropped_bytes, (text.len() - whole) as u64);
        assert_eq!(std::fs::read(&path).unwrap().len(), whole);
        let again = resume(&path, Format::Jsonl, false);
        assert_eq!((again.files.len(), again.dropped_bytes), (2, 0));
    }

    #[test]
    fn resume_csv_reads_quoted_rows_and_drops_a_partial_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(csv_line(&csv_header()).unwrap());
        bytes.extend(csv_line(&csv_row(&failure("x, \"y\".jpg"))).unwrap());
        bytes.extend(csv_line(&csv_row(&outcome("z.jpg"))).unwrap());
        let whole = bytes.len();
        let partial = csv_line(&csv_row(&failure("w.jpg"))).unwrap();
        bytes.extend(&partial[..partial.len() / 2]);
        let path = temp_file(&dir, "cut.csv", &bytes);
        let r = resume(&path, Format::Csv, false);
        assert_eq!(
            r.files,
            HashSet::from(["x, \"y\".jpg".to_owned(), "z.jpg".to_owned()])
        );
        assert!(!r.empty);
        assert_eq!(std::fs::read(&path).unwrap().len(), whole);

        let foreign = temp_file(&dir, "foreign.csv", b"a,b\n1,2\n");
        assert!(
            lock(&foreign)
                .unwrap()
                .resume(&foreign, Format::Csv, false)
                .is_err()
        );
    }

    #[test]
    fn retry_failed_takes_failed_lines_out() {
        let dir = tempfile::tempdir().unwrap();
        let text = jsonl(&[outcome("a.jpg"), failure("b.jpg"), outcome("c.jpg")]);
        let mut cut = text;
        cut.push_str(r#"{"file":"d.j"#);
        let path = temp_file(&dir, "out.jsonl", cut.as_bytes());
        let r = resume(&path, Format::Jsonl, true);
        assert_eq!(
            r.files,
            HashSet::from(["a.jpg".to_owned(), "c.jpg".to_owned()])
        );
        assert_eq!(r.retried, 1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            jsonl(&[outcome("a.jpg"), outcome("c.jpg")])
        );

        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(csv_line(&csv_header()).unwrap());
        let head = bytes.clone();
        bytes.extend(csv_line(&csv_row(&failure("x.jpg"))).unwrap());
        let path = temp_file(&dir, "out.csv", &bytes);
        let r = resume(&path, Format::Csv, true);
        assert!(r.files.is_empty() && !r.empty && r.retried == 1);
        assert_eq!(std::fs::read(&path).unwrap(), head);
    }

    #[test]
    fn a_locked_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let text = jsonl(&[outcome("a.jpg"), failure("b.jpg")]);
        let path = temp_file(&dir, "busy.jsonl", text.as_bytes());
        let held = lock(&path).unwrap();
        assert!(matches!(lock(&path), Err(OpenError::InUse)));
        drop(held);
        // Free again once the holder is gone; a rewrite keeps the lock.
        let (_file, _) = lock(&path)
            .unwrap()
            .resume(&path, Format::Jsonl, true)
            .unwrap();
        assert!(matches!(lock(&path), Err(OpenError::InUse)));
    }
}
