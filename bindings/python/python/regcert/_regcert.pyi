# Types of the extension module regcert._regcert (Rust, PyO3).
import os
from pathlib import Path
from types import TracebackType
from typing import Iterable, Iterator, Literal, Optional, Tuple, Type, Union

from .errors import RegcertError
from .record import Record

__version__: str

Image = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]
"""A path to a JPEG, PNG or BMP file, or such a file's bytes."""

class Client:
    """A client of the recognition API, or of the offline engine
    (``Client.local()``). Safe to share between threads."""

    def __init__(
        self,
        key: Optional[str] = None,
        base_url: Optional[str] = None,
        *,
        timeout: Optional[float] = None,
        connect_timeout: Optional[float] = None,
        retry_attempts: Optional[int] = None,
        endpoint: Optional[Literal["auto", "query", "verify"]] = None,
        requests_per_second: Optional[float] = None,
        max_image_bytes: Optional[int] = None,
    ) -> None: ...
    @classmethod
    def local(
        cls,
        models: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        max_image_bytes: Optional[int] = None,
    ) -> "Client": ...
    @property
    def is_local(self) -> bool: ...
    def recognize(self, image: Image) -> Record: ...
    def recognize_many(self, images: Iterable[Image], concurrency: int = 4) -> "Recognitions": ...
    def close(self) -> None: ...
    def __enter__(self) -> "Client": ...
    def __exit__(
        self,
        *args: Union[Optional[Type[BaseException]], Optional[BaseException], Optional[TracebackType]],
    ) -> None: ...

class Recognitions(Iterator[Tuple[int, Union[Record, RegcertError]]]):
    """``(index, record or error)`` in the order recognitions finish."""

    @property
    def total(self) -> int: ...
    def __iter__(self) -> "Recognitions": ...
    def __next__(self) -> Tuple[int, Union[Record, RegcertError]]: ...

def parse(response: Union[str, bytes, bytearray, dict]) -> Record: ...
def fetch_models(
    dir: Optional[Union[str, "os.PathLike[str]"]] = None,
    *,
    wheel: Optional[Union[str, "os.PathLike[str]"]] = None,
) -> Path: ...
