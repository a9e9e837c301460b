package main

import (
	"bytes"
	_ "embed"
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
//
//go:embed testdata/flask_sessions.py
var flaskSessionsScript string

// flaskLoadScript loads each cookie on stdin (one per line) the way a
// request does, through open_session, and prints the session as Flask
// writes it, or the error. argv: secret.
//
//go:embed testdata/flask_load.py
var flaskLoadScript string

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
