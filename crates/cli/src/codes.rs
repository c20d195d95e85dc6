//! `regcert codes`.

use std::process::ExitCode;

use regcert_model::ErrorCode;

/// Arguments of `regcert codes`.
#[derive(clap::Args)]
pub struct CodesArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Prints the catalog.
pub fn run(args: &CodesArgs) -> ExitCode {
    if args.json {
        let rows: Vec<_> = ErrorCode::ALL
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.code(),
                    "level": c.level().as_str(),
                    "resultcode": c.old_resultcode(),
                    "retryable": c.is_retryable(),
                    "zh": c.zh(),
                    "en": c.en(),
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
        return ExitCode::SUCCESS;
    }
    println!("code    level    old   retry   text");
    for c in ErrorCode::ALL {
        println!(
            "{:<7} {:<8} {:<5} {:<6}  {} / {}",
            c.code(),
            c.level().as_str(),
            c.old_resultcode().unwrap_or("-"),
            if c.is_retryable() { "yes" } else { "no" },
            c.zh(),
            c.en()
        );
    }
    ExitCode::SUCCESS
}
