#!/usr/bin/env bash
# Installs libregcert as distributions lay out shared libraries:
#   LIBDIR/libregcert.so.MAJOR.MINOR.PATCH (stripped; SONAME libregcert.so.MAJOR)
#   LIBDIR/libregcert.so.MAJOR -> libregcert.so.MAJOR.MINOR.PATCH
#   LIBDIR/libregcert.so       -> libregcert.so.MAJOR   (for -lregcert)
#   LIBDIR/libregcert.a, LIBDIR/pkgconfig/regcert.pc
#   INCLUDEDIR/regcert.h, INCLUDEDIR/regcert.hpp (C++ wrapper)
#
# usage: scripts/install.sh PREFIX            install
#        scripts/install.sh --uninstall PREFIX remove what install puts there
#
# Environment: LIBDIR (default PREFIX/lib), INCLUDEDIR (PREFIX/include),
# DESTDIR (staged installs: files go under DESTDIR, paths inside them stay
# those of PREFIX), LOCAL=0 for a cloud-only library without the offline
# engine, STRIP=0 to keep symbols, REGCERT_SKIP_BUILD=1 when the release
# library is already built, CARGO.
set -euo pipefail

uninstall=0
if [ "${1:-}" = --uninstall ]; then
    uninstall=1
    shift
fi
if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 [--uninstall] PREFIX" >&2
    exit 2
fi
prefix="${1%/}"
libdir="${LIBDIR:-$prefix/lib}"
includedir="${INCLUDEDIR:-$prefix/include}"
root="$(cd "$(dirname "$0")/.." && pwd)"
CARGO="${CARGO:-cargo}"
destdir="${DESTDIR:-}"
version="$(sed -n 's/^#define REGCERT_VERSION "\(.*\)"$/\1/p' "$root/include/regcert.h")"
major="${version%%.*}"
real="libregcert.so.$version"
soname="libregcert.so.$major"

if [ "$uninstall" = 1 ]; then
    for f in "$libdir/$real" "$libdir/$soname" "$libdir/libregcert.so" "$libdir/libregcert.a" \
        "$libdir/pkgconfig/regcert.pc" "$includedir/regcert.h" "$includedir/regcert.hpp"; do
        rm -f "$destdir$f"
    done
    rmdir "$destdir$libdir/pkgconfig" 2>/dev/null || true
    echo "removed libregcert $version from $destdir$prefix"
    exit 0
fi

target="$(cd "$root" && "$CARGO" metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
if [ "${LOCAL:-1}" = 0 ]; then
    # A separate target folder, so the full library of target/release stays.
    build=(--no-default-features --target-dir "$target/cloud")
    out="$target/cloud/release"
else
    build=()
    out="$target/release"
fi
if [ "${REGCERT_SKIP_BUILD:-0}" != 1 ]; then
    (cd "$root" && "$CARGO" build --release -p regcert-ffi "${build[@]}")
fi

install -d "$destdir$libdir/pkgconfig" "$destdir$includedir"
install -m 0755 "$out/libregcert.so" "$destdir$libdir/$real"
install -m 0644 "$out/libregcert.a" "$destdir$libdir/libregcert.a"
if [ "${STRIP:-1}" != 0 ] && command -v strip >/dev/null 2>&1; then
    strip --strip-unneeded "$destdir$libdir/$real"
    strip --strip-debug "$destdir$libdir/libregcert.a"
fi
ln -sf "$real" "$destdir$libdir/$soname"
ln -sf "$soname" "$destdir$libdir/libregcert.so"
install -m 0644 "$root/include/regcert.h" "$destdir$includedir/regcert.h"
install -m 0644 "$root/bindings/cpp/regcert.hpp" "$destdir$includedir/regcert.hpp"

# Paths under the prefix are written relative to ${prefix}, so the .pc file
# stays right when the whole tree is moved (pkg-config --define-prefix).
relative() { # relative PATH
    case "$1" in
        "$prefix") echo '${prefix}' ;;
        "$prefix"/*) echo "\${prefix}/${1#"$prefix"/}" ;;
        *) echo "$1" ;;
    esac
}
# What the static library needs from the system (rustc --print native-static-libs).
case "$(uname -s)" in
    Darwin) libs_private="-framework Security -framework CoreFoundation -liconv -lc -lm" ;;
    FreeBSD) libs_private="-lgcc_s -lutil -lrt -lexecinfo -lpthread -lm -lc" ;;
    *) libs_private="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc" ;;
esac
sed -e "s|@PREFIX@|$prefix|" -e "s|@LIBDIR@|$(relative "$libdir")|" \
    -e "s|@INCLUDEDIR@|$(relative "$includedir")|" -e "s|@VERSION@|$version|" \
    -e "s|@LIBS_PRIVATE@|$libs_private|" \
    "$root/crates/ffi/regcert.pc.in" >"$destdir$libdir/pkgconfig/regcert.pc"
chmod 0644 "$destdir$libdir/pkgconfig/regcert.pc"
kind=$([ "${LOCAL:-1}" = 0 ] && echo "cloud-only " || true)
echo "installed ${kind}libregcert $version into $destdir$prefix (libraries in $destdir$libdir)"
