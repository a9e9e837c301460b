package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// flaskSessionsScript makes random sessions with the real Flask, in one
// run: for each it prints the cookie Flask sets, the tagged JSON Flask
// writes (canonical) and the same tagged value as loose JSON (unsorted,
// indented, raw UTF-8), to feed sign a non-canonical input.
// argv: secret, count per seed, seeds... The first session of each seed
// needs the " di" escape and the second is compressed, whatever the seed.
const flaskSessionsScript = `
import datetime, json, random, sys, uuid
from flask import Flask
from markupsafe import Markup

secret, count, seeds = sys.argv[1], int(sys.argv[2]), [int(a) for a in sys.argv[3:]]
rng = None
POOL = ["a", "user_id", " t", " di", "\u00e9", "\U0001F600", "\n", '"', "\\", "\u2028", "\x7f", "<b>&", "x" * 30, ""]

def rstr():
    return "".join(rng.choice(POOL) for _ in range(rng.randint(0, 4)))

def value(depth):
    kinds = ["none", "bool", "int", "bigint", "float", "str", "bytes", "markup", "uuid", "datetime"]
    if depth < 3:
        kinds += ["list", "tuple", "dict"] * 2
    k = rng.choice(kinds)
    if k == "none": return None
    if k == "bool": return rng.random() < 0.5
    if k == "int": return rng.randint(-10**6, 10**6)
    if k == "bigint": return rng.choice([-1, 1]) * rng.randint(2**63, 2**90)
    if k == "float": return rng.choice([0.0, -0.0, 1.0, 1e16, 1e-05, 2.5e-07, float("inf"), rng.uniform(-1e6, 1e6)])
    if k == "str": return rstr()
    if k == "bytes": return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 12)))
    if k == "markup": return Markup("<em>%s</em>") % rstr()
    if k == "uuid": return uuid.UUID(int=rng.getrandbits(128))
    if k == "datetime": return datetime.datetime.fromtimestamp(rng.randint(0, 4 * 10**9), datetime.timezone.utc)
    if k == "list": return [value(depth + 1) for _ in range(rng.randint(0, 3))]
    if k == "tuple": return tuple(value(depth + 1) for _ in range(rng.randint(0, 3)))
    return {rstr(): value(depth + 1) for _ in range(rng.randint(0, 3))}

app = Flask(__name__)
app.secret_key = secret
with app.app_context():
    si = app.session_interface
    ser = si.get_signing_serializer(app)
    for n in range(count * len(seeds)):
        i = n % count
        if i == 0:
            rng = random.Random(seeds[n // count])
        sess = {rstr() or "k": value(0) for _ in range(rng.randint(1, 6))}
        if i % 5 == 0:
            sess = {" t": value(1)}  # needs the " di" escape at the top level
        if i == 1:
            sess["filler"] = "ab" * 400  # compressed, whatever the random values
        elif i % 4 == 0:
            sess["filler"] = "ab" * rng.randint(20, 200)  # compressed cookie
        loose = json.dumps(si.serializer.tag(sess), ensure_ascii=False, indent=1)
        print(json.dumps({"cookie": ser.dumps(sess), "json": si.serializer.dumps(sess), "loose": loose}))
`

// flaskLoadScript loads each cookie on stdin (one per line) the way a
// request does, through open_session, and prints the session as Flask
// writes it, or the error. argv: secret.
const flaskLoadScript = `
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
`

type flaskSession struct {
	Cookie string `json:"cookie"`
	JSON   string `json:"json"`
	Loose  string `json:"loose"`
}

func readJSONLines[T any](t *testing.T, out []byte) []T {
	t.Helper()
	var list []T
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("bad line from python %q: %v", line, err)
		}
		list = append(list, v)
	}
	return list
}

// TestInteropWithFlask checks the CLI against the real Flask in both
// directions on random sessions: Flask's cookies verify, decode and are
// re-signed byte for byte by the CLI; the CLI's cookies load in Flask to
// the same session.
func TestInteropWithFlask(t *testing.T) {
	interop.Python(t)
	const secret = "interop-secret-\u00e9"
	const count = 30 // per seed
	seeds := interop.Seeds(t)
	env := map[string]string{envSecret: secret}

	args := append([]string{secret, fmt.Sprint(count)}, interop.SeedArgs(seeds)...)
	sessions := readJSONLines[flaskSession](t, interop.Run(t, flaskSessionsScript, nil, args...))
	if len(sessions) != count*len(seeds) {
		t.Fatalf("python made %d sessions, want %d", len(sessions), count*len(seeds))
	}
	compressed := 0
	var ours []string
	for i, s := range sessions {
		if strings.HasPrefix(s.Cookie, ".") {
			compressed++
		} else if i%count == 1 {
			t.Errorf("session %d: Flask did not compress the fixed filler: %q", i, s.Cookie)
		}
		// Flask -> CLI: verify prints Flask's exact JSON.
		r := runCLI(t, env, "", "verify", s.Cookie)
		if r.code != exitOK || r.stdout != s.JSON+"\n" {
			t.Errorf("session %d: verify(Flask cookie) = %d %q %q\nwant Flask's JSON %q", i, r.code, r.stdout, r.stderr, s.JSON)
			continue
		}
		// decode needs no key and gives the signing time.
		r = runCLI(t, nil, "", "decode", s.Cookie)
		ts, payload, _ := strings.Cut(strings.TrimSuffix(r.stdout, "\n"), " ")
		if r.code != exitOK || payload != s.JSON {
			t.Errorf("session %d: decode = %d %q %q, want the payload %q", i, r.code, r.stdout, r.stderr, s.JSON)
			continue
		}
		dt, err := decodeToken(s.Cookie)
		if err != nil {
			t.Fatal(err)
		}
		// CLI -> same bytes as Flask: sign the loose JSON at Flask's time.
		r = runCLI(t, env, s.Loose, "sign", "--timestamp", fmt.Sprint(dt.signedAt.Unix()))
		if r.code != exitOK || r.stdout != s.Cookie+"\n" {
			t.Errorf("session %d (signed %s): sign = %d %q %q\nwant Flask's cookie %q", i, ts, r.code, r.stdout, r.stderr, s.Cookie)
		}
		// A fresh cookie for Flask to load below.
		r = runCLI(t, env, s.Loose, "sign")
		if r.code != exitOK {
			t.Fatalf("session %d: sign exited %d: %s", i, r.code, r.stderr)
		}
		ours = append(ours, strings.TrimSuffix(r.stdout, "\n"))
	}

	t.Logf("%d sessions, %d compressed", len(sessions), compressed)

	// CLI -> Flask: Flask's own request path loads every cookie the CLI
	// signed, to the session Flask started from.
	out := interop.Run(t, flaskLoadScript, []byte(strings.Join(ours, "\n")+"\n"), secret)
	type loaded struct {
		JSON  string `json:"json"`
		Len   int    `json:"len"`
		Error string `json:"error"`
	}
	got := readJSONLines[loaded](t, out)
	if len(got) != len(ours) {
		t.Fatalf("Flask loaded %d cookies, want %d", len(got), len(ours))
	}
	for i, l := range got {
		if l.Error != "" || l.Len == 0 || l.JSON != sessions[i].JSON {
			t.Errorf("session %d: Flask loaded the CLI's cookie %q as %+v, want %q", i, ours[i], l, sessions[i].JSON)
		}
	}
}
