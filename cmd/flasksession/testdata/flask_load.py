# Run by interop_test.go: opens each cookie on stdin as a Flask request does.
# argv: secret.
import json, sys
from flask import Flask, request

app = Flask(__name__)
app.secret_key = sys.argv[1]
si = app.session_interface
for line in sys.stdin:
    cookie = line.strip()
    with app.test_request_context(headers={"Cookie": "session=" + cookie}):
        try:
            s = si.open_session(app, request)
            print(json.dumps({"json": si.serializer.dumps(dict(s)), "len": len(s)}))
        except Exception as e:
            print(json.dumps({"error": repr(e)}))
