//! See `regcert_fuzzing::ffi_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| regcert_fuzzing::ffi_parse(data));
