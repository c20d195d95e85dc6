#!/usr/bin/env python3
"""Reference figures: the Python `rapidocr` package (onnxruntime, same
PP-OCR models) on the same images as scripts/bench-engine.sh.

Usage: bench_rapidocr.py IMAGE...   Prints per-image detection, direction
classification and recognition time, and the share of the strings listed in
NAME.txt beside each image that are read exactly (spaces ignored).
"""

import logging
import statistics
import sys
import time
from pathlib import Path

from rapidocr import RapidOCR


def norm(s: str) -> str:
    return "".join(s.split())


def main(paths: list[str]) -> None:
    logging.disable(logging.INFO)
    engine = RapidOCR(params={"Global.log_level": "error"})
    engine(paths[0])  # warm-up: the first run allocates and tunes
    print(f"{'image':<28} {'det_s':>7} {'cls_s':>7} {'rec_s':>7} {'total_s':>8} {'lines':>5}  accuracy")
    totals, hit_all, n_all = [], 0, 0
    for p in paths:
        t = time.perf_counter()
        out = engine(p)
        total = time.perf_counter() - t
        totals.append(total)
        det, cls, rec = (list(out.elapse_list or []) + [0.0, 0.0, 0.0])[:3]
        read = {norm(x) for x in (out.txts or ())}
        sidecar = Path(p).with_suffix(".txt")
        acc = "-"
        if sidecar.exists():
            expected = [norm(x) for x in sidecar.read_text(encoding="utf-8").splitlines() if norm(x)]
            hits = sum(e in read for e in expected)
            hit_all, n_all = hit_all + hits, n_all + len(expected)
            acc = f"{hits}/{len(expected)}"
        name = Path(p).name
        print(f"{name:<28} {det or 0:>7.3f} {cls or 0:>7.3f} {rec or 0:>7.3f} {total:>8.3f} "
              f"{len(out.txts or ()):>5}  {acc}")
    print(f"median_total_s {statistics.median(totals):.3f}")
    if n_all:
        print(f"accuracy {hit_all}/{n_all} = {hit_all / n_all:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
