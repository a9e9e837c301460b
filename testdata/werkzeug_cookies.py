# Run by werkzeug_diff_test.go: Werkzeug's Cookie parsing and dump_cookie
# on the inputs given on stdin.
import json, sys
from werkzeug.http import parse_cookie, dump_cookie
cases = json.load(sys.stdin)
out = {"headers": [], "dumps": []}
for h in cases["headers"]:
    v = parse_cookie(h.encode("latin-1").decode("latin-1")).get("session")
    out["headers"].append(None if v is None else v)
for d in cases["dumps"]:
    try:
        out["dumps"].append(dump_cookie("session", "v", domain=d["domain"] or None, path=d["path"],
                                        secure=d["secure"], httponly=d["httponly"],
                                        samesite=d["samesite"], partitioned=d["partitioned"],
                                        expires=d["expires"], max_size=0))
    except Exception as e:
        out["dumps"].append("error: " + type(e).__name__)
json.dump(out, sys.stdout)
