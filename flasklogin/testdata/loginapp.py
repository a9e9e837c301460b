# A Flask app with Flask-Login, the live oracle of the differential test.
# argv: secret key, frozen Unix time. Prints its IPv4 and IPv6 ports, then
# serves.
# Every route has a twin in the Go test server (live_test.go).
import datetime as _dt
import json
import sys
import time

import flask
import flask_login
import flask_login.login_manager
import flask.sessions
from flask_login import (
    LoginManager, UserMixin, confirm_login, current_user, fresh_login_required,
    login_fresh, login_remembered, login_required, login_user, logout_user,
)
from werkzeug.serving import make_server

SECRET, FROZEN = sys.argv[1], int(sys.argv[2])

# One frozen clock for itsdangerous (time.time), Flask's session expiry and
# Flask-Login's remember cookie expiry (datetime).
time.time = lambda: float(FROZEN)


class FrozenDatetime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return _dt.datetime.fromtimestamp(FROZEN, tz)

    @classmethod
    def utcnow(cls):
        return _dt.datetime.utcfromtimestamp(FROZEN)


flask.sessions.datetime = FrozenDatetime
flask_login.login_manager.datetime = FrozenDatetime

app = flask.Flask(__name__)
app.config["SECRET_KEY"] = SECRET
lm = LoginManager(app)
lm.login_view = "/loginpage"
lm.refresh_view = "/reauth"


class User(UserMixin):
    def __init__(self, id):
        self.id = id


@lm.user_loader
def load_user(id):
    return None if id == "ghost" else User(id)


@app.route("/_config")
def config():
    # Test control: set Flask-Login's config keys for the next requests.
    for key, value in flask.request.args.items():
        app.config[key] = json.loads(value)
    return "ok"


@app.route("/login")
def login():
    args = flask.request.args
    duration = args.get("duration")
    login_user(
        User(args["id"]),
        remember=args.get("remember") == "1",
        duration=None if duration is None else _dt.timedelta(seconds=int(duration)),
        fresh=args.get("fresh") != "0",
    )
    return "ok"


@app.route("/logout")
def logout():
    logout_user()
    return "ok"


@app.route("/confirm")
def confirm():
    confirm_login()
    return "ok"


@app.route("/permanent")
def permanent():
    flask.session.permanent = True
    return "ok"


@app.route("/clear")
def clear():
    flask.session.clear()
    return "ok"


@app.route("/whoami")
def whoami():
    user = current_user.get_id() if current_user.is_authenticated else None
    return json.dumps({"fresh": bool(login_fresh()), "id": user, "remembered": login_remembered()}, sort_keys=True)


@app.route("/protected")
@login_required
def protected():
    return "protected"


@app.route("/fresh")
@fresh_login_required
def fresh():
    return "fresh"


# The same app on IPv4 and IPv6 loopback, so a client can change its
# remote address between requests.
import threading

v4 = make_server("127.0.0.1", 0, app)
v6 = make_server("::1", 0, app)
threading.Thread(target=v6.serve_forever, daemon=True).start()
print(v4.server_port, v6.server_port, flush=True)
v4.serve_forever()
