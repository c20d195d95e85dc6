#!/usr/bin/env bash
# Tests of the regcert Python package, as a user gets it.
#
# Builds the wheel and installs it into a fresh virtualenv
# (scripts/python-venv.sh), copies the pytest suite to a folder outside the
# repository and runs it there, so that nothing of the checkout is
# importable: only the installed wheel. The tests start `regcert serve` on an
# ephemeral loopback port and compare offline readings with `regcert
# recognize --local`.
#
# Ray Data's test needs `ray[data]` from PyPI (about 30 s to install from a
# warm cache); REGCERT_TEST_RAY=0 leaves it out (the test is then skipped).
#
# Environment: CARGO (cargo), PYTHON (python3), REGCERT_MODELS (the models
# folder; default models/ of the checkout). Arguments go to pytest.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
export REGCERT_MODELS="${REGCERT_MODELS:-$root/models}"

"$CARGO" build --release -p regcert-cli
py="$(bash scripts/python-venv.sh | tail -n 1)"
target="$(dirname "$(dirname "$(dirname "$py")")")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r bindings/python/tests "$work/tests"
cd "$work/tests"
REGCERT_BIN="$target/release/regcert" \
REGCERT_FIXTURES="$root/tests/fixtures" \
REGCERT_RESPONSES="$root/crates/model/tests/fixtures" \
    "$py" -m pytest -p no:cacheprovider -q -W ignore::DeprecationWarning "$@"
