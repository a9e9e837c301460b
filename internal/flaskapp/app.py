"""A small real Flask app that shares its cookie session with flasksession.

It is started by the Go package github.com/flasksession/flasksession/internal/flaskapp
(for the live interop tests) as

    python app.py CONFIG.json

CONFIG.json holds: secret_key, secret_key_fallbacks (list), permanent_lifetime
(seconds, or null for Flask's 31 days), prefix (URL prefix such as "/flask", or
""), peer_url (a link shown on the HTML page, or ""), log_requests (bool),
env_prefix (if set, app.config.from_prefixed_env(env_prefix) runs after the
settings above, so FLASK_* variables override them).

The process exits when its standard input reaches end of file, so it does not
outlive the Go process that started it (which holds the other end of a pipe).

The server binds 127.0.0.1 on a port chosen by the OS and prints one line
"FLASKAPP_LISTENING 127.0.0.1:<port>" on stdout once it accepts connections.

Values cross the HTTP boundary as typed descriptions, so the Go side can check
Python types and not only JSON shapes: describe() and build() of pydesc.py (the
module's testdata/pydesc.py, importable through PYTHONPATH), the form
internal/pydesc reads and writes, such as {"t": "int", "v": "1"}.
"""

import datetime
import hashlib
import json
import logging
import secrets
import os
import sys
import threading

from flask import (
    Flask,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    request,
    session,
)
from itsdangerous.encoding import base64_encode
from markupsafe import Markup, escape
from pydesc import describe
from pydesc import build as build_value
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

COUNTER_KEY = "counter"


# ---------------------------------------------------------------- descriptions


def build(node):
    """Turn a typed description from the request into a Python value."""
    try:
        return build_value(node)
    except (TypeError, ValueError, KeyError) as exc:
        raise BadRequest(f"bad description {node!r:.80}: {exc!r}") from exc


def session_description():
    return {key: describe(value) for key, value in session.items()}


def json_body():
    body = request.get_json(silent=True)
    if body is None:
        raise BadRequest("expected a JSON body")
    return body


# ---------------------------------------------------------------- the app


def login_identifier():
    """A Flask-Login-style session identifier: sha512 of client address and agent."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    address = forwarded.split(",")[0].strip() or (request.remote_addr or "")
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{address}|{agent}".encode("utf-8")).hexdigest()


def safe_next(target):
    # Only paths on this origin: not "//host" nor "/\\host", which browsers
    # take for another host.
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def create_app(cfg):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = cfg.get("secret_key") or None
    app.config["SECRET_KEY_FALLBACKS"] = list(cfg.get("secret_key_fallbacks") or [])
    if cfg.get("permanent_lifetime") is not None:
        app.config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(
            seconds=int(cfg["permanent_lifetime"])
        )
    # The cookie path defaults to APPLICATION_ROOT, "/", whatever URL prefix
    # the dispatcher mounts the app at: the Go half of the demo (mounted at
    # "/") sees the same session.
    if cfg.get("env_prefix"):
        app.config.from_prefixed_env(cfg["env_prefix"])
    peer_url = cfg.get("peer_url") or ""

    @app.get("/health")
    def health():
        return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}

    @app.get("/dump")
    def dump():
        return jsonify(values=session_description())

    @app.post("/set")
    def set_values():
        body = json_body()
        if not isinstance(body, dict):
            raise BadRequest("expected an object of key: description")
        for key, node in body.items():
            session[key] = build(node)
        return jsonify(values=session_description())

    @app.post("/delete")
    def delete_values():
        keys = json_body()
        if not isinstance(keys, list):
            raise BadRequest("expected a list of keys")
        for key in keys:
            session.pop(key, None)
        return jsonify(values=session_description())

    @app.route("/clear", methods=["GET", "POST"])
    def clear():
        session.clear()
        target = safe_next(request.args.get("next"))
        if target:
            return redirect(target)
        return jsonify(values=session_description())

    @app.route("/login", methods=["GET", "POST"])
    def login():
        user = request.values.get("user", "alice")
        # The keys Flask-Login's login_user and Flask-WTF's CSRF protection store.
        session["_user_id"] = user
        session["_fresh"] = True
        session["_id"] = login_identifier()
        session.setdefault("csrf_token", secrets.token_hex(20))
        target = safe_next(request.values.get("next"))
        if target:
            return redirect(target)
        return jsonify(values=session_description())

    @app.route("/logout", methods=["GET", "POST"])
    def logout():
        for key in ("_user_id", "_fresh", "_id", "_remember"):
            session.pop(key, None)
        target = safe_next(request.values.get("next"))
        if target:
            return redirect(target)
        return jsonify(values=session_description())

    @app.post("/flash")
    def flash_message():
        if request.is_json:
            body = json_body()
            message = body.get("message", "")
            category = body.get("category") or "message"
            as_markup = bool(body.get("markup"))
        else:
            message = request.form.get("message", "")
            category = request.form.get("category") or "message"
            as_markup = False
        flash(Markup(message) if as_markup else message, category)
        target = safe_next(request.values.get("next"))
        if target:
            return redirect(target)
        return jsonify(values=session_description())

    @app.get("/flashes")
    def flashes():
        wanted = request.args.getlist("category")
        got = get_flashed_messages(with_categories=True, category_filter=wanted)
        return jsonify(
            flashes=[{"category": c, "message": describe(m)} for c, m in got]
        )

    @app.route("/permanent", methods=["GET", "POST"])
    def permanent():
        session.permanent = request.values.get("value", "1") not in ("0", "false", "")
        target = safe_next(request.values.get("next"))
        if target:
            return redirect(target)
        return jsonify(values=session_description())

    @app.route("/counter", methods=["GET", "POST"])
    def counter():
        session[COUNTER_KEY] = session.get(COUNTER_KEY, 0) + 1
        return jsonify(counter=session[COUNTER_KEY])

    @app.post("/forge")
    def forge():
        # A cookie value for the given session, signed by this app's own session
        # serializer as if it had been written `age` seconds ago: a live server
        # cannot move its clock, and expiry tests need old cookies. With
        # "payload" (text) instead of "values", that text is signed as the
        # session JSON as it is, valid or not.
        body = json_body()
        age = int(body.get("age", 0))
        serializer = app.session_interface.get_signing_serializer(app)
        if serializer is None:
            raise BadRequest("no secret key")
        signer = serializer.make_signer(serializer.salt)
        now = signer.get_timestamp()
        signer.get_timestamp = lambda: now - age
        if "payload" in body:
            payload = base64_encode(body["payload"].encode("utf-8"))
        else:
            values = {key: build(node) for key, node in body.get("values", {}).items()}
            payload = serializer.dump_payload(values)
        return jsonify(cookie=signer.sign(payload).decode("ascii"), signed_at=now - age)

    @app.get("/")
    def index():
        count = session.get(COUNTER_KEY, 0) + 1
        session[COUNTER_KEY] = count
        shown = get_flashed_messages(with_categories=True)
        user = session.get("_user_id")
        items = "".join(
            f"<li class='flash {escape(c)}'><b>{escape(c)}</b>: {escape(m)}</li>"
            for c, m in shown
        )
        rows = "".join(
            f"<tr><td><code>{escape(k)}</code></td><td>{escape(type(v).__name__)}</td>"
            f"<td><code>{escape(repr(v))}</code></td></tr>"
            for k, v in sorted(session.items())
        )
        base = request.script_root
        who = (
            f"Logged in as <b>{escape(user)}</b> (<a href='{base}/logout?next={base}/'>log out</a>)"
            if user
            else f"Not logged in (<a href='{base}/login?user=alice&amp;next={base}/'>log in as alice</a>)"
        )
        perm = "permanent" if session.permanent else "browser-session"
        toggle = "0" if session.permanent else "1"
        peer = f"<p><a href='{escape(peer_url)}'>Go side</a></p>" if peer_url else ""
        page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Flask side</title></head>
<body>
<h1>Flask side</h1>
{peer}
<p>{who}</p>
<p>Counter: <b id="counter">{count}</b> (shared key <code>{COUNTER_KEY}</code>)</p>
<p>Session is {perm} (<a href="{base}/permanent?value={toggle}&amp;next={base}/">toggle</a>,
<a href="{base}/clear?next={base}/">clear</a>)</p>
<ul id="flashes">{items}</ul>
<form method="post" action="{base}/flash?next={base}/">
<input name="message" placeholder="message"> <input name="category" placeholder="category">
<button>Flash</button></form>
<table id="session"><tr><th>key</th><th>Python type</th><th>value</th></tr>{rows}</table>
</body></html>
"""
        return page

    return app


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cfg = json.load(f)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    if not cfg.get("log_requests"):
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app(cfg)
    prefix = (cfg.get("prefix") or "").rstrip("/")
    if prefix:
        app.wsgi_app = DispatcherMiddleware(NotFound(), {prefix: app.wsgi_app})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"FLASKAPP_LISTENING 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
