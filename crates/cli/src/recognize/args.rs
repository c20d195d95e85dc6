//! The command line of `regcert recognize`: its flags and their checks.

use std::path::PathBuf;
use std::time::Duration;

use super::output::Format;

/// The endpoint to send images to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum EndpointArg {
    /// `query` for small images, `verify` above 1 MiB.
    Auto,
    /// Always `/verify_cardjz_certificate/query` (form field, base64).
    #[value(alias = "base64")]
    Query,
    /// Always `/verify_cardjz_certificate/verify` (multipart file upload).
    #[value(alias = "file")]
    Verify,
}

/// Arguments of `regcert recognize`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit status: 0 every input gave a record; 1 at least one failed (each failure \
has its own line or row); 2 usage or configuration error (no key, models \
missing); 130 interrupted (the output is valid: rerun with --resume to continue).

Examples:
  regcert recognize --local --format table tests/fixtures/certificates/sedan-p2-clean.jpg
  regcert recognize --local scans/ -o out.jsonl --resume
  regcert recognize --sandbox --fixtures tests/fixtures/samples --format table tests/fixtures/samples
  JUHE_KEY=... regcert recognize scans/ -o out.jsonl
  JUHE_KEY=... regcert recognize scans/ -o out.jsonl --resume
  JUHE_KEY=... regcert recognize scans/ -o out.csv --excel --concurrency 8 --qps 5")]
pub struct RecognizeArgs {
    /// Image files, or folders searched recursively for .jpg .jpeg .png .bmp.
    #[arg(required = true, value_name = "PATH")]
    pub(super) paths: Vec<PathBuf>,
    /// The API key (from the Juhe console). Never printed or logged.
    #[arg(long, env = "JUHE_KEY", hide_env_values = true)]
    pub(super) key: Option<String>,
    /// Base URL of the API [default: https://apis.juhe.cn].
    #[arg(long, env = "REGCERT_BASE_URL", value_name = "URL")]
    pub(super) base_url: Option<String>,
    /// Which endpoint to use.
    #[arg(long, value_enum, default_value_t = EndpointArg::Auto)]
    pub(super) endpoint: EndpointArg,
    /// Images recognized at the same time [default: 4; with --local, half the
    /// CPU cores (at least 1): the offline engine is CPU-bound].
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub(super) concurrency: Option<u16>,
    /// At most N requests per second (0.001 to 100000; e.g. 0.5 is one every 2 s).
    #[arg(long, value_name = "N", value_parser = qps_value)]
    pub(super) qps: Option<f64>,
    /// Give up on one request after SECS seconds (up to a day).
    #[arg(long, default_value = "30", value_name = "SECS", value_parser = seconds_value)]
    pub(super) timeout: Duration,
    /// Retries after a failed attempt (network errors, answers cut short,
    /// 429 and 5xx, retryable API codes).
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub(super) retries: u32,
    /// Recognize against a local sandbox server instead of the API: no key
    /// needed, answers are fictional sample data.
    #[arg(long)]
    pub(super) sandbox: bool,
    /// With --sandbox: answer each image that has a NAME.json response beside
    /// it in DIR with that response (without: every image gets the built-in
    /// fictional certificate).
    #[arg(long, value_name = "DIR", requires = "sandbox")]
    pub(super) fixtures: Option<PathBuf>,
    /// Recognize offline with the bundled engine: no key, no network. The
    /// models come from `regcert models fetch`. --key, --base-url, --endpoint, --qps,
    /// --timeout and --retries do not apply.
    #[cfg(feature = "local")]
    #[arg(long, conflicts_with = "sandbox")]
    pub(super) local: bool,
    /// With --local: memory for images read at once, estimated from each
    /// image's header (bytes, or with K, M, G suffix) [default: 60% of the
    /// memory the process may use].
    #[cfg(feature = "local")]
    #[arg(long, value_name = "BYTES", requires = "local", value_parser = crate::serve::parse_bytes)]
    pub(super) memory_budget: Option<u64>,
    /// With --local: the folder holding the models [default: see
    /// `regcert models path`].
    #[cfg(feature = "local")]
    #[arg(long, value_name = "DIR", requires = "local")]
    pub(super) models: Option<PathBuf>,
    /// Output format [default: from -o's extension (.json .jsonl .csv); else
    /// json for one input, jsonl for several].
    #[arg(long, value_enum)]
    pub(super) format: Option<Format>,
    /// Write results to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
    /// CSV: start the file with a byte-order mark so Excel reads the Chinese.
    #[arg(long)]
    pub(super) excel: bool,
    /// Skip inputs already recorded in the -o file (jsonl or csv) and append
    /// the others, so an interrupted batch continues where it stopped. Inputs
    /// are matched by their path as written, so pass the same PATHs; failed
    /// inputs are recorded too (see --retry-failed). One run at a time: the
    /// -o file is locked while a run writes it.
    #[arg(long, requires = "output")]
    pub(super) resume: bool,
    /// With --resume: run the inputs recorded as failed again (their lines
    /// are taken out of the file, the new results appended).
    #[arg(long, requires = "resume")]
    pub(super) retry_failed: bool,
}

/// A number within `min..=max`.
fn number_in(s: &str, min: f64, max: f64) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number from {min} to {max}")),
    }
}

fn qps_value(s: &str) -> Result<f64, String> {
    number_in(s, 0.001, 100_000.0)
}

fn seconds_value(s: &str) -> Result<Duration, String> {
    let secs = number_in(s, 0.001, 86_400.0)?;
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
}
