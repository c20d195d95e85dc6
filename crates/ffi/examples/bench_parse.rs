//! The Rust side of `scripts/bench-ffi.sh`: what the parse of
//! `tests/c/bench_parse.c` costs without the C boundary, in ns per call.
//!
//! usage: bench_parse RESPONSE.json ITERATIONS
//! Prints `rust_parse_ns N` and `rust_parse_json_ns N`, the best of 5
//! rounds of ITERATIONS calls.

use std::hint::black_box;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(n)) = (args.next(), args.next()) else {
        return Err("usage: bench_parse RESPONSE.json ITERATIONS".into());
    };
    let bytes = std::fs::read(path)?;
    let n: u64 = n.parse()?;
    for with_json in [false, true] {
        let run = |count: u64| -> Result<usize, Box<dyn std::error::Error>> {
            let mut sink = 0;
            for _ in 0..count {
                let record = regcert_model::parse(black_box(&bytes))?;
                if with_json {
                    sink += serde_json::to_string(&record)?.len();
                }
                black_box(&record);
            }
            Ok(sink)
        };
        run(n / 10)?;
        // The best of 5 rounds, as the C side does.
        let mut per = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            black_box(run(n)?);
            per = per.min(start.elapsed().as_nanos() as f64 / n as f64);
        }
        let name = if with_json {
            "rust_parse_json_ns"
        } else {
            "rust_parse_ns"
        };
        println!("{name} {per:.0}");
    }
    Ok(())
}
