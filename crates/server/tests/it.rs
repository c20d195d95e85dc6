//! Integration tests: a real server on 127.0.0.1 with an ephemeral port,
//! driven over HTTP.

mod clients;
mod endpoints;
mod errors;
mod faults;
mod fixtures;
mod limits;
#[cfg(feature = "local")]
mod local;
mod logs;
mod support;
