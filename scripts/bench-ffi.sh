#!/usr/bin/env bash
# Cost of the C boundary: regcert_parse_response called from C against
# regcert_model::parse called from Rust, on the same saved response, both
# release builds. Prints ns per call (best of runs) and the C/Rust ratios.
#
# usage: scripts/bench-ffi.sh [RESPONSE.json] [ITERATIONS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
CC="${CC:-cc}"
fixture="${1:-crates/model/tests/fixtures/sedan-clean.json}"
n="${2:-5000}"

"$CARGO" build --release -q -p regcert-ffi --example bench_parse
target="$("$CARGO" metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
lib="$target/release"
# Programs linked with -lregcert need the SONAME, libregcert.so.0, at run time.
ln -sf libregcert.so "$lib/libregcert.so.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$CC" -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror -I include tests/c/bench_parse.c \
    -o "$work/bench_parse" -L"$lib" -lregcert -Wl,-rpath,"$lib"

# C and Rust take turns, three times each, so that load from elsewhere hits
# both alike; each figure is the best seen.
for _ in 1 2 3; do
    "$work/bench_parse" "$fixture" "$n" >>"$work/c.txt"
    "$lib/examples/bench_parse" "$fixture" "$n" >>"$work/rust.txt"
done
awk '
    !($1 in v) || $2 < v[$1] { v[$1] = $2 }
    END {
        for (k in v) printf "%s %d\n", k, v[k]
        printf "ratio parse (C via libregcert / Rust regcert_model::parse): %.2f\n", v["c_parse_ns"] / v["rust_parse_ns"]
        printf "ratio parse+json (C parse + regcert_record_json / Rust parse + serde_json::to_string): %.2f\n", v["c_parse_json_ns"] / v["rust_parse_json_ns"]
    }' "$work/c.txt" "$work/rust.txt"
