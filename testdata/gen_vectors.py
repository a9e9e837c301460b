#!/usr/bin/env python3
"""Regenerate testdata/flask-3.1.3.json from the real Flask, itsdangerous and Werkzeug.

Usage:
    python3 testdata/gen_vectors.py [--out testdata/flask-3.1.3.json]
    go test ./internal/vectors -run TestVectorsRegenerate -update   (the same, with FLASKSESSION_PYTHON)

Without --out the JSON goes to standard output. Every value in the file is produced by
running the installed libraries: real itsdangerous signers and serializers, Flask's
TaggedJSONSerializer inside an app context, and full requests through app.test_client().
The clock is frozen (time.time and the datetime used by flask.sessions are patched) at
1700000000.75 unless an entry names another instant, so the output is the same on every
run. The only other inputs that look random are derived from fixed seeds:

* the 4000-character blob of the "too large cookie" session: random.Random(1234), one
  random.choice per character from A-Z a-z 0-9;
* the Flask-Login "_id": sha512 of "127.0.0.1|Mozilla/5.0 (X11; Linux x86_64)", the way
  Flask-Login builds it from the remote address and User-Agent;
* the Flask-WTF "csrf_token": sha1 of b"csrf-seed" (Flask-WTF hashes os.urandom(64)).

Layout: the Go types of internal/vectors (vectors.go) read it; Python values are typed
descriptions, see describe() below and internal/pydesc. Standard library plus
flask/itsdangerous/werkzeug/markupsafe only.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import datetime as dt
import decimal
import hashlib
import importlib.metadata
import json
import logging
import platform
import random
import string
import sys
import time
import uuid
import warnings
import zlib

import flask
import flask.json.tag
import flask.sessions
import itsdangerous
import itsdangerous.encoding
from markupsafe import Markup

from pydesc import describe  # testdata/pydesc.py, next to this file

NOW = 1700000000.75
UTC = dt.timezone.utc
DEV_SECRET = "dev-secret"
DEFAULT_SALT_LABEL = "itsdangerous.Signer (default)"
ERR_NOTE = "inside a session load this becomes BadPayload -> HTTP 500"
UUID1 = uuid.UUID("12345678-1234-5678-1234-567812345678")


# ---------------------------------------------------------------------------------------
# Frozen clock


_real_time = time.time
_real_sessions_datetime = flask.sessions.datetime


@contextlib.contextmanager
def frozen(now: float):
    """Freeze time.time() (itsdangerous timestamps and ages) and datetime.now() as seen
    by flask.sessions (the Expires of permanent sessions) at the given instant."""

    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.fromtimestamp(now, tz)

    time.time = lambda: now
    flask.sessions.datetime = FrozenDatetime
    try:
        yield
    finally:
        time.time = _real_time
        flask.sessions.datetime = _real_sessions_datetime


# ---------------------------------------------------------------------------------------
# Typed descriptors: describe() comes from testdata/pydesc.py


@dataclasses.dataclass
class Point:
    x: int
    y: tuple


def same(a, b) -> bool:
    """Deep equality that is strict about types, ignores dict order and treats NaN as
    equal to NaN: "does loading give back exactly what was stored?"."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def error_of(e: BaseException) -> dict:
    return {"class": type(e).__name__, "message": str(e)}


def b64url(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode("ascii")


# ---------------------------------------------------------------------------------------
# meta


def gen_meta() -> dict:
    iface = flask.sessions.SecureCookieSessionInterface()
    app = flask.Flask("meta")
    return {
        "generator": "gen_vectors.py",
        "python": platform.python_version(),
        "flask": importlib.metadata.version("flask"),
        "itsdangerous": importlib.metadata.version("itsdangerous"),
        "werkzeug": importlib.metadata.version("werkzeug"),
        "markupsafe": importlib.metadata.version("markupsafe"),
        "zlib_version": zlib.ZLIB_VERSION,
        "zlib_runtime_version": zlib.ZLIB_RUNTIME_VERSION,
        "frozen_time": NOW,
        "frozen_time_utc": dt.datetime.fromtimestamp(int(NOW), UTC).isoformat(),
        "flask_defaults": {
            "salt": iface.salt,
            "key_derivation": iface.key_derivation,
            "digest": iface.digest_method().name,
            "cookie_name": app.config["SESSION_COOKIE_NAME"],
            "permanent_session_lifetime_s": int(app.permanent_session_lifetime.total_seconds()),
            "max_cookie_size": app.config["MAX_COOKIE_SIZE"],
        },
    }


# ---------------------------------------------------------------------------------------
# encoding


def gen_encoding() -> dict:
    enc = itsdangerous.encoding
    ints = [0, 1, 255, 256, 1700000000, 2**32 - 1, 2**32, 2**64 - 1]
    int_rows = [
        {
            "int": str(n),
            "int_to_bytes_hex": enc.int_to_bytes(n).hex(),
            "base64": enc.base64_encode(enc.int_to_bytes(n)).decode("ascii"),
        }
        for n in ints
    ]
    inputs = [
        "Zm9v", "Zm9vYg", "Zm9vYg==", "Zm9vYg=", "Zm9vYg===", "Zm9vYmE", "A", "Zm9vY", "",
        "=", "A-_w", "A+/w", "AB", "AA", "Zm 9v", "Zm*9v", "Zm9vYg!!", "Zm9vYg!!!!",
        "Zm9!vYg", "Zm9vYg==junk", "AAAA=BBBB", "AA==BBBB", "AAA=AAAA", "ab=c", "Zm9v\nYg",
        "añb",
    ]
    b64_rows = []
    for s in inputs:
        row = {"input": s, "input_kind": "str (utf-8 bytes as Flask passes them)"}
        try:
            row["output_hex"] = enc.base64_decode(s.encode("utf-8")).hex()
        except itsdangerous.BadData as e:
            row["error"] = {**error_of(e), "cause": str(e.__cause__)}
        b64_rows.append(row)
    return {"int_to_bytes": int_rows, "base64_decode": b64_rows}


# ---------------------------------------------------------------------------------------
# signer, key_rotation


def signer_row(secret, salt, kd, digest, value, sep=".", extra=None) -> dict:
    kwargs = {"key_derivation": kd, "digest_method": getattr(hashlib, digest)}
    if salt is not None:
        kwargs["salt"] = salt
    if sep != ".":
        kwargs["sep"] = sep
    s = itsdangerous.Signer(secret, **kwargs)
    row = {
        "class": "Signer",
        "secret_key": secret,
    }
    row.update(extra or {})
    row.update({"salt": DEFAULT_SALT_LABEL if salt is None else salt, "key_derivation": kd, "digest": digest})
    if sep != ".":
        row["sep"] = sep
    row.update(
        {
            "value": value,
            "derived_key_hex": s.derive_key().hex(),
            "signature": s.get_signature(value).decode("ascii"),
            "signed": s.sign(value).decode("utf-8"),
        }
    )
    return row


def gen_signer() -> list:
    rows = []
    for kd in ("concat", "django-concat", "hmac", "none"):
        for digest in ("sha1", "sha256", "sha512"):
            for salt in (None, "cookie-session"):
                rows.append(signer_row("secret-key", salt, kd, digest, "hello"))
    rows.append(signer_row("secret-key", None, "hmac", "md5", "hello"))
    rows.append(signer_row("secret-key", None, "django-concat", "sha1", "a.b", sep="~"))
    key = "clé🔑"
    rows.append(
        signer_row(key, "cookie-session", "hmac", "sha1", "hello",
                   extra={"secret_key_utf8_hex": key.encode("utf-8").hex()})
    )
    # itsdangerous' own tests/test_itsdangerous/test_serializer.py::test_digests
    for digest in ("sha1", "sha512"):
        ser = itsdangerous.Serializer(
            "dev key", salt="dev salt", signer_kwargs={"digest_method": getattr(hashlib, digest)}
        )
        rows.append(
            {
                "class": "Serializer",
                "note": "itsdangerous test_digests vector",
                "secret_key": "dev key",
                "salt": "dev salt",
                "key_derivation": ser.make_signer().key_derivation,
                "digest": digest,
                "value_json": json.dumps([42]),
                "signed": ser.dumps([42]),
            }
        )
    return rows


def gen_key_rotation() -> dict:
    keys = ["key-oldest", "key-middle", "key-newest"]
    kw = {"salt": "cookie-session", "key_derivation": "hmac", "digest_method": hashlib.sha1}
    rot = itsdangerous.Signer(keys, **kw)
    by_key = {k: itsdangerous.Signer(k, **kw).sign("v").decode() for k in keys + ["key-unknown"]}
    results = {}
    for k, signed in by_key.items():
        try:
            rot.unsign(signed)
            results[k] = "ok"
        except itsdangerous.BadSignature as e:
            results[k] = {**error_of(e), "payload": e.payload.decode()}
    return {
        "secret_keys_oldest_to_newest": keys,
        "salt": "cookie-session",
        "key_derivation": "hmac",
        "digest": "sha1",
        "sign_with_list": rot.sign("v").decode(),
        "signed_by_each_key": by_key,
        "unsign_results": results,
    }


# ---------------------------------------------------------------------------------------
# timestamp_signer


def gen_timestamp_signer() -> dict:
    ts = itsdangerous.TimestampSigner("secret-key")
    plain = itsdangerous.Signer("secret-key")
    with frozen(NOW):
        good = ts.sign("value").decode()
    sign = {
        "class": "TimestampSigner",
        "secret_key": "secret-key",
        "salt": DEFAULT_SALT_LABEL,
        "key_derivation": ts.key_derivation,
        "digest": ts.digest_method().name,
        "now": NOW,
        "value": "value",
        "signed": good,
    }
    checks = [
        ("age == max_age is ok", good, 1700000010, 10),
        ("age > max_age expires", good, 1700000011, 10),
        ("negative age (future) expires", good, 1699999999, 10),
        ("negative age ignored without max_age", good, 1699999999, None),
        ("bad signature", good[:-1] + "A", 1700000000, None),
        ("tampered value keeps date_signed", "valuf" + good[5:], 1700000000, None),
        ("no separator", "nodots", 1700000000, None),
        ("timestamp missing (plain Signer output)", plain.sign("value").decode(), 1700000000, None),
        # 12 base64 characters decode to 9 bytes: too long for bytes_to_int.
        ("malformed timestamp (valid sig)", plain.sign("value.____________").decode(), 1700000000, None),
        # Literal input from itsdangerous' tests/test_itsdangerous/test_timed.py.
        ("itsdangerous test: malformed future timestamp",
         "value.TgPVoaGhoQ.AGBfQ6G6cr07byTRt0zAdPljHOY", 1700000000, None),
    ]
    rows = []
    for name, inp, now, max_age in checks:
        row = {"name": name, "input": inp, "now": now}
        if max_age is not None:
            row["max_age"] = max_age
        with frozen(now):
            try:
                row["result"] = ts.unsign(inp, max_age=max_age).decode()
            except itsdangerous.BadSignature as e:
                err = {**error_of(e), "payload": None if e.payload is None else e.payload.decode()}
                if isinstance(e, itsdangerous.BadTimeSignature):
                    err["date_signed"] = None if e.date_signed is None else e.date_signed.isoformat()
                row["error"] = err
        rows.append(row)
    stamps = []
    for now in (0, 1, 1700000000, 2**31, 2**32 + 5):
        with frozen(now):
            stamps.append({"now": now, "signed": ts.sign("value").decode()})
    return {"sign": sign, "unsign_checks": rows, "timestamps": stamps}


def gen_urlsafe_defaults() -> dict:
    ser = itsdangerous.URLSafeTimedSerializer("secret-key")
    signer = ser.make_signer()
    values = [{"id": 42}, {"b": 1, "a": "é😀"}, "a" * 1000, {}, [1, 2, 3]]
    rows = []
    with frozen(NOW):
        for v in values:
            token = ser.dumps(v)
            payload = token.rsplit(".", 2)[0]
            rows.append(
                {
                    "value": describe(v),
                    "dumps": token,
                    "payload_part": payload,
                    "compressed": payload.startswith("."),
                    "json": ser.serializer.dumps(v),
                }
            )
    return {
        "secret_key": "secret-key",
        "salt": ser.salt.decode(),
        "key_derivation": signer.key_derivation,
        "digest": signer.digest_method().name,
        "now": NOW,
        "vectors": rows,
    }


# ---------------------------------------------------------------------------------------
# tagged_json, tagged_json_loads


def gen_tagged_json() -> tuple[list, list]:
    app = flask.Flask("tagged")
    ser = flask.json.tag.TaggedJSONSerializer()
    cases = [
        ("dict", {"b": 1, "a": 2}),
        ("tuple", (1, "two", 3.0)),
        ("empty tuple", ()),
        ("list of tuples", [(1, 2), (3,)]),
        ("bytes", b"\x00\xff hi"),
        ("empty bytes", b""),
        ("markup", Markup("<em>x</em> & y")),
        ("uuid", UUID1),
        ("datetime naive (assumed UTC)", dt.datetime(2024, 1, 2, 3, 4, 5)),
        ("datetime aware +02:00 (converted to UTC)",
         dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("datetime with microseconds (dropped)", dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)),
        ("di escape: 1-key dict whose key is a tag", {" t": (1, 2)}),
        ("di escape: key ' di'", {" di": " di"}),
        ("not escaped: key ' t__'", {" t__": b"a"}),
        ("not escaped: 2-key dict with tag key", {" t": "x", "y": 1}),
        ("not escaped: 1-key dict unknown tag", {" x": 1}),
        ("nested", {"a": [{"b": (b"\x01", Markup("<i>"))}, {" u": UUID1}]}),
        ("unicode", "é中😀\u2028\x7f\x1f/<>&'\"\\"),
        ("sort order", {k: 1 for k in ["b", "a", "B", "_", " ", "é", "\uffff", "😀", "aa", "a\x00"]}),
        ("int keys", {2: "x", 10: "y"}),
        ("bool/none values", {"k": [True, False, None]}),
        ("big ints", [2**63, 2**64, -(2**70), 10**30]),
        ("floats", [1.0, 1e16, 1e15, 1e-05, 0.0001, 0.1, -0.0, 1e22, 2.5e-07, 123456789.123,
                    1.7976931348623157e308, 5e-324]),
        ("nan/inf", [float("nan"), float("inf"), float("-inf")]),
        ("date (untagged via default)", dt.date(2024, 1, 2)),
        ("decimal (untagged via default)", decimal.Decimal("1.10")),
        ("dataclass (untagged via default)", Point(1, (2, 3))),
    ]
    rows = []
    with app.app_context():
        for name, v in cases:
            tj = ser.dumps(v)
            loaded = ser.loads(tj)
            rows.append(
                {
                    "name": name,
                    "value": describe(v),
                    "python_repr": repr(v),
                    "tagged_json": tj,
                    "loads_repr": repr(loaded),
                    "roundtrip_equal": same(loaded, v),
                }
            )
        lone = {"v": "\ud800"}
        rows.append({"name": "lone surrogate (python-only)", "python_repr": repr(lone), "tagged_json": ser.dumps(lone)})
    outside = {"b": 1, "a": "é"}
    rows.append(
        {
            "name": "OUTSIDE app context (no sort_keys)",
            "value": describe(outside),
            "tagged_json": ser.dumps(outside),
            "note": "flask.json.dumps falls back to json.dumps(default=_default): ensure_ascii=True but sort_keys=False",
        }
    )
    with app.app_context():
        for name, v in [("set is not serializable", {"s": {1}}),
                        ("mixed int/str keys cannot be sorted", {1: "a", "b": 2})]:
            row = {"name": name, "python_repr": repr(v)}
            try:
                row["tagged_json"] = ser.dumps(v)
            except TypeError as e:
                row["error"] = error_of(e)
            rows.append(row)

    loads_inputs = [
        '{" di":{"ab":1}}', '{" di":{"a":1,"b":2}}', '{" di":{}}', '{" di":"x"}',
        '{" t":"abc"}', '{" t":{"a":1}}', '{" t":5}', '{" b":"YQ=="}', '{" b":"YQ"}',
        '{" b":"Y*Q=="}', '{" b":"YQ-_"}', '{" m":5}', '{" u":"12345678123456781234567812345678"}',
        '{" u":"urn:uuid:12345678-1234-5678-1234-567812345678"}', '{" u":"xyz"}',
        '{" d":"Tue, 02 Jan 2024 03:04:05 GMT"}', '{" d":"Tue, 02 Jan 2024 03:04:05 +0100"}',
        '{" d":"Tue, 02 Jan 2024 03:04:05 -0000"}', '{" d":"2 Jan 2024 03:04:05"}',
        '{" d":"garbage"}', '{" d":null}', '{" d":5}', '{" t":[1,2],"x":1}', '{" x":1}',
        '{"a":{" t":[{" b":"YQ=="}]}}', '[{" t":[1]}]', '{" di":{" t__":{" t":[1]}}}',
        '{" di":{" x__":1}}', '{"a":1,"a":2}', '{"a":NaN,"b":Infinity,"c":-Infinity}',
        '{"a":1E400,"b":-0,"c":1.0,"d":12345678901234567890123}',
    ]
    loads_rows = []
    with app.app_context():
        for s in loads_inputs:
            row = {"json": s}
            try:
                row["loads_repr"] = repr(ser.loads(s))
            except Exception as e:  # noqa: BLE001 - recording what Flask raises
                row["error"] = error_of(e)
                row["note"] = ERR_NOTE
            loads_rows.append(row)
    return rows, loads_rows


# ---------------------------------------------------------------------------------------
# Apps for the request-level vectors


def make_app(secret_key=DEV_SECRET, fallbacks=None, config=None, iface=None, json_overrides=None,
             view=None) -> flask.Flask:
    app = flask.Flask("vectors")
    app.logger.disabled = True  # 500s are expected; keep stderr quiet
    app.secret_key = secret_key
    if fallbacks is not None:
        app.config["SECRET_KEY_FALLBACKS"] = fallbacks
    app.config.update(config or {})
    if iface:
        app.session_interface = type("Interface", (flask.sessions.SecureCookieSessionInterface,), iface)()
    for k, v in (json_overrides or {}).items():
        setattr(app.json, k, v)
    if view is not None:
        app.add_url_rule("/", "view", view)
    return app


def request(app: flask.Flask, cookie=None, cookie_header=None, now=NOW):
    """Run one GET / through the test client with the clock frozen; return the response
    and the warnings raised while it ran."""
    headers = {}
    name = app.config["SESSION_COOKIE_NAME"]
    if cookie is not None:
        headers["Cookie"] = f"{name}={cookie}"
    if cookie_header is not None:
        headers["Cookie"] = cookie_header
    client = app.test_client(use_cookies=False)
    with frozen(now), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resp = client.get("/", headers=headers)
    return resp, [str(w.message) for w in caught]


def sign_session(value, secret_key=DEV_SECRET, now=NOW) -> str:
    """Sign a session dict the way the default app would save it."""
    app = make_app(secret_key)
    s = app.session_interface.get_signing_serializer(app)
    with app.app_context(), frozen(now):
        return s.dumps(value)


def sign_payload(payload: str, secret_key=DEV_SECRET, now=NOW) -> str:
    """Sign an arbitrary payload segment with Flask's session signer."""
    app = make_app(secret_key)
    s = app.session_interface.get_signing_serializer(app)
    with frozen(now):
        return s.make_signer(s.salt).sign(payload).decode("ascii")


def body_or_none(resp):
    return None if resp.status_code == 500 else resp.get_data(as_text=True)


def set_cookie_value(header: str) -> str:
    return header.split(";", 1)[0].split("=", 1)[1]


def payload_json(cookie: str) -> str:
    """The JSON text inside a signed session cookie (decompressed if needed)."""
    payload = cookie.rsplit(".", 2)[0]
    compressed = payload.startswith(".")
    raw = itsdangerous.encoding.base64_decode(payload.lstrip("."))
    return (zlib.decompress(raw) if compressed else raw).decode("utf-8")


# ---------------------------------------------------------------------------------------
# sessions


def too_large_blob() -> str:
    rng = random.Random(1234)
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits
    return "".join(rng.choice(alphabet) for _ in range(4000))


def session_cases() -> list:
    login_id = hashlib.sha512(b"127.0.0.1|Mozilla/5.0 (X11; Linux x86_64)").hexdigest()
    csrf = hashlib.sha1(b"csrf-seed").hexdigest()
    aware2 = dt.timezone(dt.timedelta(hours=2))
    # (name, description, session, options)
    return [
        ("simple int", "default config", {"a": 1}, {}),
        ("simple string user_id", "", {"user_id": "42"}, {}),
        ("permanent", "adds _permanent:true and Expires", {"user_id": 42, "_permanent": True}, {}),
        ("permanent false written explicitly",
         "session.permanent=False stores _permanent:false; session is non-empty -> cookie",
         {"_permanent": False}, {}),
        ("unicode BMP and non-BMP", "ensure_ascii: \\u escapes, surrogate pairs for non-BMP",
         {"name": "Jürgen 中文 😀"}, {}),
        ("escapes", "no HTML escaping, DEL escaped", {"s": "\x7f\x1f\n\t/<>&'\"\\\u2028"}, {}),
        ("big ints", "", {"big": 2**64, "neg": -(2**70), "huge": 10**30}, {}),
        ("floats", "Python float repr",
         {"f": [1.0, 1e16, 1e15, 1e-05, 0.0001, 0.1, -0.0, 2.5e-07, 1e22]}, {}),
        ("nan and inf", "allow_nan=True: bare NaN/Infinity tokens",
         {"f": [float("nan"), float("inf"), float("-inf")]}, {}),
        ("bool and none", "", {"t": True, "f": False, "n": None}, {}),
        ("tuple", "", {"t": (1, 2, 3)}, {}),
        ("bytes", "standard base64 with padding", {"b": b"\xff\x00bin", "e": b""}, {}),
        ("markup", "", {"m": Markup("<b>bold</b>")}, {}),
        ("uuid", "32 lowercase hex, no dashes", {"u": UUID1}, {}),
        ("datetime", "RFC 822 date in UTC, microseconds dropped, loads as aware UTC",
         {"naive": dt.datetime(2024, 1, 2, 3, 4, 5),
          "plus2": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=aware2),
          "micro": dt.datetime(2024, 1, 2, 3, 4, 5, 999999, tzinfo=UTC)}, {}),
        ("nested tags", "",
         {"n": [(b"x", {"k": (Markup("<i>"), UUID1)}), [()]]}, {}),
        ("di escape nested", "", {"x": {" t": (1, 2)}, "y": {" di": "z"}, "z": {" t__": b"a"}}, {}),
        ("di escape top-level session", "the whole session dict is itself escaped",
         {" t": "looks like a tag"}, {}),
        ("untagged extra types via default", "lossy: loads back as str/str/dict",
         {"date": dt.date(2024, 1, 2), "dec": decimal.Decimal("1.10"), "dc": Point(1, (2, 3))}, {}),
        ("sort order", "code point order (not UTF-16 order)",
         {k: 1 for k in ["b", "a", "B", "_x", "é", "\uffff", "😀"]}, {}),
        ("int keys in nested dict", "keys sorted as ints then stringified; loads back with str keys",
         {"d": {10: "ten", 2: "two"}}, {}),
        ("compression boundary: not compressed (zlib_len == json_len-1)", "", {"a": "x" * 11}, {}),
        ("compression boundary: compressed (zlib_len == json_len-2)", "", {"a": "x" * 12}, {}),
        ("compressed long repetitive", "", {"items": [f"item-{i % 5}" for i in range(50)]}, {}),
        ("flashes", "_flashes list of (category, message) tuples",
         {"_flashes": [("message", "Hello"), ("error", "Bad password"),
                       ("warning", Markup("<em>Saved</em>"))]}, {}),
        ("flask-login-like", "keys used by Flask-Login and Flask-WTF",
         {"_user_id": "42", "_fresh": True, "_id": login_id, "csrf_token": csrf, "_permanent": True}, {}),
        ("rotating keys: signed with current SECRET_KEY", "", {"a": 1},
         {"secret_key": "new-key", "fallbacks": ["old-key-1", "old-key-2"]}),
        ("bytes secret key", "", {"a": 1}, {"secret_key": b"\x00\x01\xfe\xffbinary"}),
        ("non-ascii str secret key (utf-8)", "", {"a": 1}, {"secret_key": "clé🔑"}),
        ("digest sha256", "interface.digest_method", {"a": 1},
         {"iface": {"digest_method": staticmethod(hashlib.sha256)}}),
        ("digest sha512", "", {"a": 1}, {"iface": {"digest_method": staticmethod(hashlib.sha512)}}),
        ("key_derivation concat", "", {"a": 1}, {"iface": {"key_derivation": "concat"}}),
        ("key_derivation django-concat", "", {"a": 1}, {"iface": {"key_derivation": "django-concat"}}),
        ("key_derivation none", "", {"a": 1}, {"iface": {"key_derivation": "none"}}),
        ("custom salt", "", {"a": 1}, {"iface": {"salt": "my-salt"}}),
        ("app.json.ensure_ascii=False and sort_keys=False",
         "session bytes depend on the app's JSON provider settings",
         {"b": "é", "a": 1}, {"json_overrides": {"ensure_ascii": False, "sort_keys": False}}),
        ("cookie options",
         "Domain port/leading dot stripped, case kept; Path percent-quoted; SameSite title-cased; "
         "Partitioned forces Secure",
         {"a": 1, "_permanent": True},
         {"config": {"SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_DOMAIN": ".Example.com:8080",
                     "SESSION_COOKIE_PATH": "/app path", "SESSION_COOKIE_SECURE": False,
                     "SESSION_COOKIE_HTTPONLY": False, "SESSION_COOKIE_SAMESITE": "lax",
                     "SESSION_COOKIE_PARTITIONED": True}}),
        ("too large cookie warns but is still sent",
         "Werkzeug warning when len(header value) > MAX_COOKIE_SIZE (4093)",
         {"blob": too_large_blob()}, {}),
    ]


def gen_sessions() -> list:
    rows = []
    for name, description, value, opts in session_cases():
        secret = opts.get("secret_key", DEV_SECRET)

        def view(value=value):
            for k, v in value.items():
                flask.session[k] = v
            return ""

        app = make_app(secret, opts.get("fallbacks"), opts.get("config"), opts.get("iface"),
                       opts.get("json_overrides"), view)
        resp, warns = request(app)
        (set_cookie,) = resp.headers.getlist("Set-Cookie")
        cookie = set_cookie_value(set_cookie)
        payload, ts_b64, sig = cookie.rsplit(".", 2)
        iface = app.session_interface
        signing = iface.get_signing_serializer(app)
        with app.app_context():
            js = iface.serializer.dumps(value)
            with frozen(NOW):
                loaded = signing.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()))
        jb = js.encode("utf-8")
        zc = zlib.compress(jb)
        key_bytes = secret if isinstance(secret, bytes) else secret.encode("utf-8")
        rows.append(
            {
                "name": name,
                "description": description,
                "now": NOW,
                "secret_key": secret.decode("latin-1") if isinstance(secret, bytes) else secret,
                "secret_key_hex": key_bytes.hex(),
                "secret_key_fallbacks": opts.get("fallbacks"),
                "salt": iface.salt,
                "key_derivation": iface.key_derivation,
                "digest": iface.digest_method().name,
                "config": opts.get("config"),
                "json_provider_overrides": opts.get("json_overrides"),
                "session": describe(value),
                "session_repr": repr(value),
                "payload_part": payload,
                "timestamp_b64": ts_b64,
                "timestamp": itsdangerous.encoding.bytes_to_int(itsdangerous.encoding.base64_decode(ts_b64)),
                "signature_b64": sig,
                "compressed": payload.startswith("."),
                "json": js,
                "json_len": len(jb),
                "zlib_len": len(zc),
                "zlib_hex": zc.hex(),
                "cookie_value": cookie,
                "set_cookie": set_cookie,
                "vary": resp.headers.get("Vary"),
                "warnings": warns,
                "loaded_repr": repr(dict(loaded)),
                "roundtrip_lossless": same(dict(loaded), value),
            }
        )
    return rows


# ---------------------------------------------------------------------------------------
# session_loads


def gen_session_loads() -> list:
    fallbacks = ["old-2", "old-1"]

    def view():
        return repr(dict(flask.session))

    app = make_app(DEV_SECRET, fallbacks, view=view)
    max_age = int(app.permanent_session_lifetime.total_seconds())
    a1 = sign_session({"a": 1})
    a1_json = b'{"a":1}'
    z6 = zlib.compress(a1_json)
    z9 = zlib.compress(a1_json, 9)
    bad_adler = z6[:-1] + b"\x00"
    sig = a1.rsplit(".", 1)[1]
    head = a1.rsplit(".", 1)[0] + "."

    def p(raw: bytes) -> str:
        return b64url(raw)

    cases = [
        ("valid", a1, "session {'a': 1}"),
        ("valid compressed", sign_payload("." + p(z6)), ""),
        ("signed with fallback key old-1", sign_session({"a": 1}, "old-1"), "accepted"),
        ("signed with fallback key old-2", sign_session({"a": 1}, "old-2"), "accepted"),
        ("signed with unknown key", sign_session({"a": 1}, "other"), "BadSignature -> empty"),
        ("signature tampered", head + sig[:-2] + "AA", ""),
        ("payload tampered", "f" + a1[1:], ""),
        ("junk chars inside signature (4)", head + sig[:5] + "!!!!" + sig[5:],
         "accepted: base64 decoder skips non-alphabet bytes"),
        ("junk char inside signature (1)", head + sig[:5] + "!" + sig[5:],
         "rejected: padding is computed from total length"),
        ("standard alphabet +/ in signature", head + sig.replace("-", "+").replace("_", "/"), "accepted"),
        ("padding appended to signature", a1 + "=", "accepted"),
        ("garbage after padding", a1 + "=junk", "accepted"),
        ("age == max_age", sign_session({"a": 1}, now=int(NOW) - max_age), "accepted"),
        ("age == max_age + 1", sign_session({"a": 1}, now=int(NOW) - max_age - 1), "SignatureExpired -> empty"),
        ("timestamp 1 second in the future", sign_session({"a": 1}, now=int(NOW) + 1),
         "SignatureExpired (negative age) -> empty"),
        ("timestamp 0 (empty timestamp segment)", sign_session({"a": 1}, now=0), "expired"),
        ("valid signature, far-future timestamp 2**62", sign_session({"a": 1}, now=2**62),
         "OverflowError/ValueError building SignatureExpired.date_signed -> 500"),
        ("payload JSON null", sign_payload(p(b"null")), "session_class(None) -> empty session"),
        ("payload JSON {}", sign_payload(p(b"{}")), "empty"),
        ("payload JSON list of pairs", sign_payload(p(b'[["a",1]]')), "dict([['a',1]]) -> {'a': 1}"),
        ("payload JSON list of ints", sign_payload(p(b"[1,2]")), "TypeError -> 500"),
        ("payload JSON string", sign_payload(p(b'"ab"')), "ValueError -> 500"),
        ("payload invalid JSON", sign_payload(p(b"nope")), "BadPayload -> 500"),
        ("payload invalid UTF-8", sign_payload(p(b'{"a":"\xff"}')), "BadPayload -> 500"),
        ("payload empty", sign_payload(""), "BadPayload -> 500"),
        ("payload bad base64", sign_payload("A"), "BadPayload -> 500"),
        ("payload '.' prefix but not zlib", sign_payload("." + p(b"notzlib")), "BadPayload -> 500"),
        ("payload bad tag ' di' with {}", sign_payload(p(b'{"x":{" di":{}}}')), "BadPayload -> 500"),
        ("payload bad tag ' u'", sign_payload(p(b'{"x":{" u":"xyz"}}')), "BadPayload -> 500"),
        ("payload ' d' unparsable -> None", sign_payload(p(b'{"x":{" d":"garbage"}}')), "{'x': None}"),
        ("no dots at all", "garbage", "empty"),
        ("zlib stream followed by trailing garbage", sign_payload("." + p(z6 + b"junk")), "accepted"),
        ("zlib level 9 stream", sign_payload("." + p(z9)), "any valid zlib stream is accepted"),
        ("zlib stream with bad adler32", sign_payload("." + p(bad_adler)), "BadPayload -> 500"),
        ("uncompressed payload that compresses well is still accepted",
         sign_payload(p(b'{"a":"' + b"x" * 200 + b'"}')), "compression is never required on load"),
        ("empty cookie value", "", "treated as no cookie"),
    ]
    rows = []
    for name, cookie, note in cases:
        resp, _ = request(app, cookie=cookie)
        ok = resp.status_code != 500
        rows.append(
            {
                "name": name,
                "now": NOW,
                "secret_key": DEV_SECRET,
                "secret_key_fallbacks": fallbacks,
                "max_age": max_age,
                "cookie": cookie,
                "note": note,
                "status": resp.status_code,
                "session_repr": resp.get_data(as_text=True) if ok else None,
                "set_cookie": resp.headers.getlist("Set-Cookie"),
                "vary": resp.headers.get("Vary"),
            }
        )
    header_cases = [
        ("duplicate cookie: first wins (good first)", f"session={a1}; session=garbage"),
        ("duplicate cookie: first wins (garbage first)", f"session=garbage; session={a1}"),
        ("quoted value", f'session="{a1}"'),
        ("surrounding spaces", f"session=  {a1}  "),
        ("name is case-sensitive", f"Session={a1}"),
        ("empty value", "session="),
    ]
    for name, header in header_cases:
        resp, _ = request(app, cookie_header=header)
        rows.append(
            {
                "name": name,
                "cookie_header": header,
                "status": resp.status_code,
                "session_repr": resp.get_data(as_text=True) if resp.status_code != 500 else None,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------
# save_behaviour


def gen_save_behaviour() -> list:
    s = flask.session
    a1 = sign_session({"a": 1})
    perm = sign_session({"a": 1, "_permanent": True})
    nested = sign_session({"a": 1, "l": [1]})

    def nested_modified():
        s["l"].append(2)
        s.modified = True
        return ""

    def set_permanent():
        s.permanent = True
        return ""

    def delete_missing():
        del s["zz"]

    def set_same():
        s["a"] = 1
        return ""

    def null_write():
        s["a"] = 1
        return ""

    cases = [
        ("no access", None, lambda: ""),
        ("no access, permanent cookie (refresh each request)", perm, lambda: ""),
        ("read get()", a1, lambda: str(s.get("a"))),
        ("read 'in'", a1, lambda: str("a" in s)),
        ("read .permanent", a1, lambda: str(s.permanent)),
        ("set same value", a1, set_same),
        ("setdefault existing key", a1, lambda: str(s.setdefault("a", 5))),
        ("setdefault new key", a1, lambda: str(s.setdefault("b", 5))),
        ("pop missing key with default", a1, lambda: str(s.pop("zz", None))),
        ("pop existing last key -> empty", a1, lambda: str(s.pop("a"))),
        ("clear on empty session (no cookie)", None, lambda: s.clear() or ""),
        ("update({}) on empty session", None, lambda: s.update({}) or ""),
        ("del missing key (KeyError)", a1, delete_missing),
        ("getitem missing key (KeyError)", a1, lambda: s["zz"]),
        ("mutate nested list without modified", nested, lambda: s["l"].append(2) or ""),
        ("mutate nested list + modified=True", nested, nested_modified),
        ("session.permanent = True", a1, set_permanent),
        ("get_flashed_messages with no flashes", a1, lambda: str(flask.get_flashed_messages())),
    ]
    rows = []
    for name, cookie, view in cases:
        resp, _ = request(make_app(view=view), cookie=cookie)
        rows.append(
            {
                "name": name,
                "request_cookie": cookie,
                "status": resp.status_code,
                "body": body_or_none(resp),
                "set_cookie": resp.headers.getlist("Set-Cookie"),
                "vary": resp.headers.get("Vary"),
            }
        )
    app = make_app(view=lambda: "", config={"SESSION_REFRESH_EACH_REQUEST": False})
    resp, _ = request(app, cookie=perm)
    rows.append(
        {
            "name": "no access, permanent cookie, SESSION_REFRESH_EACH_REQUEST=False",
            "request_cookie": perm,
            "status": resp.status_code,
            "set_cookie": resp.headers.getlist("Set-Cookie"),
            "vary": resp.headers.get("Vary"),
        }
    )
    for name, view in [("null session read", lambda: str(s.get("a"))), ("null session write", null_write)]:
        resp, _ = request(make_app(secret_key=None, view=view))
        rows.append(
            {
                "name": name,
                "secret_key": None,
                "status": resp.status_code,
                "body": body_or_none(resp),
                "set_cookie": resp.headers.getlist("Set-Cookie"),
                "vary": resp.headers.get("Vary"),
            }
        )
    try:
        flask.sessions.NullSession()["a"] = 1
        message = None
    except RuntimeError as e:
        message = str(e)
    rows.append({"name": "null session error message", "message": message})
    return rows


# ---------------------------------------------------------------------------------------
# flash


def gen_flash() -> list:
    gfm = flask.get_flashed_messages

    def flash_three():
        flask.flash("Hello")
        flask.flash("Bad", "error")
        flask.flash(Markup("<em>Hi</em>"), "warning")
        return ""

    def flash_with_data():
        flask.session["user"] = "u1"
        flask.flash("x")
        return ""

    rows = []
    state = {}

    def run(name, cookie_key, view, save_as=None):
        cookie = state.get(cookie_key) if cookie_key else None
        resp, _ = request(make_app(view=view), cookie=cookie)
        set_cookies = resp.headers.getlist("Set-Cookie")
        new_value = set_cookie_value(set_cookies[0]) if set_cookies else ""
        if save_as:
            state[save_as] = new_value
        rows.append(
            {
                "name": name,
                "request_cookie": cookie,
                "body": resp.get_data(as_text=True),
                "set_cookie": set_cookies,
                "vary": resp.headers.get("Vary"),
                "session_json": payload_json(new_value) if new_value else None,
            }
        )

    run("flash three messages", None, flash_three, save_as="three")
    run("get_flashed_messages()", "three", lambda: repr(gfm()))
    run("with_categories=True", "three", lambda: repr(gfm(with_categories=True)))
    run("category_filter=['error','warning']", "three", lambda: repr(gfm(category_filter=["error", "warning"])))
    run("category_filter as a plain string 'errors' (substring test!)", "three",
        lambda: repr(gfm(with_categories=True, category_filter="errors")))
    run("second call in same request returns cached list", "three",
        lambda: repr([gfm(), gfm(category_filter=["error"])]))
    run("flash with other data present", None, flash_with_data, save_as="with_data")
    run("consume flashes, other data remains (cookie re-set without _flashes)", "with_data", lambda: repr(gfm()))
    run("flash after get_flashed_messages in same request", "three",
        lambda: repr([gfm(), flask.flash("later"), gfm()]))
    return rows


# ---------------------------------------------------------------------------------------


def generate() -> dict:
    logging.getLogger("werkzeug").disabled = True
    tagged, tagged_loads = gen_tagged_json()
    return {
        "meta": gen_meta(),
        "encoding": gen_encoding(),
        "signer": gen_signer(),
        "key_rotation": gen_key_rotation(),
        "timestamp_signer": gen_timestamp_signer(),
        "itsdangerous_urlsafe_timed_serializer_defaults": gen_urlsafe_defaults(),
        "tagged_json": tagged,
        "tagged_json_loads": tagged_loads,
        "sessions": gen_sessions(),
        "session_loads": gen_session_loads(),
        "save_behaviour": gen_save_behaviour(),
        "flash": gen_flash(),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="write the vectors to this file instead of standard output")
    args = ap.parse_args(argv)
    text = json.dumps(generate(), indent=1, ensure_ascii=True) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
