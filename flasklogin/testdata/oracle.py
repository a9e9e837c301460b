# Answers, for the cases on stdin (JSON), what the installed Flask-Login
# computes: _create_identifier for requests, encode_cookie/decode_cookie
# for keys and ids. With "timeit", times them instead.
import json
import sys
import timeit

import flask
import flask_login
from flask_login.utils import _create_identifier, decode_cookie, encode_cookie
from werkzeug.test import create_environ

app = flask.Flask(__name__)
app.config["SECRET_KEY"] = "unused"


def environ_for(case):
    env = create_environ("/")
    env.pop("REMOTE_ADDR", None)
    if case.get("remote_addr") is not None:
        env["REMOTE_ADDR"] = case["remote_addr"]
    for name, value in case["headers"]:
        env["HTTP_" + name.upper().replace("-", "_")] = value
    return env


def identifiers(cases):
    out = []
    for case in cases:
        with app.request_context(environ_for(case)):
            out.append(_create_identifier())
    return out


def codec(cases):
    out = []
    for case in cases:
        try:
            enc = encode_cookie(case["id"], key=case["key"])
        except Exception as e:
            enc = "error: " + type(e).__name__
        try:
            dec = decode_cookie(case["value"], key=case["key"])
        except Exception as e:
            dec = "error: " + type(e).__name__
        out.append({"encoded": enc, "decoded": dec})
    return out


def timings(n):
    # The best of 50 batches of n calls, as the Go benchmarks measure
    # theirs, so that a loaded machine weighs on both alike.
    env = environ_for({"remote_addr": "203.0.113.9", "headers": [["User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"]]})
    value = encode_cookie("user-42", key="secret")
    with app.request_context(env):
        ident = min(timeit.repeat(_create_identifier, number=n, repeat=50)) / n
    dec = min(timeit.repeat(lambda: decode_cookie(value, key="secret"), number=n, repeat=50)) / n
    return {"identifier_ns": ident * 1e9, "decode_ns": dec * 1e9, "version": flask_login.__version__}


mode = sys.argv[1]
data = json.load(sys.stdin)
if mode == "identifier":
    json.dump(identifiers(data), sys.stdout)
elif mode == "codec":
    json.dump(codec(data), sys.stdout)
elif mode == "timeit":
    json.dump(timings(int(data)), sys.stdout)
