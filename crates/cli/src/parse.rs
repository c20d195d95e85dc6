//! `regcert parse FILE`.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use regcert_model::Error;

/// Arguments of `regcert parse`.
#[derive(clap::Args)]
pub struct ParseArgs {
    /// A saved response of the API (the whole JSON object), or - for stdin.
    file: PathBuf,
    /// Print the JSON on one line instead of indented.
    #[arg(long)]
    compact: bool,
}

/// Exit 0 with the record on stdout; 1 on an API error response; 2 when the
/// input cannot be read or is not a response.
pub fn run(args: &ParseArgs) -> ExitCode {
    let bytes = match read_input(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("regcert: cannot read {}: {e}", args.file.display());
            return ExitCode::from(2);
        }
    };
    match regcert_model::parse(&bytes) {
        Ok(record) => {
            let json = if args.compact {
                serde_json::to_string(&record)
            } else {
                serde_json::to_string_pretty(&record)
            };
            match json {
                Ok(s) => {
                    let mut out = std::io::stdout().lock();
                    if writeln!(out, "{s}").is_err() {
                        return ExitCode::from(2);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("regcert: cannot write the record: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e @ Error::Api(_)) => {
            eprintln!("regcert: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("regcert: {}: {e}", args.file.display());
            ExitCode::from(2)
        }
    }
}

/// The largest response read (64 MiB): answers of the API are a few KiB.
const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The file's bytes (a regular file only: a FIFO or device is refused
/// unread), or stdin's; never more than [`MAX_INPUT_BYTES`].
fn read_input(path: &PathBuf) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() != "-" {
        return regcert_client::read_file(path, MAX_INPUT_BYTES);
    }
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            regcert_client::FileTooLarge {
                size: buf.len() as u64,
                max: MAX_INPUT_BYTES,
            },
        ));
    }
    Ok(buf)
}
