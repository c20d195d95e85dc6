//! End-to-end tests of the `regcert` binary: one test binary, one module per
//! subcommand. Servers run in-process on 127.0.0.1 with ephemeral ports.

#[path = "it/batch.rs"]
mod batch;
#[path = "it/common.rs"]
mod common;
#[cfg(feature = "local")]
#[path = "it/deploy.rs"]
mod deploy;
#[cfg(feature = "local")]
#[path = "it/local.rs"]
mod local;
#[path = "it/misc.rs"]
mod misc;
#[cfg(feature = "local")]
#[path = "it/models.rs"]
mod models;
#[path = "it/recognize_errors.rs"]
mod recognize_errors;
#[path = "it/recognize_formats.rs"]
mod recognize_formats;
#[path = "it/resume.rs"]
mod resume;
#[path = "it/serve.rs"]
mod serve;
#[path = "it/special_files.rs"]
mod special_files;
