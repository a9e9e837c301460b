# Reads cookie names (JSON list of strings) on stdin and prints, for each,
# whether Flask would find the cookie again: Werkzeug's dump_cookie writes
# the Set-Cookie header, a browser sends "name=value" back as the same
# bytes, and a WSGI request (which decodes the Cookie header as Latin-1)
# parses it with Werkzeug's parse_cookie.
import json
import sys

from werkzeug.http import dump_cookie
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

out = []
for name in json.load(sys.stdin):
    header = dump_cookie(name, "v")
    pair = header.split("; ")[0].encode("latin-1")
    environ = EnvironBuilder().get_environ()
    environ["HTTP_COOKIE"] = pair.decode("latin-1")
    cookies = Request(environ).cookies
    out.append(cookies.get(name) == "v" and list(cookies.keys()) == [name])
json.dump(out, sys.stdout)
