//! `regcert models`: download, locate and check the offline engine's models.
#![cfg(feature = "local")]

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use regcert_client::models::{self, Outcome};
use regcert_engine::{ModelPaths, default_dirs};

/// Arguments of `regcert models`.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    command: ModelsCommand,
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// Download the models (the rapidocr 3.10.0 wheel from PyPI), check their SHA-256 sums and
    /// install them; nothing is downloaded when they are already in place.
    Fetch {
        /// Folder to install into [default: the user's data folder, e.g.
        /// ~/.local/share/regcert/models].
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Take the models from this rapidocr 3.10.0 wheel instead of downloading it (for
        /// machines without network).
        #[arg(long, value_name = "FILE", conflicts_with = "url")]
        from_wheel: Option<PathBuf>,
        /// Download the wheel from this URL (a mirror) instead of PyPI; its SHA-256 must still
        /// be that of rapidocr 3.10.0.
        #[arg(long, value_name = "URL", env = "REGCERT_MODELS_URL")]
        url: Option<String>,
    },
    /// Print the folder the models are loaded from: the first of $REGCERT_MODELS, the user's
    /// data folder, the system folder and ./models that holds both files.
    Path {
        /// Also list every folder searched, in order, and whether it holds the models.
        #[arg(long)]
        all: bool,
    },
    /// Check the models' SHA-256 sums (in DIR, or where `regcert models path` finds them).
    Verify {
        /// Folder to check [default: the lookup of `regcert models path`].
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Run `regcert models`. Exit code 0 on success, 1 when the models are
/// missing or wrong or the download failed, 2 for a usage error.
pub fn run(args: ModelsArgs) -> ExitCode {
    let result = match args.command {
        ModelsCommand::Fetch {
            dir,
            from_wheel,
            url,
        } => fetch(dir, from_wheel, url.as_deref()),
        ModelsCommand::Path { all } => path(all),
        ModelsCommand::Verify { dir } => verify(dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("regcert models: {message}");
            ExitCode::FAILURE
        }
    }
}

fn fetch(
    dir: Option<PathBuf>,
    from_wheel: Option<PathBuf>,
    url: Option<&str>,
) -> Result<(), String> {
    let dir = match dir {
        Some(dir) => dir,
        None => models::default_dir().map_err(|e| e.to_string())?,
    };
    let outcome = match from_wheel {
        Some(wheel) => models::install_from_wheel(&wheel, &dir),
        None => {
            let bar = download_bar();
            let progress_bar = bar.clone();
            let mut progress = move |done: u64, total: Option<u64>| {
                if let Some(total) = total {
                    progress_bar.set_length(total);
                }
                progress_bar.set_position(done);
            };
            let outcome = models::fetch_blocking(&dir, url, &mut progress);
            bar.finish_and_clear();
            outcome
        }
    }
    .map_err(|e| e.to_string())?;
    match outcome {
        Outcome::AlreadyPresent => println!("models: up to date in {}", dir.display()),
        _ => println!("models: installed and verified in {}", dir.display()),
    }
    Ok(())
}

/// A byte-count bar on stderr when it is a terminal.
fn download_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "downloading rapidocr 3.10.0 [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

fn path(all: bool) -> Result<(), String> {
    if all {
        for dir in default_dirs() {
            let paths = ModelPaths::in_dir(&dir);
            let found = paths.detection.is_file() && paths.recognition.is_file();
            println!(
                "{}\t{}",
                if found { "found" } else { "absent" },
                dir.display()
            );
        }
    }
    let paths = ModelPaths::default_location().map_err(|e| e.to_string())?;
    let dir = paths.detection.parent().unwrap_or(&paths.detection);
    if !all {
        println!("{}", dir.display());
    }
    Ok(())
}

fn verify(dir: Option<PathBuf>) -> Result<(), String> {
    let paths = match dir {
        Some(dir) => ModelPaths::in_dir(dir),
        None => ModelPaths::default_location().map_err(|e| e.to_string())?,
    };
    paths.verify().map_err(|e| e.to_string())?;
    for file in [&paths.detection, &paths.recognition] {
        println!("ok\t{}", file.display());
    }
    Ok(())
}
