"""regcert.parse, the package itself, and its exceptions."""

import json
import pickle
from pathlib import Path

import pytest

import regcert

SUCCESS = (
    '{"reason":"操作成功","error_code":0,"result":{"orderid":"JH5","res":['
    '{"desc":"车辆识别代号V车架号","content":"lsvau2180n2183456"},'
    '{"desc":"登记日期","content":"2021年05月12日"},'
    '{"desc":"外廓尺寸","content":"长4870宽1820高1475mm"},'
    '{"desc":"总质量","content":"kg"}]}}'
)
WRONG_KEY = '{"reason":"错误的请求KEY","result":null,"error_code":10001}'


def test_the_installed_package_is_used():
    # Not the sources of a checkout: the wheel's copy, with its extension.
    assert "site-packages" in Path(regcert.__file__).parts
    assert regcert.__version__.count(".") == 2


def test_a_response_becomes_the_record_dict():
    record = regcert.parse(SUCCESS)
    assert record["vin"] == "LSVAU2180N2183456"
    assert record["registration_date"] == "2021-05-12"
    assert record["overall_dimensions_mm"] == {"length": 4870, "width": 1820, "height": 1475}
    assert record["gross_mass_kg"] is None
    assert record["order_id"] == "JH5"
    assert record["confidence"] == {}
    assert regcert.parse(SUCCESS.encode()) == record
    assert regcert.parse(bytearray(SUCCESS.encode())) == record
    assert regcert.parse(json.loads(SUCCESS)) == record


def test_saved_responses_parse(responses):
    record = regcert.parse((responses / "sedan-clean.json").read_bytes())
    assert len(record["vin"]) == 17
    assert set(record["owner"]) == {"name", "id_type", "id_number"}


def test_an_error_response_raises_api_error_with_its_code():
    with pytest.raises(regcert.ApiError) as caught:
        regcert.parse(WRONG_KEY)
    error = caught.value
    assert (error.code, error.reason, error.kind) == (10001, "错误的请求KEY", "api")
    assert "10001" in str(error)
    assert isinstance(error, regcert.RegcertError)


def test_what_is_not_a_response_is_a_decode_error():
    for text in ('{"error_code":0,"result":{"res":[', b"\xff\xfe", "[]", '{"reason":"x"}'):
        with pytest.raises(regcert.DecodeError) as caught:
            regcert.parse(text)
        assert caught.value.kind == "decode"
        assert isinstance(caught.value, ValueError)
    with pytest.raises(TypeError):
        regcert.parse(object())


def test_exceptions_keep_their_attributes_through_pickle():
    # Ray and multiprocessing send exceptions between processes.
    with pytest.raises(regcert.ApiError) as caught:
        regcert.parse(WRONG_KEY)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is regcert.ApiError
    assert (copy.code, copy.reason, copy.kind, str(copy)) == (10001, "错误的请求KEY", "api", str(caught.value))


def test_the_hierarchy():
    for name in ("ApiError", "HttpError", "TimeoutError", "TransportError", "DecodeError",
                 "ImageError", "IoError", "ConfigError", "ModelsError"):
        assert issubclass(getattr(regcert, name), regcert.RegcertError), name
    assert issubclass(regcert.TimeoutError, TimeoutError)
    assert issubclass(regcert.TransportError, ConnectionError)
    assert issubclass(regcert.ImageError, ValueError)
    assert issubclass(regcert.IoError, OSError)
    assert issubclass(regcert.ConfigError, ValueError)


def test_every_exported_name_exists():
    for name in regcert.__all__:
        assert getattr(regcert, name) is not None, name
