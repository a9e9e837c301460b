"""Real Flask apps with Flask-WTF's CSRFProtect, for the live differential
test (flask_diff_test.go). Run with Debian's /usr/bin/python3 (Flask 2.2,
Flask-WTF 1.1).

argv[1] is a JSON file: {"cert": path, "key": path, "apps": {name: config}},
config holding secret_key, csrf_secret_key, time_limit (seconds or null)
and ssl_strict. Each app is served over HTTP and HTTPS on 127.0.0.1; the
first line printed is {name: {"http": port, "https": port}}. The process
exits when its standard input closes.

Routes:
    GET  /token               generate_csrf() twice (must agree); the token as text
    *    /form                "ok" (checked for POST, PUT, PATCH, DELETE)
    POST /exempt              "ok", exempt with @csrf.exempt

The X-Test-Now header, a Unix time, freezes itsdangerous's clock for the
request (CSRF tokens and the session cookie alike).
"""
import json
import logging
import sys
import threading

import itsdangerous.timed
from flask import Flask, has_request_context, request
from flask_wtf.csrf import CSRFProtect, generate_csrf
from werkzeug.serving import make_server

_get_timestamp = itsdangerous.timed.TimestampSigner.get_timestamp


def get_timestamp(self):
    if has_request_context():
        now = request.headers.get("X-Test-Now")
        if now:
            return int(now)
    return _get_timestamp(self)


itsdangerous.timed.TimestampSigner.get_timestamp = get_timestamp


def make_app(conf):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = conf["secret_key"]
    if conf.get("csrf_secret_key"):
        app.config["WTF_CSRF_SECRET_KEY"] = conf["csrf_secret_key"]
    if "time_limit" in conf:
        app.config["WTF_CSRF_TIME_LIMIT"] = conf["time_limit"]
    if "ssl_strict" in conf:
        app.config["WTF_CSRF_SSL_STRICT"] = conf["ssl_strict"]
    csrf = CSRFProtect(app)

    @app.get("/token")
    def token():
        first = generate_csrf()
        if generate_csrf() != first:
            return "generate_csrf changed within a request", 500
        return first

    @app.route("/form", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def form():
        return "ok"

    @app.post("/exempt")
    @csrf.exempt
    def exempt():
        return "ok"

    return app


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with open(sys.argv[1]) as f:
        conf = json.load(f)
    ports = {}
    for name, app_conf in conf["apps"].items():
        app = make_app(app_conf)
        ports[name] = {}
        for scheme, ssl in (("http", None), ("https", (conf["cert"], conf["key"]))):
            srv = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=ssl)
            ports[name][scheme] = srv.server_port
            threading.Thread(target=srv.serve_forever, daemon=True).start()
    print(json.dumps(ports), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
