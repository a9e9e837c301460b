package flasksession

import (
	"encoding/json"
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

func TestSetCookieHeader(t *testing.T) {
	expires := time.Date(2027, 12, 3, 8, 0, 0, 0, time.UTC)
	opts := CookieOptions{Name: "remember_token", Path: "/", HTTPOnly: true}
	tests := []struct {
		name, value, want string
	}{
		{"plain value as it is", "1|ab", "remember_token=1|ab; Expires=Fri, 03 Dec 2027 08:00:00 GMT; HttpOnly; Path=/"},
		{"space quotes the value", "a b", `remember_token="a b"; Expires=Fri, 03 Dec 2027 08:00:00 GMT; HttpOnly; Path=/`},
		{"escapes", "\"\\;,\x01é", `remember_token="\"\\\073\054\001\303\251"; Expires=Fri, 03 Dec 2027 08:00:00 GMT; HttpOnly; Path=/`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := opts.SetCookieHeader(tc.value, expires)
			if err != nil || got != tc.want {
				t.Errorf("SetCookieHeader(%q) = %q, %v; want %q", tc.value, got, err, tc.want)
			}
			// What we write, Werkzeug's parser (CookieValue) reads back.
			h := http.Header{"Cookie": {strings.SplitN(got, "; Expires", 2)[0]}}
			if back, ok := CookieValue(h, "remember_token"); !ok || back != tc.value {
				t.Errorf("read back %q, %v; want %q", back, ok, tc.value)
			}
		})
	}
	del, err := CookieOptions{Name: "remember_token", Domain: ".example.com", Path: "/"}.DeleteCookieHeader()
	if want := "remember_token=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"; err != nil || del != want {
		t.Errorf("DeleteCookieHeader = %q, %v; want %q", del, err, want)
	}
	if _, err := (CookieOptions{}).SetCookieHeader("v", time.Time{}); err == nil {
		t.Error("SetCookieHeader with no name: want ErrConfig")
	}
}

// TestSetCookieHeaderMatchesWerkzeug compares cookie values, quoted or
// not, with Werkzeug's dump_cookie on random strings; the rare bytes are
// in every run by construction.
func TestSetCookieHeaderMatchesWerkzeug(t *testing.T) {
	interop.Python(t)
	values := []string{"", "plain", "a b", "\"", "\\", ";", ",", "\x00\x19\x1a\x1f\x7f", "é€😀", "|=~`{}[]^"}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	alphabet := []rune("ab1|_-.=;, \"\\\x01\x1a\x7fé€😀\u0080\u00ff")
	for len(values) < 300 {
		n := rng.Intn(12)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		values = append(values, b.String())
	}
	in, _ := json.Marshal(values)
	out := interop.Run(t, `
import json, sys
from werkzeug.http import dump_cookie
json.dump([dump_cookie("remember_token", v, expires=1796284800, path="/", httponly=True, secure=True, samesite="Lax") for v in json.load(sys.stdin)], sys.stdout)
`, in)
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	opts := CookieOptions{Name: "remember_token", Path: "/", HTTPOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
	for i, v := range values {
		got, err := opts.SetCookieHeader(v, time.Unix(1796284800, 0))
		if err != nil || got != want[i] {
			t.Errorf("value %q: got %q, %v; Werkzeug writes %q", v, got, err, want[i])
		}
	}
}
