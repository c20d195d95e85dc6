//! The fuzz targets on stable, briefly and the same on every run: each
//! committed seed, then a fixed sequence of inputs (seeds mutated, and
//! random bytes) from a seeded generator. `make fuzz` explores for real.

use std::path::Path;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Inputs tried per target after the seeds.
const CASES: u32 = 300;

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<_> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(!seeds.is_empty(), "no seeds for {target}");
    seeds
}

/// One edit of an input: overwrite, insert or delete a byte, or cut.
#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn apply(mut input: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
        match *e {
            Edit::Set(i, b) if !input.is_empty() => {
                let i = at(i, input.len());
                input[i] = b;
            }
            Edit::Insert(i, b) => {
                let i = at(i, input.len() + 1);
                input.insert(i, b);
            }
            Edit::Delete(i) if !input.is_empty() => {
                let i = at(i, input.len());
                input.remove(i);
            }
            Edit::Cut(i) => {
                let i = at(i, input.len() + 1);
                input.truncate(i);
            }
            _ => {}
        }
    }
    input
}

fn smoke(target: &str, run: fn(&[u8])) {
    let seeds = seeds(target);
    for seed in &seeds {
        run(seed);
    }
    // A pick past the seeds stands for random bytes.
    let strategy = (
        0..seeds.len() + 1,
        vec(edit(), 1..12),
        vec(any::<u8>(), 0..256),
    );
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    runner
        .run(&strategy, |(pick, edits, random)| {
            let input = match seeds.get(pick) {
                Some(seed) => apply(seed.clone(), &edits),
                None => random,
            };
            run(&input);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{target}: {e}"));
}

#[test]
fn every_target_has_seeds_and_a_name() {
    for (name, _) in regcert_fuzzing::TARGETS {
        assert!(!seeds(name).is_empty());
    }
}

#[test]
fn model_parse() {
    smoke("model_parse", regcert_fuzzing::model_parse);
}

#[test]
fn engine_decode() {
    smoke("engine_decode", regcert_fuzzing::engine_decode);
}

#[test]
fn engine_extract() {
    smoke("engine_extract", regcert_fuzzing::engine_extract);
}

#[test]
fn server_request() {
    smoke("server_request", regcert_fuzzing::server_request);
}

#[test]
fn ffi_parse() {
    smoke("ffi_parse", regcert_fuzzing::ffi_parse);
}

#[test]
fn text_lines_read_boxes_scores_and_columns() {
    let lines = regcert_fuzzing::text_lines(
        "10,20,30,40 #0.5 车辆类型\n小型轿车\n1,2,x,4 a b\n".as_bytes(),
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].text, "车辆类型");
    assert_eq!(lines[0].score, 0.5);
    assert_eq!(lines[0].quad[2], [40.0, 60.0]);
    assert_eq!(lines[1].text, "小型轿车");
    assert_eq!(lines[1].quad[0], [20.0, 60.0]);
    // Not a box: the whole line is text.
    assert_eq!(lines[2].text, "1,2,x,4 a b");
}
