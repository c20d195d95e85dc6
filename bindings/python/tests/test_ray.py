"""Ray Data over the committed photos: the records of `regcert recognize --local`.

Skipped only when ray (with Ray Data's pyarrow) is not installed.
"""

import json
from pathlib import Path

import pytest

from test_local import assert_same_reading

ray = pytest.importorskip("ray")
parquet = pytest.importorskip("pyarrow.parquet")


def test_map_batches_with_the_reader_writes_the_cli_records(photos, models, cli_records, tmp_path):
    from regcert.ray import RegcertReader

    bad = tmp_path / "in" / "not-a-photo.jpg"
    bad.parent.mkdir()
    bad.write_text("not an image")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        # Reading and writing files take no CPU of their own: the 2 CPUs go
        # to the 2 actors (else the actors would wait for the reads, and the
        # reads for a CPU).
        files = [str(p) for p in photos] + [str(bad)]
        ds = ray.data.read_binary_files(files, include_paths=True, num_cpus=0)
        ds = ds.map_batches(
            RegcertReader,
            fn_constructor_kwargs={"models": str(models)},
            concurrency=2,
            num_cpus=1,
            batch_size=1,
        )
        ds.write_parquet(str(tmp_path / "out"), ray_remote_args={"num_cpus": 0})
    finally:
        ray.shutdown()
    rows = {Path(row["path"]).name: row for row in parquet.read_table(str(tmp_path / "out")).to_pylist()}
    assert sorted(rows) == sorted([p.name for p in photos] + [bad.name])
    for photo in photos:
        row = rows[photo.name]
        assert row["error"] is None and row["error_kind"] is None, row["error"]
        assert_same_reading(json.loads(row["record"]), cli_records[photo.name])
    assert rows[bad.name]["record"] is None
    assert rows[bad.name]["error_kind"] == "invalid_image"
