#!/usr/bin/env bash
# make bench-serve: `regcert serve` under load on loopback (bounded in time):
#   1. sandbox answers, 64 connections for 10 s; then 1 connection while
#      9,000 others stall sending their headers;
#   2. --local recognitions of a certificate photo, 4 connections for 20 s;
#   3. --local, 16 uploads at once of a 7200×7200 16-bit RGBA PNG (403 KB):
#      each a recognition or the busy answer, peak RSS under 1.5 GB.
# Prints throughput, p50/p99 latency and the server's peak RSS for each.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo run --quiet --release -p regcert-cli -- models fetch --dir models >/dev/null
cargo build --release -q -p regcert-cli
cargo build --release -q -p regcert-server --example load
REGCERT=target/release/regcert
LOAD=target/release/examples/load
WORK="$(mktemp -d)"
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# start ARGS...: a server on an ephemeral loopback port; sets URL and SERVER_PID.
start() {
    "$REGCERT" serve --addr 127.0.0.1:0 --sandbox-key "$@" >"$WORK/out" 2>/dev/null &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if grep -q "listening on" "$WORK/out" 2>/dev/null; then break; fi
        sleep 0.1
    done
    URL="$(sed -n 's/^listening on //p' "$WORK/out")"
}

# stop: prints the server's peak RSS and stops it.
stop() {
    local hwm
    hwm="$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status")"
    echo "  server peak RSS: ${hwm} MB"
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
    PEAK_MB=$hwm
}

echo "sandbox (64 connections, 10 s, base64 form):"
start
"$LOAD" "$URL" tests/fixtures/samples/sedan-person.jpg --connections 64 --seconds 10 | sed 's/^/  /'
stop

echo "sandbox with 9,000 slow-header connections open (1 connection, 3 s; the header timeout is 10 s):"
start
"$LOAD" "$URL" tests/fixtures/samples/sedan-person.jpg --connections 1 --seconds 3 --slow-headers 9000 | sed 's/^/  /'
stop

echo "--local (4 connections, 20 s, a certificate photo, multipart):"
start --local
"$LOAD" "$URL" tests/fixtures/certificates/sedan-both-tilt.jpg --connections 4 --seconds 20 --multipart | sed 's/^/  /'
stop

echo "--local, 16 uploads at once of a 7200x7200 16-bit RGBA PNG:"
python3 - "$WORK/big.png" <<'PY'
import sys, zlib, struct
side = 7200
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
comp = zlib.compressobj(9)
white = b'\xff' * (side * 8)
dark = (b'\x20\x00' * 3 + b'\xff\xff') * side
rows = [comp.compress(b'\x00' + (dark if (y // 40) % 7 == 3 and y % 40 < 20 else white)) for y in range(side)]
rows.append(comp.flush())
png = [b'\x89PNG\r\n\x1a\n', chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 16, 6, 0, 0, 0)),
       chunk(b'IDAT', b''.join(rows)), chunk(b'IEND', b'')]
open(sys.argv[1], 'wb').write(b''.join(png))
PY
start --local --memory-budget 1G --queue-timeout 120
"$LOAD" "$URL" "$WORK/big.png" --connections 16 --once --multipart | sed 's/^/  /'
# Meanwhile-style check: the server still answers a normal request.
"$LOAD" "$URL" tests/fixtures/samples/sedan-person.jpg --connections 1 --once --key wrong | sed 's/^/  after the burst, a wrong key: /'
stop
if [ "$PEAK_MB" -le 1536 ]; then ratio=ok; else ratio=OVER; fi
echo "  peak RSS ${PEAK_MB} MB against the 1536 MB target: $ratio"
