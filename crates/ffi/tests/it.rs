//! Tests of the C ABI, calling the exported functions from Rust.

mod client;
mod header;
#[cfg(feature = "local")]
mod local;
mod parse;
mod source;
mod support;
