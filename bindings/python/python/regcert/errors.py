"""The exceptions of regcert.

Every failure is a :class:`RegcertError`; its subclasses say what went wrong,
and some are also the built-in exception of the same meaning (``except
TimeoutError`` catches :class:`regcert.TimeoutError`). ``.kind`` is a stable
lower-case name (``"api"``, ``"timeout"``, ``"invalid_image"``, ...), the
same as the ``kind`` of ``regcert recognize --format jsonl``'s errors.
No message ever holds the API key.
"""

from __future__ import annotations

import builtins
from typing import Optional

__all__ = [
    "RegcertError",
    "ApiError",
    "HttpError",
    "TimeoutError",
    "TransportError",
    "DecodeError",
    "ImageError",
    "IoError",
    "ConfigError",
    "ModelsError",
]


class RegcertError(Exception):
    """Base class of every regcert failure: ``.kind`` and ``.message``."""

    def __init__(self, message: str, *, kind: str = "other") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Keyword-only attributes survive pickling (Ray and multiprocessing
        # send exceptions between processes).
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: type, message: str, state: dict) -> RegcertError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ApiError(RegcertError):
    """The API answered with an error: ``.code`` (its ``error_code``, such
    as 10001 for a wrong key or 270903 for a failed recognition) and
    ``.reason`` (the API's text, when it sent one)."""

    def __init__(self, message: str, *, code: int, reason: Optional[str] = None, kind: str = "api") -> None:
        super().__init__(message, kind=kind)
        self.code = code
        self.reason = reason


class HttpError(RegcertError):
    """The server answered with an HTTP status other than 2xx: ``.status``."""

    def __init__(self, message: str, *, status: int, kind: str = "http") -> None:
        super().__init__(message, kind=kind)
        self.status = status


class TimeoutError(RegcertError, builtins.TimeoutError):
    """A request took longer than the client's ``timeout``."""

    def __init__(self, message: str, *, kind: str = "timeout") -> None:
        RegcertError.__init__(self, message, kind=kind)


class TransportError(RegcertError, ConnectionError):
    """The connection failed (refused, reset, DNS, TLS) or the answer was
    cut short."""

    def __init__(self, message: str, *, kind: str = "transport") -> None:
        RegcertError.__init__(self, message, kind=kind)


class DecodeError(RegcertError, ValueError):
    """A body or a response that is not an answer of the API."""

    def __init__(self, message: str, *, kind: str = "decode") -> None:
        super().__init__(message, kind=kind)


class ImageError(RegcertError, ValueError):
    """The image was refused before any request (empty, too large, not
    JPEG, PNG or BMP: ``kind`` ``"invalid_image"``), or the offline engine
    could not read it (``kind`` ``"local"``)."""

    def __init__(self, message: str, *, kind: str = "invalid_image") -> None:
        super().__init__(message, kind=kind)


class IoError(RegcertError, OSError):
    """An image file could not be read: ``.path``."""

    def __init__(self, message: str, *, path: Optional[str] = None, kind: str = "io") -> None:
        RegcertError.__init__(self, message, kind=kind)
        self.path = path


class ConfigError(RegcertError, ValueError):
    """A setting is wrong (missing key, bad URL, timeout not above 0), or
    the client is closed."""

    def __init__(self, message: str, *, kind: str = "config") -> None:
        super().__init__(message, kind=kind)


class ModelsError(RegcertError):
    """The offline engine's models are missing or damaged; the message names
    the file and the fix (``regcert.fetch_models()`` or ``regcert models
    fetch``)."""

    def __init__(self, message: str, *, kind: str = "models") -> None:
        super().__init__(message, kind=kind)
