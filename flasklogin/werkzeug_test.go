package flasklogin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// TestRememberCookieHeadersMatchWerkzeug31 checks the remember cookie's
// Set-Cookie, and its deletion, against Werkzeug 3.1's dump_cookie (the
// main oracle), with every attribute Flask-Login passes.
func TestRememberCookieHeadersMatchWerkzeug31(t *testing.T) {
	interop.Python(t)
	m, lm := newTestManagers()
	lm.RememberCookie.Domain = ".Example.com"
	lm.RememberCookie.Path = "/app path"
	lm.RememberCookie.Secure = true
	lm.RememberCookie.SameSite = http.SameSiteStrictMode
	ids := []string{"7", "user one", "é;,\"\\"}
	var got []string
	for _, id := range ids {
		w := do(m, lm, "GET", "/", "remember_token=x", "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			LoginUser(r, id, LoginOptions{Remember: true})
		}))
		got = append(got, w.Header()["Set-Cookie"][0])
	}
	w := do(m, lm, "GET", "/", "remember_token=x", "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		LogoutUser(r)
	}))
	got = append(got, w.Header()["Set-Cookie"][0])

	var values []string
	for _, id := range ids {
		values = append(values, mustEncode(t, id))
	}
	in, _ := json.Marshal(values)
	out := interop.Run(t, `
import json, sys
from werkzeug.http import dump_cookie
expires = int(sys.argv[1])
attrs = dict(domain=".Example.com", path="/app path")
res = [dump_cookie("remember_token", v, expires=expires, secure=True, httponly=True, samesite="Strict", **attrs) for v in json.load(sys.stdin)]
res.append(dump_cookie("remember_token", "", expires=0, max_age=0, **attrs))
json.dump(res, sys.stdout)
`, in, strconv.FormatInt(frozen.Add(DefaultRememberDuration).Unix(), 10))
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("header %d:\nGo:       %s\nWerkzeug: %s", i, got[i], want[i])
		}
	}
}
