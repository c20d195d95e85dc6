//! Tests of the C ABI, calling the exported functions from Rust.

mod client;
mod header;
mod local;
mod parse;
mod source;
mod support;
