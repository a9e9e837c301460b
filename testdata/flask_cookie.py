# Run by load_test.go: cookies signed by the real Flask for the load test.
import json, sys, uuid
from datetime import datetime, timezone
import flask
from markupsafe import Markup
cur, old = sys.argv[1], sys.argv[2]
sessions = [
    (cur, {"_user_id": "7", "_fresh": True, "_id": "ab" * 64, "csrf_token": "cd" * 20, "_permanent": True}),
    (cur, {"cart": [1, 2.5, None, "x", False], "t": (1, "two"), "m": Markup("<b>hi</b>"),
           "when": datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "u": uuid.UUID(int=12345),
           "b": b"\x00\xff", "big": 2 ** 70, "uni": "\u00e9\U0001F600", "nested": {"a": {"b": [{"c": 1}]}}}),
    (cur, {"_flashes": [("message", "hello"), ("error", Markup("<i>bad</i>"))], "x": "y" * 300}),
    (old, {"_user_id": "signed-with-retired-key", "n": 3}),
]
out = []
for key, sess in sessions:
    app = flask.Flask("load")
    app.secret_key = key
    with app.app_context():
        iface = app.session_interface
        out.append({"cookie": iface.get_signing_serializer(app).dumps(sess),
                    "json": iface.serializer.dumps(sess)})
print(json.dumps(out))
