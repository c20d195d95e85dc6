# regcert — the only entry points people need.
CARGO ?= cargo
PREFIX ?= /usr/local
# Tests and the demo load the offline engine's models from the checkout's models/.
export REGCERT_MODELS ?= $(CURDIR)/models

.PHONY: all build demo models test fmt fmt-check lint test-rust test-c test-python test-docs check-features docs install uninstall header \
        serve bench bench-model bench-client bench-engine bench-fields bench-ffi bench-serve bench-ray fuzz publish-check clean

all: build

build:
	$(CARGO) build --workspace --release

## make demo: read three committed certificate photos offline (no key, no network), as a table;
## fetches the models first when they are missing.
DEMO_IMAGES = $(addprefix tests/fixtures/certificates/,sedan-both-tilt.jpg ev-both-small.jpg truck-both-perspective.jpg)
demo: models
	$(CARGO) run --release -q -p regcert-cli -- recognize --local --format table $(DEMO_IMAGES)

## make models: the PP-OCR models of the offline engine, from the rapidocr wheel on PyPI, checked
## (`regcert models fetch --dir models`: no python or pip needed).
models:
	$(CARGO) run --release -q -p regcert-cli -- models fetch --dir models

## make test: formatting, lints, every crate's feature sets and docs, and every test: Rust, C and
## C++ over libregcert, the Python package (its wheel in a fresh virtualenv), the READMEs.
test: fmt-check lint check-features docs models test-rust test-c test-python test-docs

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

# clippy, and no two source files of a crate importing each other.
lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	python3 scripts/check-imports.py

# Every crate as a user may build it: without its default features, and the
# client and server without the offline engine (clippy, so warnings fail).
check-features:
	$(CARGO) clippy -p regcert-cli -p regcert-ffi --no-default-features -- -D warnings
	$(CARGO) clippy -p regcert-client -p regcert-server -- -D warnings

# The API documentation of each feature set, with broken links as errors.
docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p regcert-model -p regcert-engine -p regcert-client -p regcert-server
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p regcert-client -p regcert-server --features regcert-client/local,regcert-server/local
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p regcert-ffi --no-default-features

# Tests run in the ci profile: release speed (the offline engine's tests read
# real images with real models) with debug assertions and overflow checks.
test-rust:
	INSTA_UPDATE=no $(CARGO) test --workspace --profile ci

test-c:
	bash scripts/test-c.sh

# The wheel built by maturin, installed into a fresh virtualenv under target/, tested with pytest
# from outside the checkout (Ray Data's test included; REGCERT_TEST_RAY=0 skips it).
test-python:
	bash scripts/test-python.sh

# README.md and README.zh-CN.md have the same sections, code blocks, tables and commands.
test-docs:
	python3 scripts/test-readme.py

## make install PREFIX=... [LIBDIR=...] [DESTDIR=...] [LOCAL=0]: libregcert.so.VERSION (SONAME
## libregcert.so.0, stripped) with its symlinks, libregcert.a, regcert.h, regcert.hpp, regcert.pc;
## LOCAL=0 builds a cloud-only library without the offline engine.
LIBDIR ?= $(PREFIX)/lib
LOCAL ?= 1
install:
	LIBDIR="$(LIBDIR)" LOCAL="$(LOCAL)" bash scripts/install.sh $(PREFIX)

uninstall:
	LIBDIR="$(LIBDIR)" bash scripts/install.sh --uninstall $(PREFIX)

## make header: regenerate include/regcert.h (a test fails when the committed one is stale).
header:
	REGCERT_UPDATE_HEADER=1 $(CARGO) build -p regcert-ffi
	@git diff --stat -- include/regcert.h

serve:
	$(CARGO) run -q -p regcert-cli -- serve --addr 127.0.0.1:8080 --sandbox-key --fixtures tests/fixtures/samples

## make bench: benchmarks, each printing its figures and ratios against the targets.
bench: bench-model bench-client bench-engine bench-fields bench-ffi bench-serve bench-ray

## make bench-model: parse + normalize of each response fixture against an untyped serde_json::Value
## parse of the same bytes; a table of ratios, the worst against the target (fails when over).
MODEL_FIXTURES = $(wildcard crates/model/tests/fixtures/*.json tests/fixtures/samples/*.json)
bench-model:
	$(CARGO) bench -p regcert-model --bench parse_normalize -- --noplot
	@python3 scripts/criterion-ratio.py target/criterion parse_normalize serde_json_value 1.2 \
	    $(MODEL_FIXTURES)

bench-client:
	bash scripts/bench-client.sh

bench-engine:
	bash scripts/bench-engine.sh

bench-fields:
	bash scripts/bench-fields.sh

bench-ffi:
	bash scripts/bench-ffi.sh

## make fuzz: every cargo-fuzz target of fuzz/ for FUZZ_SECONDS each (nightly; installs
## cargo-fuzz when missing). Seeds come from fuzz/seeds/NAME (committed), new inputs go to
## fuzz/corpus/NAME and crashes to fuzz/artifacts/NAME (neither committed). `make test` runs
## the same targets briefly on stable (crates/fuzzing).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = model_parse engine_decode engine_extract server_request ffi_parse
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p fuzz/corpus/$$t && \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s" && \
	    $(CARGO) +nightly fuzz run --release $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 || exit 1; \
	done
bench-serve:
	bash scripts/bench-serve.sh

## make bench-ray: Ray Data throughput of regcert.ray.RegcertReader with 1 and 2 workers over the
## committed photos (the wheel and ray[data] in the virtualenv of the Python tests).
bench-ray:
	"$$(bash scripts/python-venv.sh | tail -n 1)" scripts/bench-ray.py

## make publish-check: package and build the published crates as crates.io would (the
## packages of one version are built in place of one another: stale ones are removed first).
publish-check:
	rm -rf target/package
	$(CARGO) publish --dry-run -p regcert-model -p regcert-engine -p regcert-client

clean:
	$(CARGO) clean
