# regcert — the only entry points people need.
CARGO ?= cargo
PREFIX ?= /usr/local

.PHONY: all build test fmt lint test-rust bench bench-model clean

all: build

build:
	$(CARGO) build --workspace --release

## make test: formatting, lints, and every test of every crate.
test: fmt-check lint test-rust

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	INSTA_UPDATE=no $(CARGO) test --workspace

## make bench: benchmarks, each printing its figures and ratios.
bench: bench-model

bench-model:
	$(CARGO) bench -p regcert-model --bench parse_normalize -- --noplot
	python3 scripts/criterion-ratio.py target/criterion parse_normalize serde_json_value 1.5

clean:
	$(CARGO) clean
