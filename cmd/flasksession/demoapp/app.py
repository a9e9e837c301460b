"""The Flask half of `flasksession demo --flask`.

The Go demo runs this file with `python -c` and writes one line of JSON on
standard input: the configuration (secret key included, so it never touches
the disk or the command line), this source and the Jinja templates. The
process then serves on 127.0.0.1 and a free port, prints
"DEMOAPP_LISTENING 127.0.0.1:PORT" once it accepts connections, and exits
when its standard input reaches end of file (the Go process closed it or
died).

It is a demo app only: every route here is one a real app would have (home,
login, logout, a protected page, flash). Nothing signs arbitrary values.
With Flask-Login and Flask-WTF installed it uses them; otherwise it keeps
the same session keys by hand and says so on the page.
"""

import hmac
import os
import platform
import sys
import threading
from urllib.parse import urlsplit

import flask
from flask import Flask, flash, redirect, render_template, request, session, url_for
from jinja2 import DictLoader
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server, WSGIRequestHandler

CONFIG = globals().get("CONFIG") or {}
PREFIX = CONFIG.get("prefix", "/flask")
EXTENSIONS = False
if CONFIG.get("extensions"):
    try:
        import flask_login
        import flask_wtf
        from flask_wtf.csrf import CSRFProtect, generate_csrf

        EXTENSIONS = True
    except ImportError:
        EXTENSIONS = False


def version(name):
    try:
        from importlib.metadata import version as v

        return v(name)
    except Exception:
        return "?"


app = Flask("demoapp", root_path=os.getcwd(), static_folder=None)
app.config["SECRET_KEY"] = CONFIG["secret_key"]
app.jinja_loader = DictLoader(CONFIG.get("templates", {}))

RUNTIME = {
    "python": platform.python_version(),
    "flask": version("flask"),
    "werkzeug": version("werkzeug"),
    "flask_login": version("flask-login") if EXTENSIONS else None,
    "flask_wtf": version("flask-wtf") if EXTENSIONS else None,
}


def safe_next(target, default):
    """Only a path on this origin: not //host nor /\\host, which browsers
    take for another host, and no control character (browsers drop tabs and
    newlines from a URL, Werkzeug refuses a newline in a header)."""
    if not target or not target.startswith("/") or target.startswith("//") or target.startswith("/\\"):
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


if EXTENSIONS:

    class User(flask_login.UserMixin):
        def __init__(self, user_id):
            self.id = user_id

    login_manager = flask_login.LoginManager(app)
    login_manager.login_view = "login"
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id):
        return User(user_id) if user_id else None

    csrf = CSRFProtect(app)

    def current_user_id():
        user = flask_login.current_user
        return user.get_id() if user.is_authenticated else None

    def do_login(name, remember):
        flask_login.login_user(User(name), remember=remember)

    def do_logout():
        flask_login.logout_user()

    login_required = flask_login.login_required

    def csrf_token():
        return generate_csrf()

else:
    import functools

    def current_user_id():
        return session.get("_user_id")

    def do_login(name, remember):
        # The keys Flask-Login's login_user writes (without the remember
        # cookie, which needs Flask-Login itself).
        session["_user_id"] = name
        session["_fresh"] = True

    def do_logout():
        for key in ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds"):
            session.pop(key, None)

    def login_required(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if current_user_id() is None:
                flash("Please log in to access this page.", "info")
                return redirect(url_for("login", next=request.script_root + request.full_path.rstrip("?")))
            return view(*args, **kwargs)

        return wrapped

    def csrf_token():
        return ""


@app.context_processor
def page_context():
    return {
        "runtime": RUNTIME,
        "extensions": EXTENSIONS,
        "user": current_user_id(),
        "csrf_token": csrf_token,
        "go_url": CONFIG.get("go_url", "/"),
    }


@app.get("/")
def home():
    session["counter"] = session.get("counter", 0) + 1
    return render_template("home.html", counter=session["counter"], permanent=session.permanent)


@app.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"), url_for("home"))
    if request.method == "POST":
        name = request.form.get("user", "").strip() or "alice"
        do_login(name, request.form.get("remember") == "on")
        flash(f"Logged in as {name} on the Flask side.", "success")
        return redirect(target)
    return render_template("login.html", next=target)


@app.post("/logout")
def logout():
    do_logout()
    flash("Logged out on the Flask side.", "info")
    return redirect(safe_next(request.form.get("next"), url_for("home")))


@app.post("/flash")
def post_flash():
    message = request.form.get("message", "").strip() or "(empty message)"
    category = request.form.get("category", "").strip() or "message"
    flash(message, category)
    return redirect(safe_next(request.form.get("next"), url_for("home")))


@app.get("/private")
@login_required
def private():
    return render_template("private.html")


@app.errorhandler(HTTPException)
def http_error(error):
    """Werkzeug's error pages (404, 405, a CSRF failure's 400) in the
    demo's own look, with the same status and headers (Allow for 405)."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template("error.html", error=error), error.code, headers


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def only_through_the_proxy(wsgi_app):
    """Answer only requests the Go demo forwarded: this port is on loopback,
    where any local process, or a web page whose name was rebound to
    127.0.0.1, could reach it without the Go side's Host check."""
    token = CONFIG["proxy_token"].encode()

    def guarded(environ, start_response):
        given = environ.get("HTTP_X_FLASKSESSION_DEMO_PROXY", "").encode("latin-1")
        if not hmac.compare_digest(given, token):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"403 forbidden: the Flask half answers only through the Go demo\n"]
        return wsgi_app(environ, start_response)

    return guarded


def main():
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    root = DispatcherMiddleware(lambda env, start: (start("404 Not Found", []), [b""])[1], {PREFIX: app.wsgi_app})
    root = only_through_the_proxy(root)
    server = make_server("127.0.0.1", 0, root, threaded=True, request_handler=QuietHandler)
    print(f"DEMOAPP_LISTENING 127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


main()
