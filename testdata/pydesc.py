"""Typed descriptions of Python values, the one JSON form the Go tests read
(internal/pydesc converts them to Go values).

    {"t": "int", "v": "1"}        int, float (repr), str, markup, uuid, datetime, date, decimal
    {"t": "bool", "v": true}      {"t": "none"}
    {"t": "bytes", "hex": "00ff"} {"t": "str", "wtf8": "eda080"} (a str with lone surrogates)
    {"t": "list" | "tuple", "items": [description, ...]}
    {"t": "dict", "items": [[key description, value description], ...]}
    {"t": "dataclass", "name": "Point", "fields": dict description}

testdata/gen_vectors.py imports it from its own directory; the interop tests'
scripts import it through PYTHONPATH, which internal/interop sets to testdata/.
"""

import dataclasses
import datetime as dt
import decimal
import uuid

from markupsafe import Markup


def describe(v):
    """Describe a Python value with its types, recursively, as JSON-friendly data."""
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if v is None:
        return {"t": "none"}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": repr(v)}
    if isinstance(v, str):
        t = "markup" if isinstance(v, Markup) else "str"
        v = str(v)
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates: JSON text cannot carry them to Go intact.
            return {"t": t, "wtf8": v.encode("utf-8", "surrogatepass").hex()}
        return {"t": t, "v": v}
    if isinstance(v, bytes):
        return {"t": "bytes", "hex": v.hex()}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [describe(x) for x in v]}
    if isinstance(v, list):
        return {"t": "list", "items": [describe(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "items": [[describe(k), describe(x)] for k, x in v.items()]}
    if isinstance(v, uuid.UUID):
        return {"t": "uuid", "v": str(v)}
    if isinstance(v, dt.datetime):
        return {"t": "datetime", "v": v.isoformat()}
    if isinstance(v, dt.date):
        return {"t": "date", "v": v.isoformat()}
    if isinstance(v, decimal.Decimal):
        return {"t": "decimal", "v": str(v)}
    if dataclasses.is_dataclass(v):
        fields = {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}
        return {"t": "dataclass", "name": type(v).__name__, "fields": describe(fields)}
    raise TypeError(f"cannot describe {type(v).__name__}")
