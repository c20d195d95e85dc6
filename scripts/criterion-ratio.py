#!/usr/bin/env python3
"""Prints, for each fixture, two criterion benchmarks' times and their ratio,
then the worst ratio against a target; exits 1 when it is over.

usage: criterion-ratio.py CRITERION_DIR BENCH BASELINE MAX_RATIO FIXTURE...

Each FIXTURE is a file whose stem names a criterion group holding BENCH and
BASELINE (CRITERION_DIR/STEM/BENCH/new/). The table shows each side's median
and the ratio of the medians; the target is judged on the ratio of the
fastest samples, which other work on a shared machine can only slow down:
the two sides are measured one after the other, so a burst of load during
one of them moves the medians' ratio but rarely both sides' fastest sample.
Re-run one fixture with `cargo bench -p regcert-model --bench
parse_normalize -- --noplot NAME` when a figure looks like load.
"""
import json
import sys
from pathlib import Path


def read(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        sys.exit(f"criterion-ratio: cannot read {path}: {e}")


def times_ns(root: Path, group: str, name: str) -> tuple[float, float]:
    """(median, fastest sample) time per iteration, in nanoseconds."""
    base = root / group / name / "new"
    try:
        median = read(base / "estimates.json")["median"]["point_estimate"]
        sample = read(base / "sample.json")
        fastest = min(t / n for t, n in zip(sample["times"], sample["iters"]))
    except (KeyError, TypeError, ValueError) as e:
        sys.exit(f"criterion-ratio: unexpected data in {base}: {e}")
    return median, fastest


def main() -> int:
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    root, bench, base = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    limit = float(sys.argv[4])
    groups = sorted({Path(f).stem for f in sys.argv[5:]})
    rows = []
    for group in groups:
        a_med, a_min = times_ns(root, group, bench)
        b_med, b_min = times_ns(root, group, base)
        rows.append((group, a_med, b_med, a_med / b_med, a_min / b_min))
    width = max(len(g) for g in groups)
    print(f"{'fixture':<{width}}  {bench:>16}  {base:>16}  median  fastest")
    print(f"{'':<{width}}  {'median µs':>16}  {'median µs':>16}   ratio    ratio")
    for group, a, b, ratio, best in rows:
        mark = "" if best <= limit else "  OVER"
        print(f"{group:<{width}}  {a / 1000:>16.2f}  {b / 1000:>16.2f}  {ratio:6.2f}  {best:7.2f}{mark}")
    worst = max(rows, key=lambda r: r[4])
    over = [r for r in rows if r[4] > limit]
    verdict = "ok" if not over else f"OVER TARGET on {len(over)} of {len(rows)} fixtures"
    print(
        f"worst ratio {bench}/{base} (fastest samples) = {worst[4]:.2f} ({worst[0]}),"
        f" target <= {limit}: {verdict}"
    )
    print(f"worst ratio of the medians = {max(r[3] for r in rows):.2f}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
