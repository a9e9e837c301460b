package flasksession

import (
	"math"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFindCookie(t *testing.T) {
	const v = "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0"
	tests := []struct {
		name   string
		header []string
		want   string
		found  bool
	}{
		{"plain", []string{"session=" + v}, v, true},
		{"first wins (good first)", []string{"session=" + v + "; session=garbage"}, v, true},
		{"first wins (garbage first)", []string{"session=garbage; session=" + v}, "garbage", true},
		{"quoted", []string{`session="` + v + `"`}, v, true},
		{"surrounding spaces", []string{"session=  " + v + "  "}, v, true},
		{"name case-sensitive", []string{"Session=" + v}, "", false},
		{"empty value", []string{"session="}, "", true},
		{"among others", []string{"a=1; b=\"x;y\"; session=" + v + "; c=3"}, v, true},
		{"no equals", []string{"session; x=1"}, "", true},
		{"spaces around name and equals", []string{"  session  =  abc ; x=1"}, "abc", true},
		{"quoted with escapes", []string{`session="a\"b\\c\101\q"`}, `a"b\cAq`, true},
		{"quoted then junk is raw", []string{`session="ab"cd; x=1`}, `"ab"cd`, true},
		{"quoted semicolon", []string{`session="a;b"`}, "a;b", true},
		{"unterminated quote", []string{`session="abc; x=1`}, `"abc`, true},
		{"second header line", []string{"a=1", "session=x"}, "x", true},
		{"quotes span header lines", []string{`session="a`, `b"`}, "a;b", true},
		{"latin-1 bytes become characters", []string{"session=a\xe9b"}, "aéb", true},
		{"quoted latin-1 and escapes", []string{"session=\"\xe9\\303\\251\\\xe9\""}, "ééé", true},
		{"quoted invalid octal becomes one U+FFFD per subpart", []string{`session="\342\202A\377"`}, "\uFFFDA\uFFFD", true},
		{"empty name skipped", []string{"=1; session=y"}, "y", true},
		{"octal invalid utf-8 replaced", []string{`session="\377"`}, "\uFFFD", true},
		{"latin-1 nbsp stripped", []string{"session=\xa0abc\xa0"}, "abc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Cookie": tt.header}
			got, found := CookieValue(h, "session")
			if got != tt.want || found != tt.found {
				t.Errorf("CookieValue = %q, %v; want %q, %v", got, found, tt.want, tt.found)
			}
		})
	}
}

func TestAddVaryCookie(t *testing.T) {
	// Each want is what Flask 3.1 with Werkzeug 3.1 answers for a handler
	// that sets these Vary lines and touches the session.
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"none", nil, []string{"Cookie"}},
		{"merged", []string{"Accept-Encoding,Accept-Language"}, []string{"Accept-Encoding, Accept-Language, Cookie"}},
		{"already there any case", []string{"accept-encoding, cOOkie"}, []string{"accept-encoding, cOOkie"}},
		{"star", []string{"*"}, []string{"*, Cookie"}},
		{"repeat in one line kept", []string{"Accept, accept"}, []string{"Accept, accept, Cookie"}},
		{"repeats kept as written", []string{"A,a,A"}, []string{"A, a, A, Cookie"}},
		{"only the first line is read", []string{"Accept", "Origin, accept"}, []string{"Accept, Cookie"}},
		{"cookie in a later line is not seen", []string{"x", "Cookie"}, []string{"x, Cookie"}},
		{"cookie in the first line keeps every line", []string{"Cookie", "x"}, []string{"Cookie", "x"}},
		{"empty items dropped", []string{"a,,b ,  c"}, []string{"a, b, c, Cookie"}},
		{"only separators", []string{" , "}, []string{"Cookie"}},
		{"empty line", []string{"", "Accept"}, []string{"Cookie"}},
		{"quoted item keeps its comma", []string{`"a,b", c`}, []string{`"a,b", c, Cookie`}},
		{"quoted cookie counts", []string{`"cookie"`}, []string{`"cookie"`}},
		{"escaped cookie counts", []string{`"co\okie"`}, []string{`"co\okie"`}},
		{"non-token item quoted", []string{"a;q=1, b"}, []string{`"a;q=1", b, Cookie`}},
		{"unclosed quote drops all", []string{`a, "b`}, []string{"Cookie"}},
		{"tabs stripped", []string{"\ta\t, b"}, []string{"a, b, Cookie"}},
		{"latin-1 nbsp stripped", []string{"\xa0a\xa0, b"}, []string{"a, b, Cookie"}},
		{"vertical tab inside quoted", []string{"a\x0bb, c"}, []string{"\"a\x0bb\", c, Cookie"}},
		{"kelvin sign is not k", []string{"coo\u212aie"}, []string{"\"coo\u212aie\", Cookie"}},
		{"quote and backslash escaped", []string{`"a\"b\\c"`}, []string{`"a\"b\\c", Cookie`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.in != nil {
				h["Vary"] = append([]string(nil), tt.in...)
			}
			addVaryCookie(h)
			addVaryCookie(h) // Flask adds it twice when it sets a cookie
			if diff := cmp.Diff(tt.want, h["Vary"]); diff != "" {
				t.Errorf("Vary (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzCookieText checks the bound of appendCookieText: a value it accepts
// is the unbounded text and fits, a value it refuses does not fit.
func FuzzCookieText(f *testing.F) {
	for _, s := range []string{"abc", `"a\"b\\c\101\q"`, "a\xe9b", `"\377\376"`, "\"\xe9\\303\\251\\\xe9\"", `"\342\202A"`, `""`, `"`} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, raw string, max int) {
		if max < 0 || max > 1<<20 {
			max = math.MaxInt // no bound, as the Manager passes it
		}
		full, ok := appendCookieText(nil, raw, -1)
		if !ok {
			t.Fatal("unbounded text refused")
		}
		got, ok := appendCookieText([]byte("x"), raw, max)
		if ok != (len(full) <= max) {
			t.Fatalf("bound %d: ok %v for a text of %d bytes", max, ok, len(full))
		}
		if ok && string(got[1:]) != string(full) {
			t.Fatalf("bounded text %q, unbounded %q", got[1:], full)
		}
		if max < 1<<20 && len(got) > 1+3*(max+2) {
			t.Fatalf("bound %d: %d bytes appended", max, len(got)-1)
		}
	})
}
