#!/usr/bin/env bash
# Field benchmark of the offline engine on the committed certificate photos
# (tests/fixtures/certificates, with NAME.expected.json beside each): every
# photo read end to end in a release build (decode, text lines, fields,
# normalization), then field accuracy (exact match per expected field after
# normalization) and time per image (median, p90) beside the targets:
# >= 98% of printed fields exact, <= 2 s median per image on 2 cores.
#
# Usage: scripts/bench-fields.sh [IMAGE|DIR...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

cargo run --quiet --release -p regcert-cli -- models fetch --dir models >/dev/null

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --quiet --release -p regcert-engine --example fields_bench
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
exec "$TARGET_DIR/release/examples/fields_bench" "$@"
