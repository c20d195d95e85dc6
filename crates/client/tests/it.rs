//! Integration tests: the client against `regcert-server` on loopback.

mod blocking;
mod endpoints;
mod env;
mod errors;
mod faults;
mod input;
#[cfg(feature = "local")]
mod local;
mod many;
mod secrets;
mod support;
