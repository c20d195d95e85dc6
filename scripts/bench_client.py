#!/usr/bin/env python3
"""Client throughput and peak memory, beside Python `requests` doing the same work.

Run by scripts/bench-client.sh (which builds the Rust side in release and
provides a venv with `requests`). Everything goes to a local sandbox server
on 127.0.0.1; each measurement is bounded in time.

    bench_client.py BENCH_BINARY [--seconds S]
"""

import argparse
import base64
import concurrent.futures
import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

QUERY = "/verify_cardjz_certificate/query"
VERIFY = "/verify_cardjz_certificate/verify"
KEY = "sandbox"
IMAGE_BYTES = 300 * 1000
BIG_IMAGE_BYTES = 20 * 1000 * 1000
TARGET_RATIO = 3.0
MEMORY_TARGETS = {"query": 3.0, "verify": 1.5}


def make_jpeg(path: Path, size: int) -> bytes:
    """Random-ish bytes behind a JPEG header (the server only sniffs magic bytes)."""
    rng = random.Random(42)
    data = b"\xff\xd8\xff\xe0" + rng.randbytes(size - 6) + b"\xff\xd9"
    path.write_bytes(data)
    return data


def python_once(session: requests.Session, url: str, endpoint: str, image: bytes) -> None:
    if endpoint == "query":
        data = {"key": KEY, "file": base64.b64encode(image).decode("ascii")}
        resp = session.post(url + QUERY, data=data, timeout=30)
    else:
        files = {"file": ("image.jpg", image, "image/jpeg")}
        resp = session.post(url + VERIFY, data={"key": KEY}, files=files, timeout=30)
    resp.raise_for_status()
    body = resp.json()
    if body.get("error_code") != 0:
        raise RuntimeError(f"API error {body.get('error_code')}")


def python_throughput(url: str, endpoint: str, concurrency: int, seconds: float, image: bytes) -> float:
    done = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal done
        with requests.Session() as session:
            python_once(session, url, endpoint, image)  # warm the connection
            while time.monotonic() < deadline:
                python_once(session, url, endpoint, image)
                with lock:
                    done += 1

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for f in [pool.submit(worker) for _ in range(concurrency)]:
            f.result()
    return done / (time.monotonic() - started)


def rust(bench: str, *args: str) -> dict:
    out = subprocess.run([bench, *args], check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bench", help="path of the release `bench` example binary")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--workdir", default="target/bench-client")
    args = parser.parse_args()

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    image_path = work / "image-300k.jpg"
    image = make_jpeg(image_path, IMAGE_BYTES)

    server = subprocess.Popen([args.bench, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            print(f"server did not start: {url!r}", file=sys.stderr)
            return 1
        print(f"server {url}; image {IMAGE_BYTES} bytes; {args.seconds:.0f} s per run")
        print(f"{'endpoint':<10} {'conc':>4} {'rust req/s':>11} {'python req/s':>13} {'ratio':>7}  target >= {TARGET_RATIO:.0f}x")
        ok = True
        for endpoint in ("query", "verify"):
            for concurrency in (1, 8):
                r = rust(args.bench, "throughput", url, endpoint, str(concurrency), str(args.seconds), str(image_path))
                p = python_throughput(url, endpoint, concurrency, args.seconds, image)
                ratio = r["rps"] / p if p else float("inf")
                ok &= ratio >= TARGET_RATIO
                mark = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
                print(f"{endpoint:<10} {concurrency:>4} {r['rps']:>11.1f} {p:>13.1f} {ratio:>6.1f}x  {mark}")

        print(f"\npeak memory of one recognition of a {BIG_IMAGE_BYTES // 1000 // 1000} MB image (VmHWM, image included)")
        for endpoint, target in MEMORY_TARGETS.items():
            m = rust(args.bench, "peak-mem", url, endpoint, str(BIG_IMAGE_BYTES))
            ok &= m["ratio"] <= target
            mark = "ok" if m["ratio"] <= target else "ABOVE TARGET"
            print(f"{endpoint:<10} peak {m['peak_added_bytes'] / 1e6:7.1f} MB = {m['ratio']:.2f}x image  target <= {target}x  {mark}")
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    print("\nall targets met" if ok else "\nsome targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
