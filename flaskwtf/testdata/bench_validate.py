"""Times Flask-WTF's validate_csrf on a valid token, inside a request
context whose session holds the raw token (what the Go benchmark
BenchmarkValidateCSRF times on the Go side). Prints {"ns_per_op": n}, the
best of --repeat runs of --number calls."""
import argparse
import json
import timeit

from flask import Flask, session
from flask_wtf.csrf import CSRFProtect, generate_csrf, validate_csrf

parser = argparse.ArgumentParser()
parser.add_argument("--number", type=int, default=20000)
parser.add_argument("--repeat", type=int, default=5)
args = parser.parse_args()

app = Flask(__name__)
app.config["SECRET_KEY"] = "bench-secret"
CSRFProtect(app)
with app.test_request_context("/", method="POST"):
    session["csrf_token"] = "5ab1e3c7d0f2a4968b7c1e0d3f5a2b4c6d8e0f1a"
    token = generate_csrf()
    validate_csrf(token)  # raises if the setup is wrong
    best = min(timeit.repeat(lambda: validate_csrf(token), number=args.number, repeat=args.repeat))
print(json.dumps({"ns_per_op": best / args.number * 1e9}))
