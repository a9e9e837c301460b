package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/flasksession/flasksession"
)

// TestRoutes runs the Quick start's handlers behind the middleware: the
// visit count is saved although the handler writes a body after Set, and
// a Flask-Login session is recognised.
func TestRoutes(t *testing.T) {
	m := flasksession.New("quick-start-secret")
	m.ErrorHandler = func(_ *http.Request, err error) { t.Errorf("error hook: %v", err) }
	h := m.Middleware(routes())
	loggedIn, err := m.EncodeCookie(map[string]any{"_user_id": "42", "visits": 1})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, cookie string
		wantCode             int
		wantBody             string
		wantSession          map[string]any // a nil value: the key is present
	}{
		{"anonymous visit is counted and refused", "GET", "", 401, "please log in\n",
			map[string]any{"visits": int64(1)}},
		{"Flask-Login user is greeted", "GET", loggedIn, 200, "hello user 42, visit 2\n",
			map[string]any{"_user_id": "42", "visits": int64(2)}},
		{"note flashes and redirects", "POST", "", 303, "",
			map[string]any{"_flashes": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/"
			if tt.method == "POST" {
				path = "/note"
			}
			r := httptest.NewRequest(tt.method, path, nil)
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: "session", Value: tt.cookie})
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.wantCode {
				t.Errorf("status %d, want %d", w.Code, tt.wantCode)
			}
			if tt.wantBody != "" && w.Body.String() != tt.wantBody {
				t.Errorf("body %q, want %q", w.Body.String(), tt.wantBody)
			}
			var value string
			for _, c := range w.Result().Cookies() {
				if c.Name == "session" {
					value = c.Value
				}
			}
			if value == "" {
				t.Fatal("no session cookie set")
			}
			got, err := m.DecodeCookie(value)
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range tt.wantSession {
				if v, ok := got[k]; !ok || (want != nil && v != want) {
					t.Errorf("session[%q] = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// read returns the content of the file at path.
func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// source is this program as the documents show it: from the package
// clause on.
func source(t *testing.T) string {
	s := read(t, "main.go")
	return s[strings.Index(s, "package main"):]
}

// TestREADMEShowsSource checks that the README's Quick start is this file.
func TestREADMEShowsSource(t *testing.T) {
	readme := read(t, "../../README.md")
	i := strings.Index(readme, "## Quick start")
	if i < 0 {
		t.Fatal("README has no Quick start section")
	}
	_, block, ok := strings.Cut(readme[i:], "```go\n")
	if !ok {
		t.Fatal("README's Quick start has no go code block")
	}
	block, _, _ = strings.Cut(block, "```")
	if want := source(t); block != want {
		t.Errorf("README's Quick start differs from examples/quickstart/main.go:\n%s\nwant:\n%s", block, want)
	}
}

// TestDocShowsSource checks that the package documentation's Quick start
// (doc.go) is this file, as a code block of the doc comment.
func TestDocShowsSource(t *testing.T) {
	doc := read(t, "../../doc.go")
	i := strings.Index(doc, "// # Quick start\n")
	if i < 0 {
		t.Fatal("doc.go has no Quick start heading")
	}
	if got, want := codeBlock(doc[i:]), source(t); got != want {
		t.Errorf("doc.go's Quick start differs from examples/quickstart/main.go:\n%s\nwant:\n%s", got, want)
	}
}

// codeBlock returns the first code block (lines indented with a tab) of
// a doc comment, without the comment markers and the indentation.
func codeBlock(comment string) string {
	var block strings.Builder
	inCode := false
	for _, line := range strings.SplitAfter(comment, "\n") {
		code, isCode := strings.CutPrefix(line, "//\t")
		switch {
		case isCode:
			inCode = true
			block.WriteString(code)
		case inCode && line == "//\n":
			block.WriteString("\n") // a blank line inside the block
		case inCode:
			return strings.TrimRight(block.String(), "\n") + "\n"
		}
	}
	return block.String()
}
