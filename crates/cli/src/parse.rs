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
        Err(e @ Error::Api { .. }) => {
            eprintln!("regcert: {e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("regcert: {}: {e}", args.file.display());
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &PathBuf) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}
