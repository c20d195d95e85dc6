#!/usr/bin/env bash
# Fetch the PP-OCR models used by regcert-engine into models/.
#
# The models come from one place only: the `rapidocr` 3.10.0 wheel on PyPI,
# downloaded with pip. The two .onnx files are taken out of it and checked
# against models/SHA256SUMS. Running it again when the sums already match
# downloads nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS="$ROOT/models"
WHEEL_SPEC="rapidocr==3.10.0"
WHEEL_NAME="rapidocr-3.10.0-py3-none-any.whl"
FILES=(PP-OCRv6_det_small.onnx PP-OCRv6_rec_small.onnx)

cd "$MODELS"

if sha256sum --check --status SHA256SUMS 2>/dev/null; then
    echo "models: up to date in $MODELS"
    exit 0
fi

PIP=()
if command -v pip3 >/dev/null 2>&1; then
    PIP=(pip3)
elif python3 -m pip --version >/dev/null 2>&1; then
    PIP=(python3 -m pip)
else
    echo "error: pip is needed to fetch the models (install python3-pip)" >&2
    exit 1
fi

if [ ! -f "$WHEEL_NAME" ]; then
    echo "models: downloading $WHEEL_SPEC from PyPI"
    "${PIP[@]}" download --quiet --no-deps --only-binary=:all: --dest "$MODELS" "$WHEEL_SPEC"
fi

echo "models: extracting ${FILES[*]}"
python3 - "$WHEEL_NAME" "${FILES[@]}" <<'PY'
import sys, zipfile
wheel, names = sys.argv[1], sys.argv[2:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        with z.open(f"rapidocr/models/{name}") as src, open(name + ".part", "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY
for f in "${FILES[@]}"; do
    mv -f "$f.part" "$f"
done

if ! sha256sum --check --quiet SHA256SUMS; then
    echo "error: the models in $MODELS do not match models/SHA256SUMS;" >&2
    echo "       delete $MODELS/$WHEEL_NAME and run \`make models\` again" >&2
    exit 1
fi
echo "models: ready in $MODELS"
