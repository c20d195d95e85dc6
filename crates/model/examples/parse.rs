//! Turn a saved API response into the normalized record.
//!
//! ```sh
//! cargo run -p regcert-model --example parse -- crates/model/tests/fixtures/sedan-clean.json
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse RESPONSE.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match regcert_model::parse(&bytes) {
        Ok(record) => {
            println!("VIN {:?}", record.vin);
            println!("plate {:?}", record.plate_number);
            println!("registered {:?}", record.registration_date);
            for issue in &record.issues {
                println!("issue: {issue:?}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
