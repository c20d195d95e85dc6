//! Integration tests: a real server on 127.0.0.1 with an ephemeral port,
//! driven over HTTP.

mod endpoints;
mod errors;
mod clients;
mod faults;
mod fixtures;
#[cfg(feature = "local")]
mod local;
mod limits;
mod logs;
mod support;
