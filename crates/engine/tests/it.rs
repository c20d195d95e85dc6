//! Integration tests of regcert-engine: one binary, modules under `it/`.
//!
//! Tests that need the models fail (they do not skip) when the models are
//! absent; `make models` (`regcert models fetch --dir models`) fetches them.

#[path = "it/bad_input.rs"]
mod bad_input;
#[path = "it/certificates.rs"]
mod certificates;
#[path = "it/common.rs"]
mod common;
#[path = "it/models.rs"]
mod models;
#[path = "it/pages.rs"]
mod pages;
