//! See `regcert_fuzzing::engine_decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| regcert_fuzzing::engine_decode(data));
