"""Reading certificates at scale with Ray Data.

:class:`RegcertReader` is a callable class for ``Dataset.map_batches``: each
Ray actor loads the offline engine once and reads every batch it is given,
so a cluster reads as many certificates at once as it has actors::

    import ray
    from regcert.ray import RegcertReader

    ds = ray.data.read_binary_files("s3://archive/scans/", include_paths=True)
    ds = ds.map_batches(RegcertReader, concurrency=8, num_cpus=2, batch_size=16)
    ds.write_parquet("s3://archive/records/")

On a small machine give reading and writing no CPU of their own
(``read_binary_files(..., num_cpus=0)``, ``write_parquet(...,
ray_remote_args={"num_cpus": 0})``) so that every CPU goes to an actor.

Each output row has ``path`` (when the input has it), ``record`` (the record
JSON, as ``regcert recognize --local`` prints it, or None), ``error_kind``
and ``error`` (None, or why this image gave no record). The record is kept as
JSON text so every batch has the same schema; ``json.loads`` gives the dict.

Ray itself is not a dependency of regcert: ``pip install "ray[data]"``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Union

from . import Client
from .errors import RegcertError

__all__ = ["RegcertReader"]

#: The environment variable that sets the engine's thread count.
_THREADS_ENV = "RTEN_NUM_THREADS"


def _assigned_cpus() -> Optional[int]:
    """The CPUs Ray gave this actor, or None outside Ray."""
    try:
        import ray
    except ImportError:
        return None
    if not ray.is_initialized():
        return None
    cpus = ray.get_runtime_context().get_assigned_resources().get("CPU")
    return max(1, int(cpus)) if cpus else None


class RegcertReader:
    """A ``map_batches`` callable: certificate images in, records out.

    ``models`` is the models folder on the workers (None: the default
    lookup, ``$REGCERT_MODELS`` or the user's data folder: run
    ``regcert.fetch_models()`` or ``regcert models fetch`` there first).
    ``threads`` is the engine's thread count in this actor; None uses the CPUs
    Ray assigned it (``num_cpus`` of ``map_batches``, 1 by default), so
    actors never compete for cores. ``concurrency`` is how many images of a
    batch one actor reads at once. ``bytes_column`` and ``path_column`` name
    the input columns (those of ``read_binary_files(..., include_paths=True)``).
    """

    def __init__(
        self,
        models: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        threads: Optional[int] = None,
        concurrency: int = 1,
        bytes_column: str = "bytes",
        path_column: str = "path",
    ) -> None:
        threads = threads or _assigned_cpus()
        if threads:
            # Read once, when the engine first runs in this process.
            os.environ[_THREADS_ENV] = str(threads)
        self._client = Client.local(models)
        self._concurrency = concurrency
        self._bytes_column = bytes_column
        self._path_column = path_column

    def __call__(self, batch: Dict[str, Any]) -> Any:
        images = [bytes(image) for image in batch[self._bytes_column]]
        records: List[Optional[str]] = [None] * len(images)
        kinds: List[Optional[str]] = [None] * len(images)
        errors: List[Optional[str]] = [None] * len(images)
        for index, outcome in self._client.recognize_many(images, concurrency=self._concurrency):
            if isinstance(outcome, RegcertError):
                kinds[index] = outcome.kind
                errors[index] = str(outcome)
            else:
                records[index] = json.dumps(outcome, ensure_ascii=False)
        out: Dict[str, List[Optional[str]]] = {"record": records, "error_kind": kinds, "error": errors}
        if self._path_column in batch:
            out = {"path": [str(p) for p in batch[self._path_column]], **out}
        return _table(out)


def _table(out: Dict[str, List[Optional[str]]]) -> Any:
    """The columns as an Arrow table of strings: a batch without any error
    has the same schema as one with errors (Parquet files of one dataset
    must agree)."""
    import pyarrow as pa

    return pa.table({name: pa.array(values, type=pa.string()) for name, values in out.items()})
