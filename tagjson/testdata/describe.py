# Shared head of the tagjson interop scripts (interop_test.go prepends it to
# from_python.py and load.py). describe() is testdata/pydesc.py's, found
# through the PYTHONPATH internal/interop sets.
import base64, datetime, json, math, sys, uuid
from pydesc import describe
import flask
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

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
