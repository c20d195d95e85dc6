//! Tests of the C ABI, calling the exported functions from Rust.

mod header;
mod parse;
mod source;
mod support;
