#!/usr/bin/env bash
# Benchmark of the offline engine on the committed fixture images: per-image
# time of each step, median time per page, peak memory and text accuracy;
# then the same for the Python `rapidocr` package (onnxruntime, same models),
# installed into a venv under target/.
#
# Usage: [REPEAT=N] [SKIP_RAPIDOCR=1] scripts/bench-engine.sh [IMAGE...]
#        (default: tests/fixtures/images/*). REPEAT=N reads each image N times
#        and keeps its fastest run and least CPU time (steadier figures on a
#        busy machine); SKIP_RAPIDOCR=1 leaves out the Python comparison.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "$#" -gt 0 ]; then
    IMAGES=("$@")
else
    IMAGES=(tests/fixtures/images/*.png tests/fixtures/images/*.jpg)
fi

cargo run --quiet --release -p regcert-cli -- models fetch --dir models >/dev/null

# Runs a command and prints its peak resident memory (self and children).
peak() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:]).returncode
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"peak_rss_mib {peak_kib / 1024:.0f}")
sys.exit(rc)
PY
}

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== regcert-engine (rten, release build)"
cargo build --quiet --release -p regcert-engine --example engine_bench
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
peak "$TARGET_DIR/release/examples/engine_bench" --repeat "${REPEAT:-1}" "${IMAGES[@]}"

if [ "${SKIP_RAPIDOCR:-0}" = 1 ]; then
    exit 0
fi

echo
echo "== rapidocr 3.10.0 (Python, onnxruntime)"
VENV="$TARGET_DIR/bench-venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import rapidocr, onnxruntime" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet "rapidocr==3.10.0" onnxruntime
fi
peak "$VENV/bin/python" scripts/bench_rapidocr.py "${IMAGES[@]}"
