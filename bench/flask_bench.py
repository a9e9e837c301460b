#!/usr/bin/env python3
"""The Flask side of flasksession's benchmarks.

It builds the SMALL, MEDIUM and LARGE sessions of issue 6 with the real
Flask, and has three modes (the output of each is one JSON document):

  fixtures   the cookie Flask makes for each session under a frozen clock,
             with its tagged JSON and sizes (bench/fixtures/flask_cookies.json
             is this output);
  check      reads {"SMALL": "<cookie>", ...} on stdin (cookies made by the Go
             side at the same frozen clock), loads each with Flask's own
             open_session and says whether it gives back exactly the session
             Flask itself built, with the same Python types;
  time       times Flask's open_session and save_session on each session
             (timeit; the median and the minimum of --repeat runs of
             --number calls, in microseconds per call; --clock cpu times
             with the process's CPU time instead of the wall clock).

The Go definitions of the same sessions live in bench/fixtures/fixtures.go;
the tests there check the two agree.
"""

import argparse
import hashlib
import importlib.metadata as metadata
import json
import statistics
import sys
import time
import timeit
import types
import uuid
import zlib
from datetime import datetime, timezone

import flask
import itsdangerous
import itsdangerous.timed
from markupsafe import Markup

SECRET_KEY = "bench-secret-key"
# The frozen clock of every fixture: 2023-11-14T22:13:20Z, as in the vectors.
NOW = 1700000000

# itsdangerous reads the clock through the module-level name "time"; swap it
# for a frozen one so signing and the max-age check both see NOW.
itsdangerous.timed.time = types.SimpleNamespace(time=lambda: NOW + 0.25)


def hexdigest(algo, text):
    return hashlib.new(algo, text.encode()).hexdigest()


def small():
    return {
        "_fresh": True,
        "_id": hexdigest("sha512", "flasksession bench: session id"),
        "_user_id": "42",
        "csrf_token": hexdigest("sha1", "flasksession bench: csrf token"),
        "_permanent": True,
    }


def medium():
    s = small()
    s["_flashes"] = [
        ("message", "Welcome back, Ada."),
        ("info", "You have 3 new notifications."),
        ("warning", Markup("Your password expires in <b>5 days</b>.")),
    ]
    s["last_login"] = datetime(2023, 11, 14, 21, 5, 9, tzinfo=timezone.utc)
    s["request_id"] = uuid.UUID(hex=hexdigest("md5", "flasksession bench: request id"))
    return s


def large():
    s = small()
    s["history"] = ["/p/" + hexdigest("sha1", "page %d" % i)[:10] for i in range(150)]
    return s


SESSIONS = {"SMALL": small, "MEDIUM": medium, "LARGE": large}


def make_app():
    app = flask.Flask("flasksession_bench")
    app.secret_key = SECRET_KEY
    return app


def typed(v):
    """A comparable form of v that keeps Python types (1 != 1.0 != True)."""
    if isinstance(v, dict):
        return ("dict", sorted((k, typed(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, [typed(x) for x in v])
    if isinstance(v, datetime):
        return ("datetime", v.isoformat())
    return (type(v).__name__, str(v))


def cmd_fixtures(_args):
    app = make_app()
    iface = app.session_interface
    ser = iface.get_signing_serializer(app)
    out = {
        "meta": {
            "flask": metadata.version("flask"),
            "itsdangerous": metadata.version("itsdangerous"),
            "python": sys.version.split()[0],
            "zlib": zlib.ZLIB_RUNTIME_VERSION,
            "now": NOW,
            "secret_key": SECRET_KEY,
        },
        "sessions": {},
    }
    for name, build in SESSIONS.items():
        sess = build()
        raw = iface.serializer.dumps(sess).encode()
        cookie = ser.dumps(sess)
        out["sessions"][name] = {
            "json": raw.decode(),
            "json_len": len(raw),
            "zlib_len": len(zlib.compress(raw)),
            "compressed": cookie.startswith("."),
            "cookie": cookie,
            "cookie_len": len(cookie),
        }
    return out


def cmd_check(_args):
    ours = json.load(sys.stdin)
    app = make_app()
    iface = app.session_interface
    ser = iface.get_signing_serializer(app)
    out = {}
    for name, cookie in ours.items():
        want = SESSIONS[name]()
        flask_cookie = ser.dumps(want)
        with app.test_request_context("/", headers={"Cookie": "session=" + cookie}):
            try:
                got = iface.open_session(app, flask.request)
                err = ""
            except Exception as e:  # a 500 in a real app
                got, err = None, "%s: %s" % (type(e).__name__, e)
        same = got is not None and len(got) > 0 and typed(dict(got)) == typed(want)
        out[name] = {
            "loaded_unchanged": same,
            "error": err,
            "ours_len": len(cookie),
            "flask_len": len(flask_cookie),
            "identical_to_flask": cookie == flask_cookie,
        }
    return out


def time_us(stmt, number, repeat, timer):
    """(median, min) of repeat timeit runs, in microseconds per call."""
    runs = timeit.repeat(stmt, number=number, repeat=repeat, timer=timer)
    return statistics.median(runs) / number * 1e6, min(runs) / number * 1e6


def cmd_time(args):
    app = make_app()
    iface = app.session_interface
    ser = iface.get_signing_serializer(app)
    out = {"python": sys.version.split()[0], "number": args.number, "repeat": args.repeat,
           "clock": args.clock, "sessions": {}}
    for name, build in SESSIONS.items():
        cookie = ser.dumps(build())
        with app.test_request_context("/", headers={"Cookie": "session=" + cookie}):
            req = flask.request._get_current_object()
            loaded = iface.open_session(app, req)
            assert typed(dict(loaded)) == typed(build()), name

            def do_open():
                iface.open_session(app, req)

            sess = iface.open_session(app, req)
            sess["counter"] = 1  # modified, so save_session writes a cookie

            def do_save():
                resp = app.response_class()
                iface.save_session(app, sess, resp)

            resp = app.response_class()
            iface.save_session(app, sess, resp)
            assert resp.headers.get("Set-Cookie", "").startswith("session="), name

            timer = time.process_time if args.clock == "cpu" else time.perf_counter
            open_med, open_min = time_us(do_open, args.number, args.repeat, timer)
            save_med, save_min = time_us(do_save, args.number, args.repeat, timer)
            out["sessions"][name] = {
                "open_us": open_med,
                "save_us": save_med,
                "open_min_us": open_min,
                "save_min_us": save_min,
            }
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["fixtures", "check", "time"])
    p.add_argument("--number", type=int, default=2000, help="calls per timing run (time mode)")
    p.add_argument("--repeat", type=int, default=7, help="timing runs; median and min are reported (time mode)")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="time mode: wall clock (perf_counter) or this process's CPU time (process_time)")
    args = p.parse_args()
    # Flask serializes sessions inside an app context, where its JSON
    # provider's settings (sort_keys, ensure_ascii) apply: do the same.
    with make_app().app_context():
        out = {"fixtures": cmd_fixtures, "check": cmd_check, "time": cmd_time}[args.mode](args)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
