"""The cloud client against `regcert serve` on 127.0.0.1."""

import socket
import threading
import time
from pathlib import Path

import pytest

import regcert
from conftest import PNG


@pytest.fixture
def client(server):
    url, key = server
    with regcert.Client(key, base_url=url, timeout=10) as client:
        yield client


def test_recognize_bytes_path_and_pathlike(client, tmp_path):
    from_bytes = client.recognize(PNG)
    assert from_bytes["order_id"].startswith("JH")
    assert len(from_bytes["vin"]) == 17
    assert from_bytes["confidence"] == {}  # the cloud API gives none
    path = tmp_path / "scan.png"
    path.write_bytes(PNG)
    assert client.recognize(path)["vin"] == from_bytes["vin"]
    assert client.recognize(str(path))["vin"] == from_bytes["vin"]
    assert client.recognize(memoryview(PNG))["vin"] == from_bytes["vin"]
    assert not client.is_local


def test_a_wrong_key_is_api_error_10001_without_the_key(server):
    url, _ = server
    wrong = "wrong-python-key-31f"
    client = regcert.Client(wrong, base_url=url)
    with pytest.raises(regcert.ApiError) as caught:
        client.recognize(PNG)
    assert caught.value.code == 10001
    assert caught.value.kind == "api"
    assert wrong not in str(caught.value)
    assert wrong not in repr(client)


def test_images_refused_before_any_request(client, tmp_path):
    for image, kind in ((b"", "invalid_image"), (b"plain text, not an image", "invalid_image")):
        with pytest.raises(regcert.ImageError) as caught:
            client.recognize(image)
        assert caught.value.kind == kind
    with pytest.raises(regcert.IoError) as caught:
        client.recognize(tmp_path / "missing.png")
    assert caught.value.path == str(tmp_path / "missing.png")
    assert isinstance(caught.value, OSError)
    with pytest.raises(TypeError):
        client.recognize(12)


def _silent_server():
    """A socket that accepts connections (in its backlog) and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener


def test_a_server_that_never_answers_times_out():
    with _silent_server() as listener:
        url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        client = regcert.Client("k", base_url=url, timeout=0.3, retry_attempts=1)
        started = time.monotonic()
        with pytest.raises(regcert.TimeoutError) as caught:
            client.recognize(PNG)
        assert time.monotonic() - started < 5
        assert caught.value.kind == "timeout"
        assert isinstance(caught.value, TimeoutError)


def test_the_gil_is_released_while_waiting():
    # While one thread waits 1 s for an answer, this one keeps running.
    with _silent_server() as listener:
        url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        client = regcert.Client("k", base_url=url, timeout=1.0, retry_attempts=1)
        errors = []
        waiting = threading.Thread(target=lambda: errors.append(pytest.raises(regcert.TimeoutError, client.recognize, PNG)))
        waiting.start()
        ticks = 0
        while waiting.is_alive():
            ticks += 1
            time.sleep(0.01)
        waiting.join()
        assert len(errors) == 1
        assert ticks > 30, ticks


def test_server_down_is_a_transport_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = regcert.Client("k", base_url="http://127.0.0.1:%d" % port, retry_attempts=1)
    with pytest.raises(regcert.TransportError) as caught:
        client.recognize(PNG)
    assert caught.value.kind == "transport"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"key": ""},
        {"key": "k", "base_url": "not a url"},
        {"key": "k", "timeout": 0},
        {"key": "k", "timeout": float("nan")},
        {"key": "k", "retry_attempts": 0},
        {"key": "k", "endpoint": "ftp"},
        {"key": "k", "requests_per_second": -1.0},
    ],
)
def test_bad_settings_are_config_errors(kwargs):
    with pytest.raises(regcert.ConfigError) as caught:
        regcert.Client(**kwargs)
    assert caught.value.kind == "config"


def test_the_key_from_the_environment(server, monkeypatch):
    url, key = server
    monkeypatch.setenv("JUHE_KEY", key)
    monkeypatch.setenv("REGCERT_BASE_URL", url)
    assert regcert.Client().recognize(PNG)["order_id"].startswith("JH")
    monkeypatch.delenv("JUHE_KEY")
    with pytest.raises(regcert.ConfigError, match="JUHE_KEY"):
        regcert.Client()


def test_both_endpoints(server):
    url, key = server
    for endpoint in ("query", "verify"):
        record = regcert.Client(key, base_url=url, endpoint=endpoint).recognize(PNG)
        assert record["order_id"].startswith("JH"), endpoint


def test_recognize_many_yields_every_index_once(client, tmp_path):
    good = tmp_path / "good.png"
    good.write_bytes(PNG)
    images = [PNG, b"", good, tmp_path / "missing.png", PNG, bytearray(PNG)]
    results = client.recognize_many(images, concurrency=3)
    assert results.total == len(images)
    seen = dict(results)
    assert sorted(seen) == list(range(len(images)))
    for index in (0, 2, 4, 5):
        assert seen[index]["order_id"].startswith("JH"), index
    assert isinstance(seen[1], regcert.ImageError)
    assert isinstance(seen[3], regcert.IoError)
    assert list(client.recognize_many([], concurrency=2)) == []


def test_one_client_many_threads(client):
    vins = []
    threads = [threading.Thread(target=lambda: vins.append(client.recognize(PNG)["vin"])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(vins) == 8 and len(set(vins)) == 1


def test_a_closed_client(server):
    url, key = server
    client = regcert.Client(key, base_url=url)
    running = client.recognize_many([PNG, PNG], concurrency=1)
    client.close()
    client.close()
    assert repr(client) == "regcert.Client(closed)"
    with pytest.raises(regcert.ConfigError, match="closed"):
        client.recognize(PNG)
    # What was started before close() still finishes.
    assert len(list(running)) == 2
