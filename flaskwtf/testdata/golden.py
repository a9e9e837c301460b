"""Writes golden.json: tokens made by Flask-WTF's own serializer.

Run with the interpreter that has Flask-WTF (Debian's /usr/bin/python3):
    /usr/bin/python3 testdata/golden.py > testdata/golden.json
"""
import json
from unittest import mock

import itsdangerous
from itsdangerous import URLSafeTimedSerializer

RAW = "0123456789abcdef0123456789abcdef01234567"
NOW = 1700000000
cases = []
for key, raw, ts in [
    ("test-secret", RAW, NOW),
    ("test-secret", RAW, NOW - 3600),
    ("another key", RAW, NOW),
    ("test-secret", "na\u00efve \"quoted\"", NOW),
]:
    with mock.patch.object(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: ts):
        token = URLSafeTimedSerializer(key, salt="wtf-csrf-token").dumps(raw)
    cases.append({"key": key, "raw": raw, "signed_at": ts, "token": token})
print(json.dumps({"itsdangerous": itsdangerous.__version__ if hasattr(itsdangerous, "__version__") else "", "cases": cases}, indent=1))
