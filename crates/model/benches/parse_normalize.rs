//! parse + normalize of the document's full example, beside an untyped
//! `serde_json::Value` parse of the same bytes. `make bench` prints the ratio.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const BODY: &[u8] = include_bytes!("../tests/fixtures/seed-query-response.json");

fn benches(c: &mut Criterion) {
    c.bench_function("parse_normalize", |b| {
        b.iter(|| regcert_model::parse(black_box(BODY)).expect("fixture parses"));
    });
    c.bench_function("serde_json_value", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde_json::Value>(black_box(BODY)).expect("valid JSON")
        });
    });
}

criterion_group!(group, benches);
criterion_main!(group);
