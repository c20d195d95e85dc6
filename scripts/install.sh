#!/usr/bin/env bash
# Installs libregcert: PREFIX/lib/libregcert.{so,a}, PREFIX/include/regcert.h,
# PREFIX/include/regcert.hpp (C++ wrapper) and PREFIX/lib/pkgconfig/regcert.pc.
#
# usage: scripts/install.sh PREFIX
# Builds the release library first (set REGCERT_SKIP_BUILD=1 when it is
# already built). DESTDIR is honoured for staged installs.
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 PREFIX" >&2
    exit 2
fi
prefix="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
CARGO="${CARGO:-cargo}"
dest="${DESTDIR:-}$prefix"

if [ "${REGCERT_SKIP_BUILD:-0}" != 1 ]; then
    (cd "$root" && "$CARGO" build --release -p regcert-ffi)
fi
target="$(cd "$root" && "$CARGO" metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
version="$(sed -n 's/^#define REGCERT_VERSION "\(.*\)"$/\1/p' "$root/include/regcert.h")"

install -d "$dest/lib/pkgconfig" "$dest/include"
install -m 0755 "$target/release/libregcert.so" "$dest/lib/libregcert.so"
install -m 0644 "$target/release/libregcert.a" "$dest/lib/libregcert.a"
install -m 0644 "$root/include/regcert.h" "$dest/include/regcert.h"
install -m 0644 "$root/bindings/cpp/regcert.hpp" "$dest/include/regcert.hpp"
# What the static library needs from the system (rustc --print native-static-libs on Linux).
libs_private="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" -e "s|@LIBS_PRIVATE@|$libs_private|" \
    "$root/crates/ffi/regcert.pc.in" >"$dest/lib/pkgconfig/regcert.pc"
chmod 0644 "$dest/lib/pkgconfig/regcert.pc"
echo "installed libregcert $version into $dest"
