"""Typed descriptions of Python values, the one JSON form the Go tests read
(internal/pydesc converts them to Go values).

    {"t": "int", "v": "1"}        int, float (repr), str, markup, uuid, datetime, date, decimal
    {"t": "bool", "v": true}      {"t": "none"}
    {"t": "bytes", "hex": "00ff"} {"t": "str", "wtf8": "eda080"} (a str with lone surrogates)
    {"t": "list" | "tuple", "items": [description, ...]}
    {"t": "dict", "items": [[key description, value description], ...]}
    {"t": "dataclass", "name": "Point", "fields": dict description}

build() is the inverse: the Python value a description describes.

testdata/gen_vectors.py imports it from its own directory; the interop tests'
scripts and internal/flaskapp's app import it through PYTHONPATH, which
internal/interop sets to testdata/.
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


_SCALARS = {
    "int": int,
    "float": float,
    "uuid": uuid.UUID,
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "decimal": decimal.Decimal,
}


def build(d):
    """Return the Python value that d, a description from describe() or from
    internal/pydesc's Describe, describes. A malformed description raises
    ValueError (or TypeError, KeyError)."""
    t = d["t"]
    if t == "none":
        return None
    if t == "bool":
        if not isinstance(d["v"], bool):
            raise ValueError("a bool description needs true or false")
        return d["v"]
    if t in ("str", "markup"):
        if "wtf8" in d:
            s = bytes.fromhex(d["wtf8"]).decode("utf-8", "surrogatepass")
        elif isinstance(d["v"], str):
            s = d["v"]
        else:
            raise ValueError(f"a {t} description needs a string")
        return Markup(s) if t == "markup" else s
    if t == "bytes":
        return bytes.fromhex(d["hex"])
    if t in ("list", "tuple"):
        items = [build(x) for x in _items(d)]
        return tuple(items) if t == "tuple" else items
    if t == "dict":
        return {build(k): build(x) for k, x in _items(d)}
    if t == "dataclass":
        fields = build(d["fields"])
        return dataclasses.make_dataclass(d["name"], list(fields))(**fields)
    if t in _SCALARS:
        if not isinstance(d["v"], str):
            raise ValueError(f"a {t} description needs a string")
        return _SCALARS[t](d["v"])
    raise ValueError(f"unknown description type {t!r}")


def _items(d):
    items = d.get("items", [])
    if not isinstance(items, list):
        raise ValueError(f"a {d['t']} description needs a list of items")
    return items
