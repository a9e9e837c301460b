"""What a real Flask app answers, for the differential tests in
header_interop_test.go and codec_interop_test.go.

Reads JSON from stdin:
  {"vary": [[LINE, ...], ...], "cookies": [VALUE, ...]}
where every LINE and VALUE is standard base64 of the bytes as sent.

For each Vary case, a handler adds those Vary lines to its response and reads
the session (no cookie sent); the answer is the Vary lines Flask sends, as
base64 of their bytes.

For each cookie case, the bytes "session=" + VALUE arrive as the Cookie header
(decoded as Latin-1, as a WSGI server does) at two handlers: one reads the
session, one marks it modified so that Flask saves it again. The answer holds
both statuses, the session read (tagged JSON of it, each key that is not a
str replaced by the text json.dumps writes for it), and the Set-Cookie lines
of the second.

The app has SECRET_KEY "dev" and its clock is frozen at 1700000000.

Writes {"versions": {...}, "vary": [...], "cookies": [...]} to stdout.
"""

import base64
import importlib.metadata
import json
import logging
import sys

import itsdangerous.timed
from flask import Flask, g, request, session
from werkzeug.test import create_environ, run_wsgi_app

itsdangerous.timed.TimestampSigner.get_timestamp = lambda self: 1700000000

app = Flask(__name__)
app.secret_key = "dev"
app.logger.disabled = True
logging.getLogger("werkzeug").disabled = True


def key_text(key):
    return key if isinstance(key, str) else json.dumps(key)


@app.get("/vary")
def vary():
    response = app.response_class("ok")
    for line in g.vary_lines:
        response.headers.add("Vary", line)
    session.get("x")
    return response


@app.get("/read")
def read():
    values = {key_text(k): v for k, v in session.items()}
    return app.session_interface.serializer.dumps(values)


@app.get("/write")
def write():
    session.modified = True
    return "ok"


def call(path, cookie=None, vary_lines=()):
    environ = create_environ(path)
    if cookie is not None:
        environ["HTTP_COOKIE"] = cookie.decode("latin-1")
    environ["fidelity.vary"] = list(vary_lines)
    app_iter, status, headers = run_wsgi_app(app.wsgi_app, environ, buffered=True)
    body = b"".join(app_iter)
    return int(status.split()[0]), headers, body


@app.before_request
def load_vary():
    g.vary_lines = request.environ.get("fidelity.vary", [])


def latin1_b64(text):
    return base64.b64encode(text.encode("latin-1")).decode("ascii")


def main():
    cases = json.load(sys.stdin)
    out = {
        "versions": {
            name: importlib.metadata.version(name)
            for name in ("flask", "werkzeug", "itsdangerous")
        },
        "vary": [],
        "cookies": [],
    }
    for lines in cases["vary"]:
        decoded = [base64.b64decode(line).decode("latin-1") for line in lines]
        status, headers, _ = call("/vary", vary_lines=decoded)
        out["vary"].append(
            {"status": status, "lines": [latin1_b64(v) for v in headers.getlist("Vary")]}
        )
    for value in cases["cookies"]:
        cookie = b"session=" + base64.b64decode(value)
        status, _, body = call("/read", cookie)
        read_status, session_json = status, body.decode("utf-8") if status == 200 else None
        status, headers, _ = call("/write", cookie)
        out["cookies"].append(
            {
                "read_status": read_status,
                "session": session_json,
                "write_status": status,
                "set_cookie": headers.getlist("Set-Cookie") if status == 200 else [],
            }
        )
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
