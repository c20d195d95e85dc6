//! See `regcert_fuzzing::model_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| regcert_fuzzing::model_parse(data));
