"""regcert: read Chinese motor-vehicle registration certificates (机动车登记证书).

Records are dicts with the keys and values of the record JSON that every
regcert interface gives (typed as :class:`regcert.Record`)::

    import regcert

    client = regcert.Client(key="...")            # the cloud API (or JUHE_KEY)
    record = client.recognize("scan.jpg")         # a path or the image's bytes
    print(record["vin"], record["registration_date"])

    local = regcert.Client.local()                # offline: no key, no network
    for index, outcome in local.recognize_many(paths, concurrency=2):
        if isinstance(outcome, regcert.RegcertError):
            print(paths[index], outcome.kind, outcome)
        else:
            print(paths[index], outcome["vin"], outcome["confidence"].get("vin"))

    record = regcert.parse(open("response.json").read())  # a saved API answer
    regcert.fetch_models()                        # the offline engine's models

Failures raise :class:`regcert.RegcertError` subclasses (``ApiError`` with
``.code``, ``ImageError``, ``ModelsError``, ...). The work runs in Rust on the
client's own threads, without holding the GIL. :mod:`regcert.ray` reads
certificates at scale with Ray Data.
"""

from ._regcert import Client, Recognitions, __version__, fetch_models, parse
from .errors import (
    ApiError,
    ConfigError,
    DecodeError,
    HttpError,
    ImageError,
    IoError,
    ModelsError,
    RegcertError,
    TimeoutError,
    TransportError,
)
from .record import Dimensions, ExtraField, Issue, IssueCode, Owner, Record, Severity

from .errors import __all__ as _errors

__all__ = [
    "Client",
    "Recognitions",
    "parse",
    "fetch_models",
    "__version__",
    *_errors,
    "Record",
    "Owner",
    "Dimensions",
    "Issue",
    "ExtraField",
    "IssueCode",
    "Severity",
]
