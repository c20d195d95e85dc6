"""Fixtures of the regcert package's tests.

They run against the installed package (scripts/test-python.sh installs the
wheel into a fresh virtualenv and runs them from outside the repository).
What they need comes from the environment:

- REGCERT_BIN: the `regcert` CLI, for `regcert serve` (the cloud API's
  stand-in on 127.0.0.1) and `regcert recognize --local` (the reference
  records of the offline tests).
- REGCERT_FIXTURES: the repository's tests/fixtures folder (photos).
- REGCERT_MODELS: the offline engine's models.
- REGCERT_RESPONSES: crates/model/tests/fixtures (saved API responses).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

import regcert

# Two committed photos: a clean second page and a tilted two-page spread.
PHOTOS = ["sedan-p2-clean.jpg", "sedan-both-tilt.jpg"]

# The 1x1 PNG the server's sandbox answers with its canned record.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c6360000000020001"
    "48afa4710000000049454e44ae426082"
)


def _env_path(name: str) -> Path:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set (scripts/test-python.sh sets it)")
    path = Path(value)
    if not path.exists():
        pytest.fail(f"{name}={value} does not exist")
    return path


@pytest.fixture(scope="session")
def regcert_bin() -> Path:
    return _env_path("REGCERT_BIN")


@pytest.fixture(scope="session")
def models() -> Path:
    return _env_path("REGCERT_MODELS")


@pytest.fixture(scope="session")
def responses() -> Path:
    return _env_path("REGCERT_RESPONSES")


@pytest.fixture(scope="session")
def photos() -> List[Path]:
    folder = _env_path("REGCERT_FIXTURES") / "certificates"
    return [folder / name for name in PHOTOS]


@pytest.fixture(scope="session")
def server(regcert_bin: Path) -> Iterator[Tuple[str, str]]:
    """`regcert serve` on an ephemeral loopback port: (base URL, key)."""
    key = "py-" + secrets.token_hex(8)
    process = subprocess.Popen(
        [str(regcert_bin), "serve", "--addr", "127.0.0.1:0", "--key", key],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.match(r"listening on (http://\S+)", line)
        assert match, f"regcert serve printed {line!r}"
        yield match.group(1), key
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def local_client(models: Path) -> Iterator[regcert.Client]:
    client = regcert.Client.local(models)
    yield client
    client.close()


@pytest.fixture(scope="session")
def cli_records(regcert_bin: Path, photos: List[Path], models: Path) -> Dict[str, dict]:
    """`regcert recognize --local` of the photos: file name -> record."""
    done = subprocess.run(
        [str(regcert_bin), "recognize", "--local", "--format", "jsonl", *map(str, photos)],
        env={**os.environ, "REGCERT_MODELS": str(models)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    records = {}
    for line in done.stdout.splitlines():
        row = json.loads(line)
        assert "record" in row, row
        records[Path(row["file"]).name] = row["record"]
    assert sorted(records) == sorted(PHOTOS)
    return records
