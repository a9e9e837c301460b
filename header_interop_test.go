package flasksession

import (
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goVary returns the Vary lines the middleware sends for a handler that
// sets lines and reads the session.
func goVary(lines []string) []string {
	var errs []error
	m := codecTestManager(&errs)
	w := httptest.NewRecorder()
	m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if lines != nil {
			w.Header()["Vary"] = append([]string(nil), lines...)
		}
		FromContext(r.Context()).Get("x")
		w.Write([]byte("ok"))
	})).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	return w.Result().Header["Vary"]
}

// TestVaryInterop compares the Vary lines of the middleware and of Flask
// for handlers that set their own: every case of TestAddVaryCookie's
// kinds, then random lines with repeats, case variants, quoting, odd
// whitespace and empty items.
func TestVaryInterop(t *testing.T) {
	cases := [][]string{
		nil,
		{"Accept, accept"},
		{"Accept", "accept"},
		{"A,a,A"},
		{"x", "Cookie"},
		{"Cookie", "x"},
		{"COOKIE"},
		{"a,,b ,  c"},
		{" , "},
		{""},
		{"", "Accept"},
		{`"a,b", c`},
		{`"cookie"`},
		{`"co\okie"`},
		{`"co\"okie"`},
		{"a;q=1, b"},
		{`a, "b`},
		{"\ta\t, b"},
		{"\xa0a\xa0, b\x85"},
		{"\x1ca\x1f, b"},
		{"a\x0bb, c"},
		{"coo\u212aie"},
		{"caf\xe9, Caf\xc9"},
		{`"a\"b\\c"`},
		{`"unterminated\"`},
		{"*"},
	}
	words := []string{
		"Accept", "accept", "ACCEPT", "Cookie", "cookie", "cOoKiE", "Origin", "*",
		"Accept-Encoding", "accept-encoding", `"quoted, item"`, `"Cookie"`, `"esc\"aped"`,
		"a;q=1", "", " ", "\t", "x\xa0", "\xe9", "\x85y", "k\\", `"`, "a b",
	}
	seps := []string{",", ", ", " ,", ",,", " , ", ",\t"}
	rng := rand.New(rand.NewSource(int64(len(cases))))
	for range 300 {
		lines := make([]string, 1+rng.Intn(3))
		for i := range lines {
			var b strings.Builder
			for j := range 1 + rng.Intn(5) {
				if j > 0 {
					b.WriteString(seps[rng.Intn(len(seps))])
				}
				b.WriteString(words[rng.Intn(len(words))])
			}
			lines[i] = b.String()
		}
		cases = append(cases, lines)
	}
	flask := askFlask(t, cases, nil)
	for i, lines := range cases {
		var want []string
		for _, l := range flask.Vary[i].Lines {
			want = append(want, string(l))
		}
		if flask.Vary[i].Status != 200 {
			t.Errorf("Vary %q: Flask answers %d", lines, flask.Vary[i].Status)
			continue
		}
		if diff := cmp.Diff(want, goVary(lines)); diff != "" {
			t.Errorf("Vary %q (-Flask +middleware):\n%s", lines, diff)
		}
	}
}
