package flaskapp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

var (
	sharedOnce   sync.Once
	sharedServer *Server
	sharedErr    error
)

// sharedApp returns the app most tests share (starting a Python process is
// the slow part), stopped by TestMain: SecretKey "test key", Prefix
// "/flask", PeerURL "/", PermanentLifetime 100s.
func sharedApp(t *testing.T) *Server {
	t.Helper()
	py := interop.Python(t)
	sharedOnce.Do(func() {
		sharedServer, sharedErr = Start(context.Background(), py, Config{
			SecretKey: "test key", Prefix: "/flask", PeerURL: "/", PermanentLifetime: 100 * time.Second,
		})
	})
	if sharedErr != nil {
		t.Fatalf("Start: %v", sharedErr)
	}
	return sharedServer
}

func TestMain(m *testing.M) {
	interop.Main(m, func() {
		if sharedServer != nil {
			sharedServer.Close()
		}
	})
}

// startApp starts the app for one test and stops it at cleanup.
func startApp(t *testing.T, cfg Config) *Server {
	t.Helper()
	py := interop.Python(t)
	// Start's ctx would kill the process when cancelled: Close stops it.
	s, err := Start(context.Background(), py, cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if t.Failed() {
			t.Logf("flask stderr:\n%s", s.Stderr())
		}
	})
	return s
}

func getJSON(t *testing.T, c *http.Client, method, url, body string, v any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s: %s", method, url, resp.Status, data)
	}
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
	return resp
}

func TestStartServesUnderPrefixAndShareableCookie(t *testing.T) {
	s := sharedApp(t)
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/flask$`).MatchString(s.URL) {
		t.Errorf("URL = %q, want http://127.0.0.1:<port>/flask", s.URL)
	}
	if "http://"+s.Addr+"/flask" != s.URL {
		t.Errorf("Addr %q does not match URL %q", s.Addr, s.URL)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}

	var login struct{ Values Session }
	resp := getJSON(t, c, "POST", s.URL+"/login?user=bob", "", &login)
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "session" {
			cookie = ck
		}
	}
	if cookie == nil {
		t.Fatalf("login set no session cookie: %q", resp.Header.Values("Set-Cookie"))
	}
	if cookie.Path != "/" || !cookie.HttpOnly || !cookie.Expires.IsZero() {
		t.Errorf("session cookie = %q, want Path=/, HttpOnly, no Expires", resp.Header.Get("Set-Cookie"))
	}
	checks := []struct {
		key, typ, pattern string
	}{
		{"_user_id", "str", `^bob$`},
		{"_id", "str", `^[0-9a-f]{128}$`},
		{"csrf_token", "str", `^[0-9a-f]{40}$`},
	}
	for _, c := range checks {
		v, ok := login.Values[c.key]
		s, _ := v["v"].(string)
		if !ok || v["t"] != c.typ || !regexp.MustCompile(c.pattern).MatchString(s) {
			t.Errorf("after login %s = %+v, want a %s matching %s", c.key, v, c.typ, c.pattern)
		}
	}
	if v := login.Values["_fresh"]; v["t"] != "bool" || v["v"] != true {
		t.Errorf("after login _fresh = %+v, want bool true", v)
	}

	// The jar sends the cookie back; the app reads what it wrote.
	var dump struct{ Values Session }
	getJSON(t, c, "GET", s.URL+"/dump", "", &dump)
	if got := dump.Values["_user_id"]["v"]; got != "bob" {
		t.Errorf("dump _user_id = %v, want bob", got)
	}

	// Routes outside the prefix do not exist.
	out, err := http.Get("http://" + s.Addr + "/dump")
	if err != nil {
		t.Fatal(err)
	}
	out.Body.Close()
	if out.StatusCode != http.StatusNotFound {
		t.Errorf("GET /dump outside the prefix: %s, want 404", out.Status)
	}

	// The HTML page links within the prefix and to the peer.
	page, err := c.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	for _, want := range []string{`Logged in as <b>bob</b>`, `action="/flask/flash?next=/flask/"`, `<a href='/'>Go side</a>`, `id="counter">1<`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}

	// The page's flash form redirects back to the page, which shows the
	// message escaped and counts the visit.
	page, err = c.PostForm(s.URL+"/flash?next=/flask/", url.Values{"message": {"hi <b>"}, "category": {"info"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(page.Body)
	page.Body.Close()
	if page.Request.URL.Path != "/flask/" {
		t.Errorf("flash form ended at %s, want /flask/", page.Request.URL.Path)
	}
	for _, want := range []string{`<b>info</b>: hi &lt;b&gt;`, `id="counter">2<`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("page after flashing lacks %q:\n%s", want, body)
		}
	}
}

func TestForgeSignsInThePast(t *testing.T) {
	s := sharedApp(t) // PermanentLifetime 100s
	var forged struct {
		Cookie   string
		SignedAt int64 `json:"signed_at"`
	}
	getJSON(t, http.DefaultClient, "POST", s.URL+"/forge",
		`{"age": 50, "values": {"a": {"t": "int", "v": "1"}}}`, &forged)
	if d := time.Now().Unix() - 50 - forged.SignedAt; d < -1 || d > 1 {
		t.Errorf("signed_at = %d, want about now-50 (%d)", forged.SignedAt, time.Now().Unix()-50)
	}
	cases := []struct {
		name string
		age  int
		want bool
	}{
		{"inside the lifetime is accepted", 50, true},
		{"older than the lifetime is rejected", 101, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			getJSON(t, http.DefaultClient, "POST", s.URL+"/forge",
				`{"age": `+jsonInt(tc.age)+`, "values": {"a": {"t": "int", "v": "1"}}}`, &forged)
			req, _ := http.NewRequest("GET", s.URL+"/dump", nil)
			req.AddCookie(&http.Cookie{Name: "session", Value: forged.Cookie})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var dump struct{ Values Session }
			json.NewDecoder(resp.Body).Decode(&dump)
			resp.Body.Close()
			_, got := dump.Values["a"]
			if got != tc.want {
				t.Errorf("cookie signed %ds ago loaded = %v, want %v (values %v)", tc.age, got, tc.want, dump.Values)
			}
		})
	}
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestCloseStopsProcessAndRemovesDir(t *testing.T) {
	t.Parallel()
	py := interop.Python(t)
	s, err := Start(context.Background(), py, Config{SecretKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	dir := s.dir
	if _, err := os.Stat(filepath.Join(dir, "app.py")); err != nil {
		t.Fatalf("app.py not written: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temp dir still there after Close: %v", err)
	}
	c := &http.Client{Timeout: 2 * time.Second}
	if resp, err := c.Get(s.URL + "/health"); err == nil {
		resp.Body.Close()
		t.Errorf("app still answers after Close: %s", resp.Status)
	}
}

// TestStartErrors needs no Python: each case fails before or instead of it.
func TestStartErrors(t *testing.T) {
	py := "python-not-run"
	cases := []struct {
		name   string
		python string
		cfg    Config
		is     error
		substr string
	}{
		{"prefix without leading slash", py, Config{Prefix: "flask"}, nil, "must start with /"},
		{"prefix with trailing slash", py, Config{Prefix: "/flask/"}, nil, "must start with /"},
		{"missing interpreter", filepath.Join(t.TempDir(), "no-such-python"), Config{}, nil, "start"},
		{"interpreter exits before listening", failingInterpreter(t), Config{}, ErrExited, "no flask here"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Start(context.Background(), tc.python, tc.cfg)
			if err == nil {
				s.Close()
				t.Fatal("Start succeeded, want an error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("error %q does not mention %q", err, tc.substr)
			}
		})
	}
}

// failingInterpreter returns a script that prints to stderr and exits 3,
// standing in for a Python without Flask.
func failingInterpreter(t *testing.T) string {
	if runtime.GOOS == "windows" {
		t.Skip("needs a #! script")
	}
	path := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho no flask here >&2\nexit 3\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCancelledContextKillsProcess(t *testing.T) {
	t.Parallel()
	py := interop.Python(t)
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, py, Config{SecretKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cancel()
	select {
	case <-s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("process still running 10s after its context was cancelled")
	}
}

func TestEnvPrefixOverridesConfig(t *testing.T) {
	t.Parallel()
	s := startApp(t, Config{
		SecretKey: "k",
		EnvPrefix: "FLASKAPPTEST",
		Env: []string{
			"FLASKAPPTEST_SESSION_COOKIE_NAME=sid",
			"FLASKAPPTEST_SESSION_COOKIE_SAMESITE=lax",
			"FLASKAPPTEST_SESSION_COOKIE_HTTPONLY=false",
			"FLASKAPPTEST_PERMANENT_SESSION_LIFETIME=600",
		},
	})
	resp := getJSON(t, http.DefaultClient, "POST", s.URL+"/permanent", "", nil)
	line := resp.Header.Get("Set-Cookie")
	c, err := http.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("Set-Cookie %q: %v", line, err)
	}
	if c.Name != "sid" || c.SameSite != http.SameSiteLaxMode || c.HttpOnly {
		t.Errorf("Set-Cookie = %q, want name sid, SameSite=Lax, no HttpOnly", line)
	}
	if d := time.Until(c.Expires); d < 590*time.Second || d > 610*time.Second {
		t.Errorf("Expires in %v, want about 600s: %q", d, line)
	}
}

func TestAppExitsWhenItsStdinCloses(t *testing.T) {
	t.Parallel()
	py := interop.Python(t)
	s, err := Start(context.Background(), py, Config{SecretKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// What the kernel does when the Go process dies without Close.
	s.stdin.Close()
	select {
	case <-s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("app still running 10s after its stdin closed")
	}
}

func TestBadRequestsAndRedirects(t *testing.T) {
	s := sharedApp(t)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cases := []struct {
		name, method, path, body string
		status                   int
		location                 string
	}{
		{"tuple description holding a string", "POST", "/set", `{"a":{"t":"tuple","items":"x"}}`, 400, ""},
		{"dict description holding an object", "POST", "/set", `{"a":{"t":"dict","items":{}}}`, 400, ""},
		{"unknown Python type", "POST", "/set", `{"a":{"t":"frozenset","items":[]}}`, 400, ""},
		{"bad int", "POST", "/set", `{"a":{"t":"int","v":"x"}}`, 400, ""},
		{"not a description", "POST", "/set", `{"a":1}`, 400, ""},
		{"body not an object", "POST", "/set", `[1]`, 400, ""},
		{"no JSON body", "POST", "/set", ``, 400, ""},
		{"next on this origin redirects", "POST", "/login?next=/flask/", ``, 302, "/flask/"},
		{"next to another host is ignored", "POST", "/login?next=//evil.example/", ``, 200, ""},
		{"next with a backslash is ignored", "POST", `/login?next=/%5Cevil.example/`, ``, 200, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := noFollow.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
				t.Errorf("%s %s: %s, Location %q; want %d, %q", tc.method, tc.path, resp.Status, resp.Header.Get("Location"), tc.status, tc.location)
			}
		})
	}
}
