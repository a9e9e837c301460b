package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDemoFlaskChildOnlyThroughProxy asks the Flask half's own loopback
// port directly, as a local process or a DNS-rebound page would: without
// the Go side's Host check it would log anyone in and sign the session.
func TestDemoFlaskChildOnlyThroughProxy(t *testing.T) {
	py := demoPython(t, false)
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path})
	for _, tc := range []struct {
		name, method, path, host, proxyHeader string
	}{
		{"rebound name", "GET", "/flask/", "rebind.attacker.example", ""},
		{"loopback name", "GET", "/flask/login", d.flask.Addr, ""},
		{"login post", "POST", "/flask/login", d.flask.Addr, ""},
		{"guessed token", "GET", "/flask/", d.flask.Addr, "guess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, "http://"+d.flask.Addr+tc.path, strings.NewReader(url.Values{"user": {"admin"}}.Encode()))
			req.Host = tc.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.proxyHeader != "" {
				req.Header.Set(demoProxyHeader, tc.proxyHeader)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden || len(resp.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("direct %s %s: status %d, Set-Cookie %q; want 403 and no cookie", tc.method, tc.path, resp.StatusCode, resp.Header.Values("Set-Cookie"))
			}
		})
	}
	// A client's own copy of the header is replaced by the proxy's.
	req, _ := http.NewRequest("GET", d.URL+"flask/", nil)
	req.Header.Set(demoProxyHeader, "guess")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("through the demo: status %d, want 200", resp.StatusCode)
	}
}

// TestDemoResponseHeaders checks that pages showing session contents are
// not cached and that no page can be framed by another site.
func TestDemoResponseHeaders(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "k"})
	want := map[string]string{
		"Cache-Control":           "no-store",
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Frame-Options":         "DENY",
		"X-Content-Type-Options":  "nosniff",
	}
	for _, path := range []string{"", "session", "session.json", "inspect", "login", "private"} {
		resp, err := http.Get(d.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k, v := range want {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("/%s: %s is %q, want %q", path, k, got, v)
			}
		}
	}
}

// TestDemoRefusesCrossOriginPosts posts to the demo's forms as a page on
// another site would: the plain-Flask fallback has no CSRF token, so
// without an origin check any site could log the visitor in as a user of
// its choosing.
func TestDemoRefusesCrossOriginPosts(t *testing.T) {
	py := demoPython(t, false)
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path})
	for _, tc := range []struct {
		name, path    string
		header, value string
		wantForbidden bool
	}{
		{"flask login, cross-site fetch metadata", "flask/login", "Sec-Fetch-Site", "cross-site", true},
		{"flask login, same-site other port", "flask/login", "Sec-Fetch-Site", "same-site", true},
		{"flask login, foreign Origin", "flask/login", "Origin", "http://evil.example", true},
		{"flask flash, foreign Origin", "flask/flash", "Origin", "null", true},
		{"go flash, cross-site", "flash", "Sec-Fetch-Site", "cross-site", true},
		{"inspect, cross-site", "inspect", "Sec-Fetch-Site", "cross-site", true},
		{"flask login, same origin", "flask/login", "Origin", strings.TrimSuffix(d.URL, "/"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", d.URL+tc.path, strings.NewReader(url.Values{"user": {"admin"}, "message": {"hi"}, "cookie": {"x"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(tc.header, tc.value)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			forbidden := resp.StatusCode == http.StatusForbidden && len(resp.Header.Values("Set-Cookie")) == 0
			if forbidden != tc.wantForbidden {
				t.Errorf("status %d, Set-Cookie %q; want forbidden=%v", resp.StatusCode, resp.Header.Values("Set-Cookie"), tc.wantForbidden)
			}
		})
	}
}

// TestDemoInspectBoundsTheForm posts oversized forms to /inspect: the
// page echoes the paste twice and tries every fallback key, so a large body
// or a long key list would cost memory and CPU per request.
func TestDemoInspectBoundsTheForm(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "k"})
	post := func(form url.Values) (int, string) {
		resp, err := http.PostForm(d.URL+"inspect", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	if code, body := post(url.Values{"cookie": {strings.Repeat("a.", 1<<19)}}); code != http.StatusRequestEntityTooLarge || len(body) > 4<<10 {
		t.Errorf("1 MiB paste: status %d, %d bytes back; want 413 and a short answer", code, len(body))
	}
	code, body := post(url.Values{"cookie": {"a.b.c"}, "key": {"k"}, "fallbacks": {strings.Repeat("x\n", 1000)}})
	if code != http.StatusOK || !strings.Contains(body, "at most 16 are tried") || strings.Contains(body, `id="verdict" role="status"><strong>Wrong key`) {
		t.Errorf("1000 fallback keys: status %d; want the page saying at most 16 are tried, and no check made: %.300s", code, body)
	}
	if code, body := post(url.Values{"cookie": {"a.b.c"}, "key": {"k"}, "fallbacks": {strings.Repeat("x\n", 16)}}); code != http.StatusOK || !strings.Contains(body, "Wrong key or tampered") {
		t.Errorf("16 fallback keys: status %d; want them tried: %.300s", code, body)
	}
}

// TestDemoSaysWhenTheKeyIsExposed runs the demo command the ways that
// expose its key beyond the person running it: on the command line, where
// every local user reads it in the process list, and on a non-loopback
// address, where anyone who reaches it logs in as anyone.
func TestDemoSaysWhenTheKeyIsExposed(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{"key in the environment, loopback", []string{"--addr", "127.0.0.1:0"}, nil, []string{"process list", "not a loopback"}},
		{"key on the command line", []string{"--addr", "127.0.0.1:0", "--secret", "k"}, []string{"--secret is visible to every local user"}, []string{"not a loopback"}},
		{"every address", []string{"--addr", "0.0.0.0:0"}, []string{"not a loopback address: anyone who can reach it"}, nil},
		{"localhost", []string{"--addr", "localhost:0"}, nil, []string{"not a loopback"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			var stdout, stderr syncBuffer
			done := make(chan int, 1)
			env := map[string]string{envDemoSecret: "from-env"}
			go func() {
				done <- runContext(ctx, append([]string{"demo"}, tt.args...), strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
			}()
			for deadline := time.Now().Add(60 * time.Second); !strings.Contains(stdout.String(), "serving") && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
			<-done
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr %q lacks %q", stderr.String(), w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(stderr.String(), n) {
					t.Errorf("stderr %q has %q", stderr.String(), n)
				}
			}
		})
	}
}

// TestDemoNextStaysOnThisOrigin logs in with next values a browser would
// take for another host once it drops their tabs and newlines, on both
// halves: each must land on a path of this origin, never fail.
func TestDemoNextStaysOnThisOrigin(t *testing.T) {
	py := demoPython(t, false)
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path})
	b := newBrowser(t, d.URL)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, next := range []string{"//evil.example", `/\evil.example`, "/\t/evil.example", "/\r\\evil.example", "/\n/evil.example", "/\t\\evil.example", "https:evil.example"} {
		for _, path := range []string{"/login", "/flask/login"} {
			form := url.Values{"user": {"bob"}, "next": {next}}
			if m := csrfRE.FindStringSubmatch(b.get(path)); m != nil {
				form.Set("csrf_token", m[1])
			}
			req, _ := http.NewRequest("POST", d.URL+strings.TrimPrefix(path, "/"), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			if resp.StatusCode/100 != 3 || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\r\n") {
				t.Errorf("%s with next=%q: status %d, Location %q; want a redirect to a path here", path, next, resp.StatusCode, loc)
			}
		}
	}
}

// TestSetCookieLogKeepsOnlyCookieSizedLines feeds the log headers no
// browser would keep: remembering them would hold megabytes per request.
func TestSetCookieLogKeepsOnlyCookieSizedLines(t *testing.T) {
	l := newSetCookieLog(4)
	big := strings.Repeat("x", 1<<20)
	small := strings.Repeat("y", 4000)
	l.add([]string{"session=" + big + "; Path=/", "session=" + small + "; Path=/"})
	if _, seen := l.lookup("session", big); seen {
		t.Error("a 1 MiB Set-Cookie header was kept")
	}
	if line, seen := l.lookup("session", small); !seen || line != "session="+small+"; Path=/" {
		t.Errorf("a 4000-byte cookie was not kept: %v", seen)
	}
}

// TestDemoSecondOnTheSamePort starts the demo command on a port that is
// taken: it must stop at once and say why, before starting anything.
func TestDemoSecondOnTheSamePort(t *testing.T) {
	first := startTestDemo(t, demoConfig{Secret: "k"})
	addr := strings.TrimSuffix(strings.TrimPrefix(first.URL, "http://"), "/")
	checkFailure(t, runCLI(t, map[string]string{envDemoSecret: "k"}, "", "demo", "--addr", addr), exitFail, "listen on "+addr+": the port is in use (is another demo still running?)")
}
