# Run by tagparse_interop_test.go: repr() of what Flask loads from each
# JSON-string line of stdin, or "ERR".
import sys, json
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
app = Flask(__name__)
s = TaggedJSONSerializer()
out = []
with app.app_context():
    for line in sys.stdin.read().split("\n"):
        if not line:
            continue
        doc = json.loads(line)
        try:
            out.append(repr(s.loads(doc)))
        except Exception as e:
            out.append("ERR")
print(json.dumps(out))
