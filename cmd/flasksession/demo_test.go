package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// browser is an HTTP client with a cookie jar, pointed at a demo.
type browser struct {
	t    *testing.T
	base *url.URL
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: u, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// do sends a request and returns the status and body; redirects are
// followed, as a browser does after a form post.
func (b *browser) do(method, path, contentType string, body io.Reader) (int, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base.ResolveReference(&url.URL{Path: path}).String(), body)
	if err != nil {
		b.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

func (b *browser) get(path string) string {
	b.t.Helper()
	code, body := b.do(http.MethodGet, path, "", nil)
	if code != http.StatusOK {
		b.t.Fatalf("GET %s: status %d: %s", path, code, body)
	}
	return body
}

func (b *browser) postForm(path string, form url.Values) string {
	b.t.Helper()
	code, body := b.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if code != http.StatusOK {
		b.t.Fatalf("POST %s: status %d: %s", path, code, body)
	}
	return body
}

func (b *browser) postJSON(path string, v any) string {
	b.t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		b.t.Fatal(err)
	}
	code, body := b.do(http.MethodPost, path, "application/json", bytes.NewReader(data))
	if code != http.StatusOK {
		b.t.Fatalf("POST %s: status %d: %s", path, code, body)
	}
	return body
}

// sessionCookie returns the value of the session cookie in the jar.
func (b *browser) sessionCookie() string {
	for _, c := range b.c.Jar.Cookies(b.base) {
		if c.Name == "session" {
			return c.Value
		}
	}
	return ""
}

// goView is /session.json: the session as the Go side reads it.
type goView struct {
	Session  map[string]any `json:"session"`
	Cookie   string         `json:"cookie"`
	SignedAt string         `json:"signed_at"`
	Error    string         `json:"error"`
}

func (b *browser) goSession() goView {
	b.t.Helper()
	var v goView
	if err := json.Unmarshal([]byte(b.get("/session.json")), &v); err != nil {
		b.t.Fatalf("/session.json: %v", err)
	}
	return v
}

var counterRE = regexp.MustCompile(`<b id="counter">(\d+)</b>`)

func (b *browser) counter() string {
	b.t.Helper()
	m := counterRE.FindStringSubmatch(b.get("/"))
	if m == nil {
		b.t.Fatal("no counter on the Go page")
	}
	return m[1]
}

func startTestDemo(t *testing.T, cfg demoConfig) *demoServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg.Addr = "127.0.0.1:0"
	d, err := startDemo(ctx, cfg)
	if err != nil {
		t.Fatalf("startDemo: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestDemo(t *testing.T) {
	const secret = "demo-test-secret"
	d := startTestDemo(t, demoConfig{Secret: secret})
	b := newBrowser(t, d.URL)

	steps := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"counter counts per browser", func(t *testing.T) {
			for _, want := range []string{"1", "2", "3"} {
				if got := b.counter(); got != want {
					t.Fatalf("counter = %s, want %s", got, want)
				}
			}
			if other := newBrowser(t, d.URL); other.counter() != "1" {
				t.Error("a second browser does not start its own counter at 1")
			}
		}},
		{"a flashed message shows once", func(t *testing.T) {
			page := b.postForm("/flash", url.Values{"message": {"Saved <ok>"}, "category": {"info"}})
			if !strings.Contains(page, "Saved &lt;ok&gt;") || !strings.Contains(page, `class="flash info"`) {
				t.Fatalf("page after flashing lacks the escaped message: %s", page)
			}
			if strings.Contains(b.get("/"), "Saved") {
				t.Error("the flash shows again on the next page")
			}
		}},
		{"login is stored as Flask-Login keys", func(t *testing.T) {
			page := b.postForm("/login", url.Values{"user": {"bob"}})
			if !strings.Contains(page, `<b id="user">bob</b>`) {
				t.Fatalf("page after login does not name bob: %s", page)
			}
			v := b.goSession()
			if v.Session["_user_id"] != "bob" || v.Session["_fresh"] != true {
				t.Errorf("session = %v, want _user_id bob and _fresh true", v.Session)
			}
			if !strings.Contains(v.Cookie, "session=<value>") || !strings.Contains(v.Cookie, "; HttpOnly; Path=/") {
				t.Errorf("cookie attributes = %q, want Flask's defaults", v.Cookie)
			}
			if _, err := time.Parse(time.RFC3339, v.SignedAt); err != nil {
				t.Errorf("signed_at %q is not RFC 3339: %v", v.SignedAt, err)
			}
		}},
		{"the session page decodes the cookie", func(t *testing.T) {
			page := b.get("/session")
			for _, want := range []string{"_user_id", "&#34;bob&#34;", "HttpOnly", b.sessionCookie()} {
				if !strings.Contains(page, want) {
					t.Errorf("/session lacks %q", want)
				}
			}
		}},
		{"the CLI verifies the demo's cookie", func(t *testing.T) {
			r := runCLI(t, map[string]string{envSecret: secret}, "", "verify", b.sessionCookie())
			if r.code != exitOK || !strings.Contains(r.stdout, `"_user_id":"bob"`) {
				t.Errorf("verify = %d %q %q", r.code, r.stdout, r.stderr)
			}
		}},
		{"permanent toggles", func(t *testing.T) {
			if !strings.Contains(b.postForm("/permanent", nil), "Session is permanent") {
				t.Error("session not permanent after the toggle")
			}
			if b.goSession().Session["_permanent"] != true {
				t.Error("_permanent not stored")
			}
		}},
		{"logout removes the user", func(t *testing.T) {
			b.postForm("/logout", nil)
			if _, ok := b.goSession().Session["_user_id"]; ok {
				t.Error("_user_id still in the session after logout")
			}
		}},
		{"a forged cookie is ignored", func(t *testing.T) {
			forged := runCLI(t, map[string]string{envSecret: "not-the-demo-secret"}, `{"_user_id":"admin","counter":99}`, "sign")
			if forged.code != exitOK {
				t.Fatal(forged.stderr)
			}
			u := *b.base
			b.c.Jar.SetCookies(&u, []*http.Cookie{{Name: "session", Value: strings.TrimSpace(forged.stdout), Path: "/"}})
			v := b.goSession()
			if len(v.Session) != 0 || !strings.Contains(v.Error, "invalid session cookie") {
				t.Errorf("forged cookie gave session %v, error %q; want empty and an error", v.Session, v.Error)
			}
			if got := b.counter(); got != "1" {
				t.Errorf("counter with a forged cookie = %s, want a fresh 1", got)
			}
		}},
		{"clear empties the session", func(t *testing.T) {
			// The redirect after the post lands on the counter page, which
			// counts from scratch.
			b.postForm("/clear", nil)
			if v := b.goSession(); len(v.Session) != 1 || v.Session["counter"] != 1.0 {
				t.Errorf("session after clear and one page = %v, want only counter 1", v.Session)
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.check) {
			return // later steps build on earlier ones
		}
	}
}

// syncBuffer is a bytes.Buffer safe to read while the demo writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoCommand runs the demo command itself: it prints its URL, warns
// about a random secret without printing it, answers there, and stops when
// its context ends.
func TestDemoCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, []string{"demo", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	}()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		base = urlRE.FindString(stdout.String())
	}
	if base == "" {
		cancel()
		t.Fatalf("no URL printed; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	if got := newBrowser(t, base).counter(); got != "1" {
		t.Errorf("counter on the printed URL = %s, want 1", got)
	}
	if !strings.Contains(stderr.String(), "warning: no --secret or FLASK_SECRET_KEY") {
		t.Errorf("stderr = %q, want the random-secret warning", stderr.String())
	}
	if regexp.MustCompile(`[0-9a-f]{64}`).MatchString(stdout.String() + stderr.String()) {
		t.Error("the random secret was printed")
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("demo exited %d after its context ended, want 0; stderr %q", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("demo did not stop when its context ended")
	}
}

func TestDemoStartFailures(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"address in use or invalid", nil, []string{"demo", "--secret", "k", "--addr", "127.0.0.1:99999"}, "listen on 127.0.0.1:99999"},
		{"no such python", map[string]string{envPython: "/nonexistent/python3"}, []string{"demo", "--secret", "k", "--addr", "127.0.0.1:0", "--flask"}, "--flask needs Python with Flask 3.1"},
		{"python without flask", map[string]string{envPython: "false"}, []string{"demo", "--secret", "k", "--addr", "127.0.0.1:0", "--flask"}, "--flask needs Flask"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFailure(t, runCLI(t, tt.env, "", tt.args...), exitFail, tt.want)
		})
	}
}

// desc is flaskapp's typed description of a Python value.
type desc struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// TestDemoWithFlask runs the --flask mode: a value set on the Flask side is
// read on the Go side and the other way round, through one cookie jar on
// one origin.
func TestDemoWithFlask(t *testing.T) {
	python := interop.Python(t)
	d := startTestDemo(t, demoConfig{Secret: "shared-demo-secret", Flask: true, Python: python})
	b := newBrowser(t, d.URL)

	// Flask -> Go: values of several Python types set by Flask.
	b.postJSON("/flask/set", map[string]desc{
		"from_flask": {"str", "h\u00e9llo"},
		"pair":       {"tuple", []desc{{"int", "1"}, {"bytes", "AAE="}}},
	})
	v := b.goSession()
	if v.Session["from_flask"] != "h\u00e9llo" {
		t.Errorf("Go side reads from_flask = %#v, want the string Flask set", v.Session["from_flask"])
	}
	if pair, _ := json.Marshal(v.Session["pair"]); string(pair) != `{" t":[1,{" b":"AAE="}]}` {
		t.Errorf("Go side reads pair as %s, want the tagged tuple (1, b'\\x00\\x01')", pair)
	}

	// Go -> Flask: log in on the Go side, Flask sees the user.
	b.postForm("/login", url.Values{"user": {"carol"}})
	var dump struct {
		Values map[string]desc `json:"values"`
	}
	if err := json.Unmarshal([]byte(b.get("/flask/dump")), &dump); err != nil {
		t.Fatal(err)
	}
	if got := dump.Values["_user_id"]; got != (desc{"str", "carol"}) {
		t.Errorf("Flask side reads _user_id = %+v, want str carol", got)
	}
	if got := dump.Values["_fresh"]; got != (desc{"bool", true}) {
		t.Errorf("Flask side reads _fresh = %+v, want bool True", got)
	}

	// The counter is shared: Flask's page and Go's page count together.
	goCount := b.counter()
	var c struct {
		Counter int `json:"counter"`
	}
	if err := json.Unmarshal([]byte(b.postForm("/flask/counter", nil)), &c); err != nil || fmt.Sprint(c.Counter-1) != goCount {
		t.Fatalf("Flask counter = %d (%v), want one more than Go's %s", c.Counter, err, goCount)
	}
	if got := b.counter(); got != fmt.Sprint(c.Counter+1) {
		t.Errorf("Go counter after Flask's %d = %s, want one more", c.Counter, got)
	}

	// A flash from Go is read by Flask. The post is not followed to the Go
	// page, which would show (and so consume) the flash itself.
	noFollow := *b.c
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.PostForm(d.URL+"flash", url.Values{"message": {"from Go"}, "category": {"warn"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /flash: status %d, want 303", resp.StatusCode)
	}
	var fl struct {
		Flashes []struct {
			Category string `json:"category"`
			Message  desc   `json:"message"`
		} `json:"flashes"`
	}
	if err := json.Unmarshal([]byte(b.get("/flask/flashes")), &fl); err != nil {
		t.Fatal(err)
	}
	if len(fl.Flashes) != 1 || fl.Flashes[0].Category != "warn" || fl.Flashes[0].Message != (desc{"str", "from Go"}) {
		t.Errorf("Flask read the flashes %+v, want one (warn, 'from Go')", fl.Flashes)
	}
	// Flask's page is served under /flask/ and links back to Go.
	if page := b.get("/flask/"); !strings.Contains(page, "Flask side") || !strings.Contains(page, "carol") {
		t.Errorf("Flask's page through the proxy lacks its title or the user: %.300s", page)
	}
}
