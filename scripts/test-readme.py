#!/usr/bin/env python3
"""README.md and README.zh-CN.md are kept in step.

Both must have the same sections (the same heading levels in the same order,
with the same code in their titles), the same code blocks byte for byte in the
same order, the same tables (row count and first column), the same commands
quoted in the text (`regcert ...`, `make ...`, `cargo ...`), and a link to each
other. Prints "readme: N passed, N failed".
"""

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = re.compile(r"^(regcert|make|cargo|pip|maturin)( |$)")


def parse(path):
    """Headings, code blocks, tables and inline commands of a Markdown file."""
    headings, blocks, tables, commands = [], [], [], Counter()
    fence = None
    table = None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if fence is not None:
            fence.append(line)
            if line.startswith("```"):
                blocks.append("".join(fence))
                fence = None
            continue
        if line.startswith("```"):
            fence = [line]
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if table is None:
                table = []
                tables.append(table)
            if not set(cells[0]) <= set("-:"):
                table.append(cells[0])
            continue
        table = None
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            headings.append((level, re.findall(r"`([^`]*)`", line)))
            continue
        for span in re.findall(r"`([^`]+)`", line):
            if COMMAND.match(span):
                commands[span] += 1
    # a table's header row is in the reader's language: compare the data rows
    return headings, blocks, [t[1:] for t in tables], commands


def main():
    en_path, zh_path = ROOT / "README.md", ROOT / "README.zh-CN.md"
    en, zh = parse(en_path), parse(zh_path)
    checks = [
        ("sections", en[0], zh[0]),
        ("code blocks", en[1], zh[1]),
        ("tables", en[2], zh[2]),
        ("commands in the text", en[3], zh[3]),
        (
            "links to each other",
            True,
            "README.zh-CN.md" in en_path.read_text(encoding="utf-8")
            and "(README.md)" in zh_path.read_text(encoding="utf-8"),
        ),
    ]
    passed = failed = 0
    for name, want, got in checks:
        if want == got:
            passed += 1
            continue
        failed += 1
        print(f"readme: {name} differ between README.md and README.zh-CN.md", file=sys.stderr)
        if isinstance(want, Counter):
            print(f"  only in README.md: {dict(want - got)}", file=sys.stderr)
            print(f"  only in README.zh-CN.md: {dict(got - want)}", file=sys.stderr)
        elif isinstance(want, list):
            for i, (a, b) in enumerate(zip(want, got)):
                if a != b:
                    print(f"  first difference at #{i + 1}:\n  {a!r}\n  {b!r}", file=sys.stderr)
                    break
            else:
                print(f"  {len(want)} against {len(got)} items", file=sys.stderr)
    print(f"readme: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
