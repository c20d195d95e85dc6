#!/usr/bin/env bash
# Field benchmark of the offline engine: every photo read end to end in a
# release build (decode, text lines, fields, normalization), then field
# accuracy (exact match per expected field after normalization; in all and by
# layout for the rendered photos), seal accuracy
# and time per image (median, p90) beside the targets: >= 98% of fields exact,
# >= 80% of seals read, <= 2 s median per image on 2 cores.
#
# Three sets, each printed on its own:
#   committed  tests/fixtures/certificates and tests/fixtures/layouts
#   dev        the renderer's dev split (seeds 1000-1099): tuned against
#   test       the renderer's test split (seeds 900000-900249): held out, so
#              only its totals are printed, never a single image's misses
# The splits are rendered once into target/layouts/ (scripts/render-layouts.sh).
#
# Usage: scripts/bench-fields.sh [committed|dev|test ...] (default: all three)
#        scripts/bench-fields.sh IMAGE|DIR...          (per-image lines)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

cargo run --quiet --release -p regcert-cli -- models fetch --dir models >/dev/null

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --quiet --release -p regcert-cli -p regcert-engine --example fields_bench
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bench="$TARGET_DIR/release/examples/fields_bench"

sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
    sets=(committed dev test)
fi
case "${sets[0]}" in
    committed|dev|test) ;;
    *) exec "$bench" "$@" ;;
esac

split_dir() {
    local split=$1 dir="$TARGET_DIR/layouts/$1"
    if [ ! -f "$dir/.complete" ]; then
        echo "== rendering the $split split into $dir" >&2
        rm -rf "$dir"
        REGCERT="$TARGET_DIR/release/regcert" bash scripts/render-layouts.sh "$split" "$dir" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

for set in "${sets[@]}"; do
    case "$set" in
        committed)
            echo "== committed photos (tuned against)"
            "$bench" --summary tests/fixtures/certificates tests/fixtures/layouts ;;
        dev)
            dir=$(split_dir dev)
            echo "== dev split, seeds 1000-1099 (tuned against)"
            "$bench" --summary "$dir" ;;
        test)
            dir=$(split_dir test)
            echo "== test split, seeds 900000-900249 (held out: totals only)"
            "$bench" --summary "$dir" ;;
        *) echo "bench-fields: a set is committed, dev or test, not '$set'" >&2; exit 2 ;;
    esac
done
