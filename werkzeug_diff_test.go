package flasksession

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// werkzeugScript answers, for each case on stdin, what the installed
// Werkzeug does: parse_cookie(header).get("session") for headers, and
// dump_cookie(...) for cookie options.
//
//go:embed testdata/werkzeug_cookies.py
var werkzeugScript string

type dumpCase struct {
	Domain      string  `json:"domain"`
	Path        string  `json:"path"`
	Secure      bool    `json:"secure"`
	HTTPOnly    bool    `json:"httponly"`
	SameSite    *string `json:"samesite"`
	Partitioned bool    `json:"partitioned"`
	Expires     *int64  `json:"expires"`
}

// TestWerkzeugDifferential compares the Cookie header scanner and the
// Set-Cookie writer with the installed Werkzeug on fixed and random
// inputs.
func TestWerkzeugDifferential(t *testing.T) {
	interop.Python(t)
	headers := []string{
		"session=abc", "session=a; session=b", `session="a\"b\\c\101\q"`, `session="ab"cd; x=1`,
		`session="a;b"`, `session="abc; x=1`, "=1; session=y", "session", "session=; x", "  session  =  v ; x=1",
		"x=1;session=v", "x=\"q;session=w\"; session=z", "session=\t v \t", `session="\"`, `session=""`,
		`session="\400"`, `session="\377\376"`, "session=a=b=c", "a=1;;; session=2", "session=x;y",
	}
	alphabet := []byte(`session=;" \abc\"0123\7` + "\t")
	for _, seed := range interop.Seeds(t) {
		rng := interop.Rand(seed, 1)
		for range 300 {
			b := make([]byte, rng.IntN(24))
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			headers = append(headers, string(b))
		}
	}
	lax, none, weird := "lax", "None", "sTrIcT"
	exp := int64(1700000000 + 2678400)
	dumps := []dumpCase{
		{Path: "/", HTTPOnly: true},
		{Domain: ".Example.com:8080", Path: "/app path", SameSite: &lax, Partitioned: true, Expires: &exp},
		{Domain: "bücher.example", Path: "/a;b?c#d%41~", Secure: true, SameSite: &none},
		{Domain: "Straße.DE", Path: "/é", SameSite: &weird},
		{Domain: ".", Path: "/"},
		{Domain: "münchen.de.", Path: "/x/"},
		{Domain: "日本語。jp", Path: "/"},
	}
	in, _ := json.Marshal(map[string]any{"headers": headers, "dumps": dumps})
	var out struct {
		Headers []*string `json:"headers"`
		Dumps   []string  `json:"dumps"`
	}
	if err := json.Unmarshal(interop.Run(t, werkzeugScript, in), &out); err != nil {
		t.Fatal(err)
	}
	for i, h := range headers {
		got, found := CookieValue(http.Header{"Cookie": {h}}, "session")
		want := out.Headers[i]
		if (want != nil) != found || (found && got != *want) {
			t.Errorf("header %q: got %q (found %v), Werkzeug %v", h, got, found, strp(want))
		}
	}
	for i, d := range dumps {
		o := CookieOptions{Name: "session", Domain: d.Domain, Path: d.Path, Secure: d.Secure, HTTPOnly: d.HTTPOnly, Partitioned: d.Partitioned}
		if d.SameSite != nil {
			ss, err := ParseSameSite(*d.SameSite)
			if err != nil {
				t.Fatal(err)
			}
			o.SameSite = ss
		}
		f, err := o.format()
		if err != nil {
			t.Errorf("%+v: %v", d, err)
			continue
		}
		var expires time.Time
		if d.Expires != nil {
			expires = time.Unix(*d.Expires, 0)
		}
		header, _ := f.appendSetCookie(nil, expires, func(dst []byte) ([]byte, error) { return append(dst, 'v'), nil })
		if got := string(header); got != out.Dumps[i] {
			t.Errorf("%+v:\n got      %q\n Werkzeug %q", d, got, out.Dumps[i])
		}
	}
}
