//! `regcert`: read Chinese motor-vehicle registration certificates.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod codes;
#[cfg(feature = "local")]
mod models;
#[cfg(feature = "local")]
mod ocr;
mod parse;
mod recognize;
mod serve;

/// Read Chinese motor-vehicle registration certificates (机动车登记证书) into typed records.
#[derive(Parser)]
#[command(name = "regcert", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Recognize certificate images (files or folders) through the API, or --sandbox.
    Recognize(recognize::RecognizeArgs),
    /// Serve the API on a local address: sandbox answers, fixtures, quotas.
    Serve(serve::ServeArgs),
    /// Normalize one saved API response (a file, or - for stdin) and print the record JSON.
    Parse(parse::ParseArgs),
    /// Read every text line of an image offline, with boxes and scores (a debugging aid).
    #[cfg(feature = "local")]
    Ocr(ocr::OcrArgs),
    /// Download, locate and check the offline engine's models (`regcert models fetch`).
    #[cfg(feature = "local")]
    Models(models::ModelsArgs),
    /// List the API's error codes.
    Codes(codes::CodesArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Recognize(args) => recognize::run(args),
        Command::Serve(args) => serve::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::Codes(args) => codes::run(&args),
        #[cfg(feature = "local")]
        Command::Ocr(args) => ocr::run(&args),
        #[cfg(feature = "local")]
        Command::Models(args) => models::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "regcert",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}
