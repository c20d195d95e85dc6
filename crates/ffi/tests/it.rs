//! Tests of the C ABI, calling the exported functions from Rust.

mod client;
mod header;
mod parse;
mod source;
mod support;
