//! Integration tests of regcert-model: one binary, one module per concern.

mod fixtures;
mod props;
