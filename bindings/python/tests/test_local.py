"""The offline engine: the same records as `regcert recognize --local`."""

import pytest

import regcert


def assert_same_reading(record, expected):
    """The same record; an offline reading has no order number."""
    assert record["order_id"] is None
    assert record == expected


def test_a_photo_read_offline_equals_the_cli(local_client, photos, cli_records):
    assert repr(local_client) == "regcert.Client.local()"
    assert local_client.is_local
    record = local_client.recognize(photos[0])
    assert_same_reading(record, cli_records[photos[0].name])
    assert record["vin"] == "LSLAB2C12KA000101"
    assert record["confidence"]["vin"] > 0.5
    assert all(0 < c <= 1 for c in record["confidence"].values())


def test_recognize_many_offline_equals_the_cli(local_client, photos, cli_records):
    images = [photos[0].read_bytes(), photos[1], b"not an image"]
    seen = dict(local_client.recognize_many(images, concurrency=2))
    assert sorted(seen) == [0, 1, 2]
    assert_same_reading(seen[0], cli_records[photos[0].name])
    assert_same_reading(seen[1], cli_records[photos[1].name])
    assert isinstance(seen[2], regcert.ImageError)


def test_missing_models_name_the_fix(tmp_path):
    with pytest.raises(regcert.ModelsError) as caught:
        regcert.Client.local(tmp_path / "no-models-here")
    message = str(caught.value)
    assert caught.value.kind == "models"
    assert "regcert models fetch" in message and "regcert.fetch_models()" in message


def test_fetch_models_with_models_in_place_downloads_nothing(models):
    # Both files already have their pinned sums: returned at once, no network.
    assert regcert.fetch_models(models) == models


def test_fetch_models_from_a_file_that_is_no_wheel(tmp_path):
    bogus = tmp_path / "rapidocr.whl"
    bogus.write_bytes(b"PK\x03\x04 not really a zip")
    target = tmp_path / "models"
    with pytest.raises(regcert.ModelsError, match="not a readable wheel"):
        regcert.fetch_models(target, wheel=bogus)
    assert not target.exists() or not any(target.iterdir())
