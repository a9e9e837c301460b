"""Reads a JSON list of [referrer, host] pairs on stdin and prints, for
each, what Flask-WTF's protect() decides: "match", "mismatch" or "error"
(an exception, which Flask answers with a 500)."""
import json
import sys

from flask_wtf.csrf import same_origin

out = []
for referrer, host in json.load(sys.stdin):
    try:
        out.append("match" if same_origin(referrer, f"https://{host}/") else "mismatch")
    except ValueError:
        out.append("error")
print(json.dumps(out))
