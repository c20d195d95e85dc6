#!/usr/bin/env bash
# Makes a fresh virtualenv with the regcert wheel installed, for the Python
# tests and `make bench-ray`: target/python-venv (made anew each run) with
# maturin, pytest and, unless REGCERT_TEST_RAY=0, ray[data] from PyPI; the
# wheel is built by maturin into target/wheels. Prints the virtualenv's
# python on its last line.
#
# Environment: CARGO (cargo), PYTHON (python3).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
PYTHON="${PYTHON:-python3}"

target="$("$CARGO" metadata --format-version 1 --no-deps |
    "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
# Debian's python3 makes virtualenvs only with python3-venv (ensurepip).
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null && [ "$(id -u)" = 0 ] &&
    command -v apt-get >/dev/null 2>&1; then
    echo "python-venv: installing python3-venv" >&2
    (apt-get update -qq && apt-get install -y -qq python3-venv) >/dev/null 2>&1 || true
fi
venv="$target/python-venv"
"$PYTHON" -m venv --clear "$venv" >&2
py="$venv/bin/python"
packages=(maturin pytest)
if [ "${REGCERT_TEST_RAY:-1}" != 0 ]; then packages+=("ray[data]"); fi
"$py" -m pip install -q --disable-pip-version-check "${packages[@]}" >&2

wheels="$target/wheels"
rm -rf "$wheels"
(cd bindings/python && "$venv/bin/maturin" build --release --quiet --out "$wheels") >&2
"$py" -m pip install -q --disable-pip-version-check "$wheels"/regcert-*.whl >&2
echo "$py"
