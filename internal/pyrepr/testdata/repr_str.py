# Run by pyrepr_test.go: repr() and str() of each Python expression on stdin
# (one JSON string a line), as hex UTF-8 with surrogates kept.
import datetime, json, sys
for line in sys.stdin:
    v = eval(json.loads(line))
    for s in (repr(v), str(v)):
        print(s.encode("utf-8", "surrogatepass").hex())
