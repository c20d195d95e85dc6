#!/usr/bin/env bash
# Tests of libregcert from C and C++ (the Python package has its own:
# scripts/test-python.sh).
#
# Builds libregcert and `regcert` (release), starts `regcert serve` on an
# ephemeral loopback port, compiles the C and C++ tests and examples with
# -Wall -Wextra -Wpedantic -Werror, runs them under valgrind (no leak, no
# invalid access), and installs into a temporary prefix to build the C
# example through pkg-config.
#
# The offline client (regcert_client_new_local) needs the models of `make
# models`. Its failure paths run under valgrind; its recognition of a
# committed photo runs without it (under valgrind one recognition takes
# more than 15 minutes).
#
# Environment: CARGO (cargo), CC (cc), CXX (c++), VALGRIND=0 to run without
# valgrind. Needs valgrind and pkg-config (installed with apt-get when
# missing and running as root).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
CARGO="${CARGO:-cargo}"
CC="${CC:-cc}"
CXX="${CXX:-c++}"
# The offline client finds the models of `make models` through this.
export REGCERT_MODELS="${REGCERT_MODELS:-$root/models}"

need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "test-c: installing $2" >&2
        (apt-get update -qq && apt-get install -y -qq "$2") >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1
}

"$CARGO" build --release -p regcert-ffi -p regcert-cli
target="$("$CARGO" metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
lib="$target/release"
# Programs linked with -lregcert need the SONAME, libregcert.so.0, at run time.
ln -sf libregcert.so "$lib/libregcert.so.0"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

key="test-key-$$-$RANDOM"
"$lib/regcert" serve --addr 127.0.0.1:0 --key "$key" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 100); do
    line="$(head -n 1 "$work/server.out" 2>/dev/null || true)"
    case "$line" in "listening on "*) url="${line#listening on }"; break ;; esac
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "test-c: regcert serve did not start" >&2
    cat "$work/server.err" >&2
    exit 1
fi
echo "test-c: server at $url"

valgrind=()
if [ "${VALGRIND:-1}" != 0 ]; then
    if need valgrind valgrind; then
        valgrind=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
            --error-exitcode=99 --show-possibly-lost=no)
    else
        echo "test-c: valgrind not found; running without it" >&2
    fi
fi

warn=(-Wall -Wextra -Wpedantic -Werror -g)
cflags=(-std=c11 "${warn[@]}" -I"$root/include")
cxxflags=(-std=c++17 "${warn[@]}" -I"$root/include" -I"$root/bindings/cpp")
link=(-L"$lib" -lregcert -lpthread -Wl,-rpath,"$lib")

passed=0
failed=0
# run NAME COMMAND...: runs a test program, adds its "N passed, N failed".
run() {
    local name="$1"; shift
    local status=0
    "$@" >"$work/$name.log" 2>&1 || status=$?
    cat "$work/$name.log"
    local counts
    counts="$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$work/$name.log" | tail -n 1 || true)"
    if [ -n "$counts" ]; then
        passed=$((passed + $(echo "$counts" | cut -d' ' -f1)))
        failed=$((failed + $(echo "$counts" | cut -d' ' -f3)))
    fi
    if [ "$status" != 0 ] && { [ -z "$counts" ] || [ "$(echo "$counts" | cut -d' ' -f3)" = 0 ]; }; then
        echo "test-c: $name exited with status $status" >&2
        failed=$((failed + 1))
    elif [ -z "$counts" ]; then
        passed=$((passed + 1))
    fi
}

"$CC" "${cflags[@]}" tests/c/test_parse.c -o "$work/test_parse" "${link[@]}"
"$CC" "${cflags[@]}" tests/c/test_client.c -o "$work/test_client" "${link[@]}"
"$CC" "${cflags[@]}" tests/c/test_local.c -o "$work/test_local" "${link[@]}"
"$CC" "${cflags[@]}" bindings/c/examples/recognize.c -o "$work/recognize_c" "${link[@]}"
"$CXX" "${cxxflags[@]}" bindings/cpp/tests/test_regcert.cpp -o "$work/test_regcert" "${link[@]}"
"$CXX" "${cxxflags[@]}" bindings/cpp/examples/recognize.cpp -o "$work/recognize_cpp" "${link[@]}"

# [[nodiscard]] is part of the wrapper's contract: ignoring a result must not compile.
printf '#include "regcert.hpp"\nint main() { regcert::record::parse("{}"); }\n' >"$work/nodiscard.cpp"
if "$CXX" "${cxxflags[@]}" -c "$work/nodiscard.cpp" -o "$work/nodiscard.o" 2>/dev/null; then
    echo "test-c: an ignored regcert::record::parse() result compiled" >&2
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi

# the 1x1 PNG of tests/c/png.h
python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes.fromhex(sys.argv[2]))' "$work/scan.png" \
    89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154789c636000000002000148afa4710000000049454e44ae426082

run test_parse "${valgrind[@]}" "$work/test_parse" crates/model/tests/fixtures/sedan-clean.json
run test_client "${valgrind[@]}" "$work/test_client" "$url" "$key" "$work"
run test_regcert "${valgrind[@]}" "$work/test_regcert" "$url" "$key" "$work"
photo=tests/fixtures/certificates/sedan-p2-clean.jpg
run test_local_failures "${valgrind[@]}" "$work/test_local"
run test_local "$work/test_local" "$photo"
run test_regcert_local "$work/test_regcert" --local "$photo"
run example_c "${valgrind[@]}" "$work/recognize_c" "$key" "$url" "$work/scan.png"
run example_cpp "${valgrind[@]}" "$work/recognize_cpp" "$key" "$url" "$work/scan.png"
if ! grep -q '"vin":' "$work/example_c.log" || ! grep -q '"vin":' "$work/example_cpp.log"; then
    echo "test-c: the examples printed no record" >&2
    failed=$((failed + 1))
fi

# make install staged under DESTDIR with its own LIBDIR; then the C example
# built through pkg-config and run from elsewhere with only the installed
# files (no rpath, the library found through LD_LIBRARY_PATH).
if need pkg-config pkg-config && need readelf binutils; then
    stage="$work/stage"
    prefix=/opt/regcert-test
    libdir="$prefix/lib64"
    DESTDIR="$stage" LIBDIR="$libdir" REGCERT_SKIP_BUILD=1 scripts/install.sh "$prefix" >/dev/null
    staged_lib="$stage$libdir"
    # shellcheck disable=SC2016
    checks=(
        "readelf -d $staged_lib/libregcert.so.* | grep -q 'Library soname: \[libregcert.so.0\]'"
        "[ \"\$(readlink $staged_lib/libregcert.so)\" = libregcert.so.0 ]"
        "[ \"\$(readlink $staged_lib/libregcert.so.0)\" = libregcert.so.$(sed -n 's/^#define REGCERT_VERSION \"\(.*\)\"$/\1/p' include/regcert.h) ]"
        "! readelf -S $staged_lib/libregcert.so.0 | grep -q '\.debug_'"
        "grep -qx 'libdir=\${prefix}/lib64' $staged_lib/pkgconfig/regcert.pc"
    )
    for check in "${checks[@]}"; do
        if bash -c "$check"; then passed=$((passed + 1)); else
            echo "test-c: install check failed: $check" >&2
            failed=$((failed + 1))
        fi
    done
    pc=(env PKG_CONFIG_PATH="$staged_lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" pkg-config)
    # shellcheck disable=SC2046
    "$CC" -std=c11 "${warn[@]}" bindings/c/examples/recognize.c -o "$work/recognize_pc" \
        $("${pc[@]}" --cflags --libs regcert)
    if readelf -d "$work/recognize_pc" | grep -q 'NEEDED.*libregcert.so.0'; then passed=$((passed + 1)); else
        echo "test-c: the program does not need libregcert.so.0" >&2
        failed=$((failed + 1))
    fi
    run installed_example env LD_LIBRARY_PATH="$staged_lib" "$work/recognize_pc" "$key" "$url" "$work/scan.png"
    # the static library links too
    # shellcheck disable=SC2046
    "$CC" -std=c11 "${warn[@]}" tests/c/test_parse.c -o "$work/test_parse_static" \
        $("${pc[@]}" --cflags regcert) "$staged_lib/libregcert.a" \
        $("${pc[@]}" --static --libs-only-l regcert | sed 's/-lregcert//')
    run test_parse_static "$work/test_parse_static"
    DESTDIR="$stage" LIBDIR="$libdir" scripts/install.sh --uninstall "$prefix" >/dev/null
    left="$(find "$stage" -type f -o -type l)"
    if [ -z "$left" ]; then passed=$((passed + 1)); else
        echo "test-c: uninstall left $left" >&2
        failed=$((failed + 1))
    fi
else
    echo "test-c: pkg-config or readelf not found: the install test did not run" >&2
    failed=$((failed + 1))
fi

echo "test-c: $passed passed, $failed failed"
[ "$failed" = 0 ]
