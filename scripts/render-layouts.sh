#!/usr/bin/env bash
# Renders a split of certificate photos drawn by tests/layouts/render.py:
#   scripts/render-layouts.sh [dev|test] OUTDIR [render.py options: --count N --kinds grid,...]
# Installs what the renderer needs when missing: Debian CJK font packages (when
# run as root), Pillow and numpy into a venv under target/ (from PyPI), and the
# regcert CLI (cargo build), whose `parse` makes the expected records.
set -euo pipefail

split=${1:-dev}
out=${2:?usage: scripts/render-layouts.sh [dev|test] OUTDIR [--count N] [--kinds K,...]}
shift 2
case "$split" in
    dev|test) ;;
    *) echo "render-layouts: the split is dev or test, not '$split'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)

fonts=(/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
       /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
       /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
       /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
       /usr/share/fonts/truetype/arphic/ukai.ttc
       /usr/share/fonts/truetype/arphic/uming.ttc
       /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf
       /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf)
missing=0
for f in "${fonts[@]}"; do [ -e "$f" ] || missing=1; done
apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "render-layouts: please install (as root): $*" >&2
        return 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
if [ "$missing" -eq 1 ]; then
    apt_install fonts-wqy-zenhei fonts-wqy-microhei fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming \
        fonts-arphic-gbsn00lp fonts-arphic-gkai00mp || echo "render-layouts: rendering with the fonts present" >&2
fi

venv=$root/target/layouts-venv
if ! "$venv/bin/python" -c 'import PIL, numpy' 2>/dev/null; then
    if ! python3 -m venv "$venv" 2>/dev/null; then
        apt_install python3-venv
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q -r "$root/tests/layouts/requirements.txt"
fi

regcert=${REGCERT:-$root/target/release/regcert}
if [ ! -x "$regcert" ]; then
    (cd "$root" && cargo build --release -q -p regcert-cli)
    regcert=$root/target/release/regcert
fi

exec "$venv/bin/python" "$root/tests/layouts/render.py" --split "$split" --out "$out" --regcert "$regcert" "$@"
