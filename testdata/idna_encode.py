# Encodes each domain of a JSON list on stdin as Werkzeug's dump_cookie
# does (Python's "idna" codec), "" where the codec raises; for
# idna_interop_test.go.
import json
import sys

out = []
for d in json.load(sys.stdin):
    try:
        out.append(d.encode("idna").decode("ascii"))
    except UnicodeError:
        out.append("")
json.dump(out, sys.stdout)
