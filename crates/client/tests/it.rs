//! Integration tests: the client against `regcert-server` on loopback.

mod blocking;
mod endpoints;
mod env;
mod errors;
mod faults;
mod input;
mod many;
mod secrets;
mod support;
