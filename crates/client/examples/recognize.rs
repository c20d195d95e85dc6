//! Recognize certificate photos: through the API with `JUHE_KEY` (and
//! `REGCERT_BASE_URL` for another server), or offline with `--local` (the
//! models of `regcert models fetch`).
//!
//! ```sh
//! regcert serve --addr 127.0.0.1:8080 --sandbox-key &
//! REGCERT_BASE_URL=http://127.0.0.1:8080 JUHE_KEY=sandbox \
//!     cargo run -p regcert-client --example recognize -- scan.jpg
//! cargo run --release -p regcert-client --features local --example recognize -- --local scan.jpg
//! ```

use std::process::ExitCode;

use regcert_client::{Image, blocking};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let local = args.first().is_some_and(|a| a == "--local");
    if local {
        args.remove(0);
    }
    if args.is_empty() {
        eprintln!("usage: recognize [--local] IMAGE...");
        return ExitCode::from(2);
    }
    let client = match build(local) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut status = ExitCode::SUCCESS;
    for path in &args {
        match Image::from_path(path).and_then(|image| client.recognize(image)) {
            Ok(found) => println!(
                "{path}: VIN {:?}, plate {:?}",
                found.record.vin, found.record.plate_number
            ),
            Err(e) => {
                eprintln!("{path}: {e} ({})", e.kind());
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

fn build(local: bool) -> Result<blocking::Client, Box<dyn std::error::Error>> {
    if !local {
        return Ok(blocking::Client::from_env()?);
    }
    #[cfg(feature = "local")]
    {
        Ok(blocking::Client::builder().local().build()?)
    }
    #[cfg(not(feature = "local"))]
    {
        Err("--local needs the `local` feature".into())
    }
}
