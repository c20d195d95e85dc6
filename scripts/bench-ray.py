"""make bench-ray: Ray Data throughput of regcert.ray.RegcertReader with 1
and 2 workers (actors of 1 CPU and 1 engine thread each) over the committed
certificate photos, on a local Ray of this machine's CPUs.

Prints, per worker count, the images read, the wall time of the whole
pipeline (actors started, photos read, records collected) and images per
second, then the speed-up of 2 workers over 1 and its efficiency (speed-up
/ 2). A first small run warms Ray up and is not counted.

Usage: python scripts/bench-ray.py [--repeat N] [--workers 1,2]
(REGCERT_MODELS names the models folder.)
"""

import argparse
import json
import os
import time
from pathlib import Path

import ray

from regcert.ray import RegcertReader

ROOT = Path(__file__).resolve().parent.parent


def run(files, workers, models):
    """Seconds to read `files` with `workers` actors, and the error count."""
    started = time.perf_counter()
    ds = ray.data.read_binary_files(files, include_paths=True, num_cpus=0)
    ds = ds.map_batches(
        RegcertReader,
        fn_constructor_kwargs={"models": models},
        concurrency=workers,
        num_cpus=1,
        batch_size=1,
    )
    rows = ds.take_all()
    seconds = time.perf_counter() - started
    assert len(rows) == len(files), (len(rows), len(files))
    errors = sum(1 for r in rows if r["error"] is not None)
    vins = sum(1 for r in rows if r["record"] and json.loads(r["record"])["vin"])
    return seconds, errors, vins


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="read every photo this many times")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    models = os.environ.get("REGCERT_MODELS", str(ROOT / "models"))
    photos = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "certificates").glob("*.jpg"))
    files = photos * args.repeat
    counts = [int(w) for w in args.workers.split(",")]
    ray.init(num_cpus=max(counts), include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        run(photos[:2], 1, models)  # warm-up
        results = {}
        for workers in counts:
            seconds, errors, vins = run(files, workers, models)
            results[workers] = len(files) / seconds
            print(
                f"workers {workers}: {len(files)} images in {seconds:.1f} s = {results[workers]:.2f} images/s"
                f" ({vins} with a VIN, {errors} errors)",
                flush=True,
            )
    finally:
        ray.shutdown()
    if 1 in results:
        for workers, rate in results.items():
            if workers > 1:
                speedup = rate / results[1]
                print(f"speed-up {workers} workers / 1: {speedup:.2f} (efficiency {speedup / workers:.2f})")


if __name__ == "__main__":
    main()
