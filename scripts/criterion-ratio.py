#!/usr/bin/env python3
"""Prints two criterion benchmarks' medians and their ratio against a target.

usage: criterion-ratio.py CRITERION_DIR BENCH BASELINE MAX_RATIO
"""
import json
import sys
from pathlib import Path


def median_ns(root: Path, name: str) -> float:
    path = root / name / "new" / "estimates.json"
    try:
        return json.loads(path.read_text())["median"]["point_estimate"]
    except (OSError, KeyError, ValueError) as e:
        sys.exit(f"criterion-ratio: cannot read {path}: {e}")


def main() -> int:
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    root, bench, base, limit = Path(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
    a, b = median_ns(root, bench), median_ns(root, base)
    ratio = a / b
    verdict = "ok" if ratio <= limit else "OVER TARGET"
    print(f"{bench}: {a / 1000:.2f} µs   {base}: {b / 1000:.2f} µs")
    print(f"ratio {bench}/{base} = {ratio:.2f} (target <= {limit}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
