package flasksession

import (
	"math/rand"
	"net/http"
	"strings"
	"testing"
)

// joinedFind is the reference for several Cookie lines: the lines joined
// with ";" into one header, as Werkzeug's Request.cookies joins them.
func joinedFind(lines []string, name string) (string, bool) {
	return findRawCookie(http.Header{"Cookie": {strings.Join(lines, ";")}}, name, -1)
}

// TestFindRawCookieLines checks that reading several Cookie lines in place
// finds what the joined header gives, where a quoted value runs on from
// one line to the next.
func TestFindRawCookieLines(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
		found bool
	}{
		{"session on the second line", []string{"a=1", "session=v"}, "v", true},
		{"first session wins across lines", []string{"session=1", "session=2"}, "1", true},
		{"quoted value spans two lines", []string{`session="a`, `b"`}, `"a;b"`, true},
		{"quoted value spans three lines", []string{`session="a`, "", `b"; x=1`}, `"a;;b"`, true},
		{"backslash at a line end escapes the joining ;", []string{`session="a\`, `b"`}, `"a\;b"`, true},
		{"spanning value of another cookie swallows session", []string{`a="x`, `session=v"`, "session=w"}, "w", true},
		{"spanning value not followed by ; is not quoted", []string{`session="a`, `b"c`}, `"a`, true},
		{"unclosed quote on the last line", []string{"x=1", `session="a`}, `"a`, true},
		{"cookie after a spanning value", []string{`a="x`, `y" ; session=v`}, "v", true},
		{"empty lines", []string{"", "", "session=v", ""}, "v", true},
		{"whitespace-only names are skipped", []string{" =1", "session=v"}, "v", true},
		{"not found", []string{"a=1", "b=2"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := findRawCookie(http.Header{"Cookie": tt.lines}, "session", -1)
			if got != tt.want || found != tt.found {
				t.Errorf("findRawCookie = %q, %v; want %q, %v", got, found, tt.want, tt.found)
			}
			if j, jf := joinedFind(tt.lines, "session"); j != got || jf != found {
				t.Errorf("joined header gives %q, %v", j, jf)
			}
		})
	}
	if _, found := findRawCookie(http.Header{"Cookie": {"=1;a", "=2"}}, "", -1); found {
		t.Error("a cookie without a name was found (Werkzeug's parse_cookie skips it)")
	}
}

// TestFindRawCookieLinesRandom compares the in-place reading with the
// joined header on random lines made of the characters the grammar turns
// on (the table above holds the cases that must occur).
func TestFindRawCookieLinesRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{`"`, `\`, ";", "=", " ", "session", "s", "x", "\t", "\n"}
	for range 20000 {
		lines := make([]string, 1+rng.Intn(4))
		for i := range lines {
			var b strings.Builder
			for range rng.Intn(8) {
				b.WriteString(pieces[rng.Intn(len(pieces))])
			}
			lines[i] = b.String()
		}
		got, found := findRawCookie(http.Header{"Cookie": lines}, "session", -1)
		if j, jf := joinedFind(lines, "session"); j != got || jf != found {
			t.Fatalf("lines %q: %q, %v; joined header gives %q, %v", lines, got, found, j, jf)
		}
	}
}

// FuzzFindRawCookieLines is TestFindRawCookieLinesRandom on fuzzed lines.
func FuzzFindRawCookieLines(f *testing.F) {
	f.Add(`session="a`, `b\`, `"; session=v`)
	f.Add(`a="x`, `session=v"`, "session=w")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		lines := []string{a, b, c}
		got, found := findRawCookie(http.Header{"Cookie": lines}, "session", -1)
		if j, jf := joinedFind(lines, "session"); j != got || jf != found {
			t.Fatalf("lines %q: %q, %v; joined header gives %q, %v", lines, got, found, j, jf)
		}
	})
}

// TestFindRawCookieLinesBound checks that many Cookie lines cost nothing
// in proportion to the header: the lines are not joined, and a session
// value spanning them is copied only up to the bound.
func TestFindRawCookieLinesBound(t *testing.T) {
	lines := make([]string, 0, 10001)
	for range 10000 {
		lines = append(lines, "a"+strings.Repeat("x", 90)+"=1")
	}
	h := http.Header{"Cookie": append(lines, "session=v")}
	if n := testing.AllocsPerRun(10, func() { findRawCookie(h, "session", -1) }); n != 0 {
		t.Errorf("%v allocations for 10000 lines", n)
	}
	spanning := http.Header{"Cookie": append([]string{`session="`}, append(lines, `"`)...)}
	const maxRaw = 4*DefaultMaxCookieValueLen + 2
	var raw string
	var found bool
	if n := testing.AllocsPerRun(10, func() { raw, found = findRawCookie(spanning, "session", maxRaw) }); n != 1 {
		t.Errorf("spanning value: %v allocations, want 1 (the copy)", n)
	}
	if !found || len(raw) != maxRaw+1 {
		t.Errorf("spanning value: %d bytes, %v; want %d (cut after the bound)", len(raw), found, maxRaw+1)
	}
	if whole, _ := findRawCookie(spanning, "session", -1); len(whole) != len(strings.Join(spanning["Cookie"], ";"))-len("session=") {
		t.Errorf("spanning value without bound: %d bytes", len(whole))
	}
}
