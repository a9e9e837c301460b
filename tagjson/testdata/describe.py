# Shared head of the tagjson interop scripts (interop_test.go prepends it to
# from_python.py and load.py): describe() gives a typed description of a value.
import base64, datetime, json, math, sys, uuid
import flask
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

def describe(v):
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
    if isinstance(v, datetime.datetime):
        return {"t": "datetime", "v": v.isoformat()}
    return {"t": "unexpected " + type(v).__name__, "v": repr(v)}

sys.setrecursionlimit(10000)
sys.set_int_max_str_digits(4300)
app = flask.Flask("interop")
# An app that changed its JSON provider (Flask's json/provider.py
# DefaultJSONProvider sort_keys, ensure_ascii): keys in insertion order, raw UTF-8.
app_u = flask.Flask("interop-unsorted")
app_u.json.sort_keys = False
app_u.json.ensure_ascii = False
ser = TaggedJSONSerializer()
out = sys.stdout
