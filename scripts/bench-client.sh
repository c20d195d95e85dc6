#!/usr/bin/env bash
# Client benchmarks: throughput against the local sandbox server (Rust client
# vs Python requests) and peak memory of a 20 MB recognition per endpoint.
# Usage: scripts/bench-client.sh [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
venv="$target_dir/bench-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import requests' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check requests
fi

cargo build --release --quiet -p regcert-client --example bench
exec "$venv/bin/python" scripts/bench_client.py "$target_dir/release/examples/bench" \
    --workdir "$target_dir/bench-client" "$@"
