"""regcert: recognize Chinese vehicle registration certificates (机动车登记证书).

A ctypes binding of libregcert. Records are plain dicts with the same keys
and values as the record JSON of every regcert interface.

    import regcert
    client = regcert.Client(key, base_url="http://127.0.0.1:8080", timeout_ms=20000)
    record = client.recognize("scan.jpg")
    print(record["vin"], record["registration_date"])

    record = regcert.parse_response(open("response.json").read())

    # Offline, with the models of `make models`: no key, no network.
    with regcert.Client.local() as client:
        record = client.recognize("scan.jpg")
        print(record["vin"], record["confidence"].get("vin"))

Failures raise regcert.Error with .status, .api_code and .message.

The library is looked up in this order: the REGCERT_LIB environment
variable (a file path), next to this package, then target/release and
target/debug of the source repository holding this package.
"""

from __future__ import annotations

import ctypes
import enum
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any, Optional, Union

__all__ = ["Client", "Error", "Status", "parse_response", "version", "library_path"]


class Status(enum.IntEnum):
    """The statuses of libregcert (regcert_status); the numbers never change."""

    OK = 0
    NULL_ARGUMENT = 1
    INVALID_UTF8 = 2
    INVALID_ARGUMENT = 3
    INVALID_IMAGE = 4
    IO = 5
    TIMEOUT = 6
    TRANSPORT = 7
    HTTP = 8
    API = 9
    DECODE = 10
    PANIC = 11
    INTERNAL = 12
    MODELS = 13
    LOCAL = 14


class Error(Exception):
    """A failed call: .status (Status), .api_code (the API's error_code for
    Status.API, else 0) and .message (never contains the key)."""

    def __init__(self, status: int, message: str, api_code: int = 0) -> None:
        try:
            self.status: Union[Status, int] = Status(status)
        except ValueError:
            self.status = status
        self.message = message
        self.api_code = api_code
        name = self.status.name if isinstance(self.status, Status) else str(status)
        text = f"{name}: {message}"
        if api_code:
            text += f" (api code {api_code})"
        super().__init__(text)


def _library_name() -> str:
    if sys.platform == "darwin":
        return "libregcert.dylib"
    if sys.platform == "win32":
        return "regcert.dll"
    return "libregcert.so"


def _candidates() -> list:
    name = _library_name()
    here = Path(__file__).resolve().parent
    found = []
    env = os.environ.get("REGCERT_LIB")
    if env:
        found.append(Path(env))
    found.append(here / name)
    repo = here.parents[2] if len(here.parents) > 2 else here
    for profile in ("release", "debug"):
        found.append(repo / "target" / profile / name)
    return found


_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_path: Optional[Path] = None


def _load() -> ctypes.CDLL:
    global _lib, _path
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for candidate in _candidates():
            if candidate.is_file():
                lib = ctypes.CDLL(str(candidate))
                _declare(lib)
                _lib, _path = lib, candidate
                return lib
            tried.append(str(candidate))
        raise OSError("libregcert not found; set REGCERT_LIB. Tried: " + ", ".join(tried))


def _declare(lib: ctypes.CDLL) -> None:
    p, c, u = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    pp = ctypes.POINTER(ctypes.c_void_p)
    sigs = {
        "regcert_client_new": (u, [c, c, pp]),
        "regcert_client_new_local": (u, [c, pp]),
        "regcert_client_set_timeout_ms": (u, [p, ctypes.c_uint32]),
        "regcert_client_set_retry_attempts": (u, [p, ctypes.c_uint32]),
        "regcert_client_free": (None, [p]),
        "regcert_recognize_file": (u, [p, c, pp]),
        "regcert_recognize_bytes": (u, [p, c, ctypes.c_size_t, pp]),
        "regcert_parse_response": (u, [c, ctypes.c_size_t, pp]),
        "regcert_record_json": (c, [p]),
        "regcert_record_free": (None, [p]),
        "regcert_last_error_message": (c, []),
        "regcert_last_api_error_code": (ctypes.c_int32, []),
        "regcert_status_str": (c, [ctypes.c_uint]),
        "regcert_version": (c, []),
    }
    for name, (restype, argtypes) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def library_path() -> Path:
    """The path of the libregcert in use (loading it if needed)."""
    _load()
    assert _path is not None
    return _path


def version() -> str:
    """The version of libregcert."""
    return _load().regcert_version().decode()


def _check(lib: ctypes.CDLL, status: int) -> None:
    if status != Status.OK:
        message = (lib.regcert_last_error_message() or b"").decode("utf-8", "replace")
        code = lib.regcert_last_api_error_code() if status == Status.API else 0
        raise Error(status, message, code)


def _take_record(lib: ctypes.CDLL, handle: ctypes.c_void_p) -> dict:
    """The record's dict; frees the handle."""
    try:
        text = lib.regcert_record_json(handle)
        if text is None:
            _check(lib, Status.INTERNAL)
        return json.loads(text.decode("utf-8"))
    finally:
        lib.regcert_record_free(handle)


def parse_response(text: Union[str, bytes]) -> dict:
    """Normalizes one whole API response (the JSON text) into a record dict.

    Raises Error: Status.API (with .api_code) for an error response,
    Status.DECODE for text that is not a response, Status.INVALID_UTF8.
    """
    lib = _load()
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    out = ctypes.c_void_p()
    _check(lib, lib.regcert_parse_response(data, len(data), ctypes.byref(out)))
    return _take_record(lib, out)


class Client:
    """A client of the recognition API; safe to share between threads.

    base_url None is the default service; timeout_ms None keeps the
    default (30 s); retry_attempts None keeps the default (3, the first
    included). Use it as a context manager or call close() to free it early.

    Client.local() reads certificates with the offline engine instead.
    """

    _local = False

    def __init__(
        self,
        key: str,
        base_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        retry_attempts: Optional[int] = None,
    ) -> None:
        self._lib = _load()
        self._handle: Optional[ctypes.c_void_p] = None
        if "\0" in key or (base_url is not None and "\0" in base_url):
            raise Error(Status.INVALID_ARGUMENT, "the key and the base URL must not contain NUL")
        out = ctypes.c_void_p()
        url = None if base_url is None else base_url.encode("utf-8")
        _check(self._lib, self._lib.regcert_client_new(key.encode("utf-8"), url, ctypes.byref(out)))
        self._handle = out
        if timeout_ms is not None:
            self.set_timeout_ms(timeout_ms)
        if retry_attempts is not None:
            self.set_retry_attempts(retry_attempts)

    @classmethod
    def local(cls, models_dir: Optional[Union[str, "os.PathLike[str]"]] = None) -> "Client":
        """A client of the offline engine: no key, no network.

        models_dir is the folder holding the models of `make models`; None
        looks in $REGCERT_MODELS, then models/ under the current directory.
        Loading takes a moment: create one client and share it. Records have
        their "confidence" dict filled (field key -> 0..1). Raises Error with
        Status.MODELS when the models are missing or unusable.
        """
        lib = _load()
        if models_dir is None:
            encoded = None
        else:
            raw = os.fspath(models_dir)
            encoded = raw if isinstance(raw, bytes) else raw.encode("utf-8")
            if b"\0" in encoded:
                raise Error(Status.INVALID_ARGUMENT, "models_dir must not contain NUL")
        out = ctypes.c_void_p()
        _check(lib, lib.regcert_client_new_local(encoded, ctypes.byref(out)))
        client = cls.__new__(cls)
        client._lib = lib
        client._handle = out
        client._local = True
        return client

    def _live(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise Error(Status.NULL_ARGUMENT, "the client is closed")
        return self._handle

    def set_timeout_ms(self, ms: int) -> None:
        """The time one request may take, in milliseconds (1 to 2**32-1)."""
        if not 0 < ms < 2**32:
            raise Error(Status.INVALID_ARGUMENT, "the timeout must be 1 ms to 2**32-1 ms")
        _check(self._lib, self._lib.regcert_client_set_timeout_ms(self._live(), ms))

    def set_retry_attempts(self, attempts: int) -> None:
        """How many attempts a recognition makes, the first included (1 to 2**32-1)."""
        if not 0 < attempts < 2**32:
            raise Error(Status.INVALID_ARGUMENT, "attempts must be 1 to 2**32-1")
        _check(self._lib, self._lib.regcert_client_set_retry_attempts(self._live(), attempts))

    def recognize(self, path: Union[str, "os.PathLike[str]"]) -> dict:
        """Recognizes the image file at path (JPEG, PNG or BMP) into a record dict."""
        raw = os.fspath(path)
        encoded = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        out = ctypes.c_void_p()
        _check(self._lib, self._lib.regcert_recognize_file(self._live(), encoded, ctypes.byref(out)))
        return _take_record(self._lib, out)

    def recognize_bytes(self, image: Union[bytes, bytearray, memoryview]) -> dict:
        """Recognizes an image held in memory into a record dict."""
        data = bytes(image)
        out = ctypes.c_void_p()
        _check(
            self._lib,
            self._lib.regcert_recognize_bytes(self._live(), data, len(data), ctypes.byref(out)),
        )
        return _take_record(self._lib, out)

    def close(self) -> None:
        """Frees the client; later calls raise Error(Status.NULL_ARGUMENT)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._lib.regcert_client_free(handle)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def __repr__(self) -> str:
        if self._handle is None:
            return "regcert.Client(closed)"
        return "regcert.Client.local()" if self._local else "regcert.Client(key=***)"
