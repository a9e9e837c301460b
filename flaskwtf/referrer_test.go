package flaskwtf

import (
	_ "embed"
	"encoding/json"
	"testing"
)

//go:embed testdata/same_origin.py
var sameOriginScript string

// referrerCases pair a Referer with a request Host (already without a
// default :443, as Werkzeug's request.host is).
var referrerCases = []struct {
	referrer, host string
	want           string // match, mismatch, or error (Python raises)
}{
	{"https://example.com/form", "example.com", "match"},
	{"https://example.com", "example.com", "match"},
	{"https://EXAMPLE.COM/x", "example.com", "match"},
	{"HTTPS://example.com/x", "example.com", "match"},
	{"https://example.com/x", "Example.com", "match"},
	{"https://user:pw@example.com/x", "example.com", "match"},
	{"https://example.com@evil.com/x", "example.com", "mismatch"},
	{"https://evil.com/x?https://example.com/", "example.com", "mismatch"},
	{"https://evil.com#@example.com", "example.com", "mismatch"},
	{"http://example.com/x", "example.com", "mismatch"},
	{"https://example.com:443/x", "example.com", "mismatch"},
	{"https://example.com:8443/x", "example.com:8443", "match"},
	{"https://example.com:08443/x", "example.com:8443", "match"},
	{"https://example.com:8443/x", "example.com", "mismatch"},
	{"https://example.com:/x", "example.com", "match"},
	{"https://example.com:x/", "example.com", "error"},
	{"https://example.com:99999/", "example.com", "error"},
	{"https://example.com:+1/", "example.com", "error"},
	{"  https://example.com/", "example.com", "match"},
	{"\x01https://example.com/", "example.com", "match"},
	{"ht\ttps://exa\tmple.com/", "example.com", "match"},
	{"https://[::1]/x", "[::1]", "match"},
	{"https://[::1]:8443/x", "[::1]:8443", "match"},
	{"https://[0:0::1]/x", "[::1]", "mismatch"},
	{"https://[::1/x", "example.com", "error"},
	{"https://::1]/x", "example.com", "error"},
	{"https://[127.0.0.1]/", "example.com", "error"},
	{"https://x[::1]/", "example.com", "error"},
	{"https://[::1]x/", "example.com", "error"},
	{"https://[v1.abc]/", "[v1.abc]", "match"},
	{"https://[::1]@example.com/", "example.com", "error"},
	{"https://[FE80::1%Eth0]/", "[fe80::1%Eth0]", "match"},
	{"https://[FE80::1%Eth0]/", "[fe80::1%eth0]", "mismatch"},
	{"//example.com/x", "example.com", "mismatch"},
	{"example.com", "example.com", "mismatch"},
	{"1https://example.com", "example.com", "mismatch"},
	{"https:/example.com/", "example.com", "mismatch"},
	{"https://", "example.com", "mismatch"},
	{"https://\xc9COLE.fr/", "\xe9cole.fr", "match"},
	{"https://example.com/", "", "mismatch"},
	{"https://example.com", "example.com:", "match"},
}

func TestSameOrigin(t *testing.T) {
	for _, tt := range referrerCases {
		got := sameOrigin(tt.referrer, "https://"+tt.host+"/")
		if want := tt.want == "match"; got != want {
			t.Errorf("sameOrigin(%q, host %q) = %v, want %s", tt.referrer, tt.host, got, tt.want)
		}
	}
}

// TestSameOriginMatchesFlaskWTF runs the same cases through Flask-WTF's own
// same_origin; where it raises, this package reports a mismatch.
func TestSameOriginMatchesFlaskWTF(t *testing.T) {
	pairs := make([][2]string, len(referrerCases))
	for i, tt := range referrerCases {
		// WSGI hands Python header bytes decoded as Latin-1.
		pairs[i] = [2]string{latin1(tt.referrer), latin1(tt.host)}
	}
	in, _ := json.Marshal(pairs)
	var got []string
	if err := json.Unmarshal(runPython(t, sameOriginScript, in), &got); err != nil {
		t.Fatal(err)
	}
	for i, tt := range referrerCases {
		if got[i] != tt.want {
			t.Errorf("Flask-WTF says %s for (%q, %q); the table says %s", got[i], tt.referrer, tt.host, tt.want)
		}
	}
}

func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
