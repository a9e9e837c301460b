package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
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

// postForm posts form as a browser would from the page: a form of the Go
// half carries the CSRF token its pages render (fetched from /login, which
// changes nothing in the session), unless form has one.
func (b *browser) postForm(path string, form url.Values) string {
	b.t.Helper()
	if !strings.HasPrefix(path, "/flask/") && path != "/inspect" && form.Get("csrf_token") == "" {
		m := csrfRE.FindStringSubmatch(b.get("/login"))
		if m == nil {
			b.t.Fatal("no CSRF token on the Go login page")
		}
		form = maps.Clone(form)
		if form == nil {
			form = url.Values{}
		}
		form.Set("csrf_token", m[1])
	}
	code, body := b.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if code != http.StatusOK {
		b.t.Fatalf("POST %s: status %d: %s", path, code, body)
	}
	return body
}

// sessionCookie returns the value of the session cookie in the jar.
func (b *browser) sessionCookie() string { return b.cookie("session") }

// cookie returns the value of the cookie name in the jar, "" without one.
func (b *browser) cookie(name string) string {
	for _, c := range b.c.Jar.Cookies(b.base) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// goView is /session.json: the session as the Go side reads it.
type goView struct {
	Session   map[string]any `json:"session"`
	Cookie    string         `json:"cookie"`
	SetCookie string         `json:"set_cookie"`
	SignedAt  string         `json:"signed_at"`
	Verdict   string         `json:"verdict"`
	Error     string         `json:"error"`
}

func (b *browser) goSession() goView {
	b.t.Helper()
	var v goView
	if err := json.Unmarshal([]byte(b.get("/session.json")), &v); err != nil {
		b.t.Fatalf("/session.json: %v", err)
	}
	return v
}

var counterRE = regexp.MustCompile(`<strong id="counter">(\d+)</strong>`)

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
			if !strings.Contains(page, "Saved &lt;ok&gt;") || !strings.Contains(page, `<li class="info">`) {
				t.Fatalf("page after flashing lacks the escaped message: %s", page)
			}
			if strings.Contains(b.get("/"), "Saved") {
				t.Error("the flash shows again on the next page")
			}
		}},
		{"login is stored as Flask-Login keys", func(t *testing.T) {
			page := b.postForm("/login", url.Values{"user": {"bob"}})
			if !strings.Contains(page, `<strong id="user">bob</strong>`) {
				t.Fatalf("page after login does not name bob: %s", page)
			}
			v := b.goSession()
			if v.Session["_user_id"] != "bob" || v.Session["_fresh"] != true {
				t.Errorf("session = %v, want _user_id bob and _fresh true", v.Session)
			}
			if want := "session=" + b.sessionCookie() + "; HttpOnly; Path=/"; v.SetCookie != want {
				t.Errorf("Set-Cookie shown = %q, want the header the browser got, %q", v.SetCookie, want)
			}
			if _, err := time.Parse(time.RFC3339, v.SignedAt); err != nil {
				t.Errorf("signed_at %q is not RFC 3339: %v", v.SignedAt, err)
			}
		}},
		{"the session page decodes the cookie", func(t *testing.T) {
			page := b.get("/session")
			for _, want := range []string{"_user_id", "&#39;bob&#39;", "<code>HttpOnly</code>", b.sessionCookie(), "the current secret key", "Valid", "31 days"} {
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
			if !strings.Contains(b.postForm("/permanent", nil), `<strong id="permanent">permanent</strong>`) {
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
			if len(v.Session) != 0 || v.Verdict != "bad" || !strings.Contains(v.Error, "invalid session cookie") {
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
			// The page also writes what Flask-Login and Flask-WTF write on a
			// fresh session: _fresh false (no identifier yet) and a CSRF
			// token for its forms.
			v := b.goSession()
			if v.Session["counter"] != 1.0 || v.Session["_fresh"] != false || len(v.Session) != 3 {
				t.Errorf("session after clear and one page = %v, want counter 1, _fresh false and csrf_token", v.Session)
			}
			if _, ok := v.Session["csrf_token"].(string); !ok {
				t.Errorf("no CSRF token in %v", v.Session)
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
	if !strings.Contains(stderr.String(), "no --secret or FLASKSESSION_DEMO_SECRET, using a random key") {
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
		{"no such python", map[string]string{envPython: "/nonexistent/python3"}, []string{"demo", "--secret", "k", "--addr", "127.0.0.1:0", "--flask"}, `--flask needs Python with Flask 2.2 or newer: "/nonexistent/python3" is not an executable file`},
		{"not a python", map[string]string{envPython: "false"}, []string{"demo", "--secret", "k", "--addr", "127.0.0.1:0", "--flask"}, "false does not run: exit status 1;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFailure(t, runCLI(t, tt.env, "", tt.args...), exitFail, tt.want)
		})
	}
}

// TestDemoLogCannotBeForged gives the demo's error hook a request whose
// path holds a newline, as "%0A" in a URL does: the log keeps one line per
// record, so a client cannot write lines of its own.
func TestDemoLogCannotBeForged(t *testing.T) {
	var log syncBuffer
	d := startTestDemo(t, demoConfig{Secret: "k", Log: &log})
	r := httptest.NewRequest(http.MethodGet, "/x%0Aforged=1%0D%0Aforged=2", nil)
	d.manager.ErrorHandler(r, flasksession.ErrInvalidCookie)
	d.manager.ErrorHandler(nil, flasksession.ErrInvalidCookie)
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines for 2 records: %q", len(lines), log.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "time=") || strings.HasPrefix(l, "forged") {
			t.Errorf("log line %q does not start as a record", l)
		}
	}
	if !strings.Contains(lines[0], `path="/x\nforged=1\r\nforged=2"`) {
		t.Errorf("log line %q does not quote the path", lines[0])
	}
}

// TestDemoSecretSource checks where the demo's key comes from: --secret,
// then FLASKSESSION_DEMO_SECRET, else a random key; never FLASK_SECRET_KEY,
// which deployments hold their production key in.
func TestDemoSecretSource(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		verifyKey string // a key the demo's cookie must verify with, "" for none
		notKey    string // a key it must not verify with
		stderr    string
	}{
		{"--secret", map[string]string{envDemoSecret: "from-env"}, []string{"--secret", "from-flag"}, "from-flag", "from-env", ""},
		{"the demo's variable", map[string]string{envDemoSecret: "from-env", envSecret: "production"}, nil, "from-env", "production", ""},
		{"never FLASK_SECRET_KEY", map[string]string{envSecret: "production"}, nil, "", "production", "FLASK_SECRET_KEY is set but not used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var stdout, stderr syncBuffer
			done := make(chan int, 1)
			args := append([]string{"demo", "--addr", "127.0.0.1:0"}, tt.args...)
			go func() {
				done <- runContext(ctx, args, strings.NewReader(""), &stdout, &stderr, func(k string) string { return tt.env[k] })
			}()
			defer func() { cancel(); <-done }()
			base := waitForURL(t, &stdout, &stderr)
			b := newBrowser(t, base)
			b.counter()
			cookie := b.sessionCookie()
			if tt.verifyKey != "" {
				if r := runCLI(t, map[string]string{envSecret: tt.verifyKey}, "", "verify", cookie); r.code != exitOK {
					t.Errorf("the demo's cookie does not verify with %q: %s", tt.verifyKey, r.stderr)
				}
			}
			if r := runCLI(t, map[string]string{envSecret: tt.notKey}, "", "verify", cookie); r.code == exitOK {
				t.Errorf("the demo signed with %q", tt.notKey)
			}
			if tt.stderr != "" && !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.stderr)
			}
			if strings.Contains(stdout.String()+stderr.String(), "production") {
				t.Error("a key was printed")
			}
		})
	}
}

// waitForURL waits for the demo command to print its URL.
func waitForURL(t *testing.T, stdout, stderr *syncBuffer) string {
	t.Helper()
	urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if u := urlRE.FindString(stdout.String()); u != "" {
			return u
		}
		if strings.Contains(stderr.String(), "flasksession demo: error") {
			break
		}
	}
	t.Fatalf("no URL printed; stdout %q stderr %q", stdout.String(), stderr.String())
	return ""
}
