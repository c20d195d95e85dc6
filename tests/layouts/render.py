#!/usr/bin/env python3
"""Renders photos of 机动车登记证书 (motor-vehicle registration certificates) with
their expected records, for measuring the offline engine on layouts it was not
tuned on.

This renderer is written from the printed structure of the real document only:
page 1 注册登记摘要信息栏 (title, certificate number as a `NO.` header or beside
登记证书编号, blocks Ⅰ 注册登记 and Ⅱ–Ⅶ 转移登记) and page 2 机动车登记信息栏
(labels 5–34, the red round seal of 33.发证机关章), on green guilloche paper,
photographed: rotation, perspective, scale, light, shadow, blur, noise, JPEG.

Layout kinds:
  grid       page 2 alone, 4 columns (label | value | label | value)
  booklet    the open booklet: page 1 and page 2 side by side, gutter, page bend
  table      a laser printout of all 35 labels in two columns; 发证机关 as text
  dotmatrix  page 2 with dot-matrix values misaligned across the cell rules
  stacked    page 2 (sometimes both pages) with each value in the cell below its label

Usage:
  python3 tests/layouts/render.py --split dev|test --out DIR [--count N] [--kinds grid,booklet,...]
          [--regcert PATH]

Splits: the dev split uses seeds 1000+i, the test split seeds 900000+i (disjoint);
photo i is of kind KINDS[i % 5], so a split's seeds and kinds are fixed and the
same seed gives the same photo for given Pillow, numpy and font files. Default
counts: dev 100, test 250 (50 per kind). --kinds keeps only those kinds (same
seeds). Each photo is written as KIND-SEED.jpg with KIND-SEED.expected.json
(the normalized record's keys for the fields printed on the photo) and
KIND-SEED.meta.json (kind, seed, faces, degradations; for people).

The expected values come from the repository's own normalization: for each
photo a cloud-style success response is built from the printed strings and
normalized with `regcert parse` (found with --regcert, $REGCERT,
target/release/regcert, or on PATH).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import draw  # noqa: E402
import pages  # noqa: E402
import photo  # noqa: E402
import values  # noqa: E402

KINDS = ["grid", "booklet", "table", "dotmatrix", "stacked"]
SPLITS = {"dev": (1000, 100), "test": (900000, 250)}
VEHICLES = list(values.KINDS)
PAGE1_KEYS = ["certificate_number", "owner", "registration_authority", "registration_date", "plate_number"]
SEAL_FACES = ["Noto Sans CJK SC Bold", "Noto Serif CJK SC Bold", "WenQuanYi Zen Hei", "AR PL SungtiL GB",
              "Noto Sans CJK SC"]
ROMAN_FACES = ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "AR PL SungtiL GB"]
DIGIT_FACES = ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Micro Hei"]


def render_one(kind, seed, faces):
    """Draws one photo. Returns (photo, printed response entries, expected-key filter, meta)."""
    rng = random.Random("%s-%d" % (kind, seed))
    vehicle = rng.choice(VEHICLES)
    cert = values.certificate(rng, vehicle)
    dots = {"grid": rng.random() < 0.5, "booklet": rng.random() < 0.6, "table": False,
            "dotmatrix": True, "stacked": rng.random() < 0.4}[kind]
    st = pages.style(rng, faces, dots)
    st["seal_faces"] = [f for f in SEAL_FACES if f in faces] or faces
    st["digit_faces"] = [f for f in DIGIT_FACES if f in faces] or faces
    st["roman_face"] = rng.choice([f for f in ROMAN_FACES if f in faces] or faces)
    seal_on = rng.random() >= (0.5 if kind == "table" else 0.08)
    meta = {"kind": kind, "seed": seed, "vehicle": vehicle, "label_face": st["label_face"],
            "value_face": st["value_face"], "dot_matrix_values": dots, "numbered_labels": st["numbered"],
            "transfer_filled": bool(cert["_transfer"]), "seal": seal_on}
    gutter = None
    both = False
    if kind == "table":
        doc, notes = pages.table(rng, cert, st, seal_on)
        both = True
        meta["fits"] = notes["fits"]
    else:
        layout = "stacked" if kind == "stacked" else "grid"
        shift = (0.0, 0.0)
        if kind == "dotmatrix":
            # the second pass lands right more often than left, into the label cells
            dx = rng.uniform(0.08, 0.35) if rng.random() < 0.7 else -rng.uniform(0.04, 0.12)
            shift = (dx, rng.choice([-1, 1]) * rng.uniform(0.15, 0.45))
            meta["value_shift"] = [round(v, 2) for v in shift]
        size_wh = pages.page_size(rng)
        p2, notes2 = pages.page2(rng, cert, st, size_wh, layout, shift, seal_on)
        meta["fits"] = notes2["fits"]
        both = kind == "booklet" or (kind == "stacked" and rng.random() < 0.4)
        if both:
            header = rng.random() < 0.6
            p1, notes1 = pages.page1(rng, cert, st, size_wh, header)
            meta["fits"].update(notes1["fits"])
            meta["certificate_number_at"] = notes1["number_at"]
            doc, gutter = pages.booklet(rng, p1, p2)
        else:
            doc = p2
    meta["pages"] = "both" if both else "page2"
    picture, degr = photo.photograph(rng, doc, gutter)
    meta["degradations"] = degr
    entries = []
    for label in values.API_LABELS:
        content = cert.get(label, "")
        if label == "发证机关章":
            content = cert["_seal"] if (seal_on or kind == "table") else ""
        entries.append({"nID": None, "index": None, "desc": label, "content": content})
    meta["printed"] = {e["desc"]: e["content"] for e in entries}
    if cert["_transfer"]:
        meta["transfer"] = cert["_transfer"]
    return picture, entries, both, meta


def normalize(regcert, entries, name):
    """The record `regcert parse` makes of a success response with these entries."""
    response = {"reason": "操作成功", "result": {"res": entries, "orderid": "LAYOUT-" + name}, "error_code": 0}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(response, f, ensure_ascii=False)
        path = f.name
    try:
        out = subprocess.run([regcert, "parse", path], capture_output=True, check=True, text=True).stdout
    finally:
        os.unlink(path)
    return json.loads(out)


def expected(record, both):
    """The record's keys for the fields on the photo, in the record's order."""
    skip = {"order_id", "issues", "extra", "raw", "confidence"}
    # whole numbers as integers, as in tests/fixtures/certificates (power_kw 110, not 110.0)
    tidy = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in record.items()}
    return {k: v for k, v in tidy.items() if k not in skip and (both or k not in PAGE1_KEYS)}


def find_regcert(given):
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [given, os.environ.get("REGCERT"),
                  os.path.join(here, "..", "..", "target", "release", "regcert"), shutil.which("regcert")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    sys.exit("render.py: regcert not found (build it with `cargo build --release -p regcert-cli`, "
             "or pass --regcert PATH)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=sorted(SPLITS), required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--regcert")
    args = ap.parse_args()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        sys.exit("render.py: unknown kind(s) %s; kinds are %s" % (",".join(bad), ",".join(KINDS)))
    base, default_count = SPLITS[args.split]
    count = args.count if args.count is not None else default_count
    faces = draw.available_faces()
    if len(faces) < 2:
        sys.exit("render.py: no CJK fonts found (install fonts-noto-cjk, fonts-wqy-zenhei, ...)")
    regcert = find_regcert(args.regcert)
    os.makedirs(args.out, exist_ok=True)
    done, i, issues = 0, 0, 0
    while done < count:
        kind, seed = KINDS[i % len(KINDS)], base + i
        i += 1
        if kind not in kinds:
            continue
        name = "%s-%d" % (kind, seed)
        picture, entries, both, meta = render_one(kind, seed, faces)
        record = normalize(regcert, entries, name)
        if record.get("issues"):
            issues += 1
            meta["normalization_issues"] = record["issues"]
            print("%s: normalization issues %s" % (name, record["issues"]), file=sys.stderr)
        picture.save(os.path.join(args.out, name + ".jpg"), quality=meta["degradations"]["jpeg_quality"])
        with open(os.path.join(args.out, name + ".expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected(record, both), f, ensure_ascii=False, indent=2)
            f.write("\n")
        with open(os.path.join(args.out, name + ".meta.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False, indent=2)
            f.write("\n")
        done += 1
    print("rendered %d photos into %s (%d with normalization issues)" % (done, args.out, issues))


if __name__ == "__main__":
    main()
