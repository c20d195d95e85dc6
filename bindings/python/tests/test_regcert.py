"""Tests of the regcert Python binding.

Parsing needs only libregcert. The client tests use the server given by
REGCERT_TEST_URL and REGCERT_TEST_KEY (what scripts/test-c.sh sets), or
start `regcert serve` from the repository's target directory themselves;
without either they are skipped.
"""

import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import regcert  # noqa: E402

REPO = HERE.parents[2]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c6360000000020001"
    "48afa4710000000049454e44ae426082"
)
SUCCESS = (
    '{"reason":"操作成功","error_code":0,"result":{"orderid":"JH5","res":['
    '{"desc":"车辆识别代号V车架号","content":"lsvau2180n2183456"},'
    '{"desc":"登记日期","content":"2021年05月12日"},'
    '{"desc":"外廓尺寸","content":"长4870宽1820高1475mm"},'
    '{"desc":"总质量","content":"kg"}]}}'
)

_server = None
URL = os.environ.get("REGCERT_TEST_URL")
KEY = os.environ.get("REGCERT_TEST_KEY", "python-test-key")


def setUpModule():
    global _server, URL
    if URL:
        return
    for profile in ("release", "debug"):
        binary = REPO / "target" / profile / "regcert"
        if binary.is_file():
            _server = subprocess.Popen(
                [str(binary), "serve", "--addr", "127.0.0.1:0", "--key", KEY],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            line = _server.stdout.readline().strip()
            match = re.match(r"listening on (http://\S+)", line)
            if match:
                URL = match.group(1)
            return


def tearDownModule():
    if _server is not None:
        _server.terminate()
        _server.wait(timeout=10)


class ParseTest(unittest.TestCase):
    def test_a_response_becomes_the_record_dict(self):
        record = regcert.parse_response(SUCCESS)
        self.assertEqual(record["vin"], "LSVAU2180N2183456")
        self.assertEqual(record["registration_date"], "2021-05-12")
        self.assertEqual(record["overall_dimensions_mm"], {"length": 4870, "width": 1820, "height": 1475})
        self.assertIsNone(record["gross_mass_kg"])
        self.assertEqual(record["order_id"], "JH5")
        self.assertEqual(regcert.parse_response(SUCCESS.encode()), record)

    def test_the_same_json_as_the_cli_fixtures_parse(self):
        fixture = REPO / "crates" / "model" / "tests" / "fixtures" / "sedan-clean.json"
        record = regcert.parse_response(fixture.read_bytes())
        self.assertEqual(len(record["vin"]), 17)
        self.assertIn("name", record["owner"])

    def test_an_error_response_raises_with_its_api_code(self):
        with self.assertRaises(regcert.Error) as caught:
            regcert.parse_response('{"reason":"错误的请求KEY","result":null,"error_code":10001}')
        self.assertEqual(caught.exception.status, regcert.Status.API)
        self.assertEqual(caught.exception.api_code, 10001)
        self.assertIn("10001", caught.exception.message)

    def test_malformed_and_non_utf8_input(self):
        with self.assertRaises(regcert.Error) as caught:
            regcert.parse_response('{"error_code":0,"result":{"res":[')
        self.assertEqual(caught.exception.status, regcert.Status.DECODE)
        self.assertEqual(caught.exception.api_code, 0)
        with self.assertRaises(regcert.Error) as caught:
            regcert.parse_response(b"\xff\xfe")
        self.assertEqual(caught.exception.status, regcert.Status.INVALID_UTF8)

    def test_version_and_library(self):
        header = (REPO / "include" / "regcert.h").read_text()
        want = re.search(r'#define REGCERT_VERSION "([^"]+)"', header).group(1)
        self.assertEqual(regcert.version(), want)
        self.assertTrue(regcert.library_path().is_file())

    def test_status_numbers_match_the_header(self):
        header = (REPO / "include" / "regcert.h").read_text()
        numbers = dict(re.findall(r"REGCERT_STATUS_(\w+) = (\d+)", header))
        self.assertEqual({s.name: str(s.value) for s in regcert.Status}, numbers)


class ClientTest(unittest.TestCase):
    def setUp(self):
        if not URL:
            self.skipTest("no server: set REGCERT_TEST_URL/REGCERT_TEST_KEY or build `regcert`")

    def test_recognize_file_and_bytes(self):
        with regcert.Client(KEY, base_url=URL, timeout_ms=10000) as client:
            from_bytes = client.recognize_bytes(PNG)
            self.assertTrue(from_bytes["order_id"].startswith("JH"))
            self.assertEqual(from_bytes["confidence"], {})  # the cloud API gives none
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "scan.png"
                path.write_bytes(PNG)
                from_file = client.recognize(path)
                self.assertEqual(from_file["vin"], from_bytes["vin"])
                self.assertEqual(client.recognize(str(path))["vin"], from_bytes["vin"])
                with self.assertRaises(regcert.Error) as caught:
                    client.recognize(Path(tmp) / "missing.png")
                self.assertEqual(caught.exception.status, regcert.Status.IO)

    def test_invalid_images_are_refused(self):
        client = regcert.Client(KEY, base_url=URL)
        for image in (b"", b"plain text"):
            with self.assertRaises(regcert.Error) as caught:
                client.recognize_bytes(image)
            self.assertEqual(caught.exception.status, regcert.Status.INVALID_IMAGE)
        client.close()
        client.close()
        with self.assertRaises(regcert.Error) as caught:
            client.recognize_bytes(PNG)
        self.assertEqual(caught.exception.status, regcert.Status.NULL_ARGUMENT)

    def test_a_wrong_key_is_api_10001_without_the_key(self):
        wrong = "wrong-python-key-31f"
        client = regcert.Client(wrong, base_url=URL)
        with self.assertRaises(regcert.Error) as caught:
            client.recognize_bytes(PNG)
        self.assertEqual(caught.exception.status, regcert.Status.API)
        self.assertEqual(caught.exception.api_code, 10001)
        self.assertNotIn(wrong, str(caught.exception))
        self.assertNotIn(wrong, repr(client))

    def test_server_down_is_a_transport_error(self):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        client = regcert.Client(KEY, base_url=f"http://127.0.0.1:{port}", retry_attempts=1)
        with self.assertRaises(regcert.Error) as caught:
            client.recognize_bytes(PNG)
        self.assertEqual(caught.exception.status, regcert.Status.TRANSPORT)

    def test_bad_arguments(self):
        for kwargs in ({"key": ""}, {"key": KEY, "base_url": "not a url"}, {"key": KEY, "timeout_ms": 0}):
            with self.assertRaises(regcert.Error) as caught:
                regcert.Client(**kwargs)
            self.assertEqual(caught.exception.status, regcert.Status.INVALID_ARGUMENT)

    def test_one_client_many_threads(self):
        client = regcert.Client(KEY, base_url=URL)
        results = []

        def work():
            results.append(client.recognize_bytes(PNG)["vin"])

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(results), 8)
        self.assertEqual(len(set(results)), 1)


class LocalTest(unittest.TestCase):
    """The offline engine with the models of `make models`."""

    def test_a_photo_read_offline(self):
        photo = REPO / "tests" / "fixtures" / "certificates" / "sedan-p2-clean.jpg"
        with regcert.Client.local(REPO / "models") as client:
            self.assertEqual(repr(client), "regcert.Client.local()")
            record = client.recognize(photo)
            self.assertEqual(record["vin"], "LSLAB2C12KA000101")
            self.assertIsNone(record["order_id"])
            self.assertIn("vin", record["confidence"])
            for key, c in record["confidence"].items():
                self.assertTrue(0 < c <= 1, key)
            with self.assertRaises(regcert.Error) as caught:
                client.recognize_bytes(b"")
            self.assertEqual(caught.exception.status, regcert.Status.INVALID_IMAGE)

    def test_missing_models_say_make_models(self):
        with self.assertRaises(regcert.Error) as caught:
            regcert.Client.local("/nonexistent/regcert-models")
        self.assertEqual(caught.exception.status, regcert.Status.MODELS)
        self.assertIn("regcert models fetch", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
