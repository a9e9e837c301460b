package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// syncBuffer is a bytes.Buffer safe to read while a process writes it.
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

// demo is a running `flasksession demo` process.
type demo struct {
	URL        string
	Flask      bool // the Flask half runs
	Extensions bool // ... with Flask-Login and Flask-WTF
	stderr     *syncBuffer
}

// buildDemo builds the demo command from this checkout.
func buildDemo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "flasksession")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/flasksession")
	cmd.Dir = ".." // the root module, which this one replaces
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startDemo runs the demo on 127.0.0.1 and a free port, with its Flask half
// when flask is set. The demo chooses the interpreter itself (the one with
// Flask-Login and Flask-WTF when there is one).
func startDemo(t *testing.T, bin string, flask bool) (*demo, error) {
	t.Helper()
	args := []string{"demo", "--addr", "127.0.0.1:0"}
	if flask {
		args = append(args, "--flask")
	}
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FLASKSESSION_PYTHON=") && !strings.HasPrefix(kv, "FLASK_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, fmt.Sprintf("FLASKSESSION_DEMO_SECRET=e2e-%d", time.Now().UnixNano()))
	d := &demo{stderr: &syncBuffer{}}
	cmd.Stderr = d.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			cmd.Wait()
			return nil, fmt.Errorf("demo exited: %s", d.stderr.String())
		}
		m := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("unexpected first line %q", line)
		}
		d.URL = m[1]
		d.Flask = strings.Contains(line, "(Flask ")
		d.Extensions = strings.Contains(line, "with Flask-Login and Flask-WTF")
		return d, nil
	case <-time.After(90 * time.Second):
		return nil, fmt.Errorf("demo did not start: %s", d.stderr.String())
	}
}

// checkCookie compares a cookie in the browser's store with the Set-Cookie
// header line the demo's page says was sent.
func checkCookie(t *testing.T, what string, c *network.Cookie, line, host string) {
	t.Helper()
	if c == nil {
		t.Errorf("%s: not in the browser's store (page says %q)", what, line)
		return
	}
	parts := strings.Split(line, ";")
	name, value, _ := strings.Cut(strings.TrimSpace(parts[0]), "=")
	attrs := map[string]string{}
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		attrs[strings.ToLower(k)] = v
	}
	_, httpOnly := attrs["httponly"]
	_, secure := attrs["secure"]
	_, partitioned := attrs["partitioned"]
	path := attrs["path"]
	if path == "" {
		path = "/"
	}
	domain := host
	if d, ok := attrs["domain"]; ok {
		domain = "." + strings.TrimPrefix(d, ".")
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"name", c.Name, name},
		{"value", c.Value, value},
		{"domain", c.Domain, domain},
		{"path", c.Path, path},
		{"HttpOnly", c.HTTPOnly, httpOnly},
		{"Secure", c.Secure, secure},
		{"SameSite", string(c.SameSite), attrs["samesite"]},
		{"Partitioned", c.PartitionKey != nil, partitioned},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: browser has %s %v, the page's Set-Cookie says %v (%q)", what, ch.field, ch.got, ch.want, line)
		}
	}
	exp, hasExp := attrs["expires"]
	if !hasExp {
		if !c.Session {
			t.Errorf("%s: browser keeps it until %v, the page's Set-Cookie has no Expires", what, time.Unix(int64(c.Expires), 0))
		}
		return
	}
	when, err := http.ParseTime(exp)
	if err != nil {
		t.Errorf("%s: Expires %q: %v", what, exp, err)
		return
	}
	if c.Session || c.Expires < float64(when.Unix()-2) || c.Expires > float64(when.Unix()+2) {
		t.Errorf("%s: browser expiry %v (session %v), Set-Cookie says %v", what, time.Unix(int64(c.Expires), 0).UTC(), c.Session, when)
	}
}

// TestDemoInBrowser goes through the demo's flows in Chromium.
func TestDemoInBrowser(t *testing.T) {
	chromiumPath(t)
	shots := shotsDir(t)
	bin := buildDemo(t)
	d, err := startDemo(t, bin, true)
	if err != nil {
		if os.Getenv("FLASKSESSION_INTEROP") == "require" {
			t.Fatalf("demo --flask: %v", err)
		}
		t.Logf("demo --flask did not start (%v); running the Go half alone", err)
		if d, err = startDemo(t, bin, false); err != nil {
			t.Fatal(err)
		}
	}
	host := "127.0.0.1"
	p := newBrowser(t, shots, nil)
	base := d.URL

	// sessionMatches opens /session and checks the browser's session
	// cookie (and remember cookie) against what the page says was sent.
	sessionMatches := func(what string) string {
		t.Helper()
		p.open(base+"session", "#verdict")
		line := p.text("#set-cookie")
		store := p.cookies()
		checkCookie(t, what+": session", store["session"], line, host)
		if p.has("#remember-set-cookie") {
			checkCookie(t, what+": remember_token", store["remember_token"], p.text("#remember-set-cookie"), host)
		} else if store["remember_token"] != nil {
			t.Errorf("%s: the browser holds remember_token but /session does not show it", what)
		}
		return line
	}

	t.Run("home and session", func(t *testing.T) {
		p.open(base, "#counter")
		if got := p.text("#rendered-by"); got != "Rendered by Go" {
			t.Errorf("header says %q", got)
		}
		p.shot("01-go-home")
		sessionMatches("first visit")
		if v := p.text("#verdict"); !strings.HasPrefix(v, "Valid") {
			t.Errorf("verdict %q, want Valid", v)
		}
		if got := p.text("#expires-in"); !strings.HasPrefix(got, "in 30 days 23 h") && got != "in 31 days" {
			t.Errorf("accepted %q, want about 31 days", got)
		}
		p.shot("02-session")
		p.darkShot("02-session")
		if p.eval(`fetch("/favicon.ico").then(r => r.ok && r.headers.get("content-type").startsWith("image/svg"))`) != true {
			t.Error("no favicon")
		}
	})

	t.Run("login on Go", func(t *testing.T) {
		p.open(base, "#login-user")
		p.do(chromedp.SetValue(chromedp.CSS("#login-user"), "alice"))
		p.submit("#login", "#user")
		if got := p.text("#user"); got != "alice" {
			t.Errorf("logged in as %q", got)
		}
		if !strings.Contains(p.text("#flashes"), "Logged in as alice on the Go side.") {
			t.Error("no login flash")
		}
		p.shot("03-go-logged-in")
		sessionMatches("after Go login")
	})

	if d.Flask {
		t.Run("Flask knows the Go login, Flask logout ends it", func(t *testing.T) {
			p.open(base+"flask/", "#user")
			if got := p.text("#user"); got != "alice" {
				t.Errorf("Flask page: user %q", got)
			}
			if !strings.HasPrefix(p.text("#rendered-by"), "Rendered by Flask") {
				t.Error("Flask page header does not say Flask")
			}
			p.shot("04-flask-home")
			p.darkShot("04-flask-home")
			p.submit(`form[action="/flask/logout"] button`, "#login-user")
			p.open(base, "#counter")
			if p.has("#user") {
				t.Error("the Go side still shows a user after the Flask logout")
			}
			sessionMatches("after Flask logout")
		})
	}

	t.Run("login required, and back", func(t *testing.T) {
		p.open(base+"private", "#next")
		if got := p.text("#next"); got != "/private" {
			t.Errorf("login page next %q, want /private", got)
		}
		if !strings.Contains(p.text("#flashes"), "Please log in to access this page.") {
			t.Error("no login-required flash")
		}
		p.shot("05-login-required")
		enabled := p.eval(`!document.querySelector("#login-remember").disabled`) == true
		if enabled != d.Extensions {
			t.Errorf("remember me enabled %v, want %v", enabled, d.Extensions)
		}
		if enabled {
			p.do(chromedp.Click(chromedp.CSS("#login-remember")))
		}
		p.do(chromedp.SetValue(chromedp.CSS("#login-user"), "bob"))
		p.submit(`main form button`, "#user")
		if loc := p.location(); !strings.HasSuffix(loc, "/private") {
			t.Errorf("after login at %s, want /private", loc)
		}
		if got := p.text("#user"); got != "bob" {
			t.Errorf("private page user %q", got)
		}
		p.shot("06-private")
		sessionMatches("after login with remember")
		if d.Extensions {
			if p.cookies()["remember_token"] == nil {
				t.Error("no remember_token after a login with remember me")
			}
			p.shot("07-session-with-remember")
			p.readmeShot("demo-session")
		}
	})

	if d.Flask {
		t.Run("flashes cross over", func(t *testing.T) {
			p.open(base+"flask/", "#flash-message")
			p.do(chromedp.SetValue(chromedp.CSS("#flash-message"), "Hello from Flask"))
			p.submit(`form[action="/flask/flash"] button`, "#flashes")
			if !strings.Contains(p.text("#flashes"), "Hello from Flask") || p.text("#rendered-by") != "Rendered by Go" {
				t.Errorf("Go page after a Flask flash: %q", p.text("#flashes"))
			}
			p.shot("08-flash-from-flask")
			p.open(base+"flask/", "#counter")
			p.readmeShot("demo-flask")
			if d.Extensions {
				p.open(base+"flask/", "#flask-to-go")
				p.submit("#flask-to-go", "#flashes")
				if !strings.Contains(p.text("#flashes"), "Posted by a Flask form to Go") {
					t.Errorf("a Flask form posted to Go: flashes %q", p.text("#flashes"))
				}
			}
		})
	}

	p.open(base, "#counter")
	if d.Extensions && p.has("#go-to-flask") {
		t.Run("a Go form posts to Flask", func(t *testing.T) {
			p.submit("#go-to-flask", "#flashes")
			if !strings.Contains(p.text("#flashes"), "Posted by a Go form to Flask") {
				t.Errorf("flashes %q after a Go form posted to Flask", p.text("#flashes"))
			}
		})
		t.Run("remember me on Go, restored on both halves", func(t *testing.T) {
			p.open(base+"flask/", "#user")
			p.submit(`form[action="/flask/logout"] button`, "#login-user")
			p.open(base, "#login-remember")
			p.do(chromedp.Click(chromedp.CSS("#login-remember")), chromedp.SetValue(chromedp.CSS("#login-user"), "carol"))
			p.submit("#login", "#user")
			if p.cookies()["remember_token"] == nil {
				t.Fatal("no remember_token after a Go login with remember me")
			}
			sessionMatches("after Go login with remember")
			for _, where := range []string{"flask/", ""} {
				if _, err := chromedp.Call(p.ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: "session", Domain: host, Path: "/"}); err != nil {
					t.Fatal(err)
				}
				p.open(base+where, "#counter")
				if !p.has("#user") || p.text("#user") != "carol" {
					t.Errorf("%q did not restore carol from the remember cookie", "/"+where)
				}
				if where == "" && p.text("#login-how") != "restored from the remember cookie on this request, so not fresh" {
					t.Errorf("the Go page says the login is %q", p.text("#login-how"))
				}
			}
			p.shot("10-restored-from-remember")
			p.submit("#logout", "#login-user")
			if p.cookies()["remember_token"] != nil {
				t.Error("the Go logout left remember_token in the browser")
			}
			p.open(base+"flask/", "#login-user")
		})
	}

	t.Run("permanent session", func(t *testing.T) {
		p.open(base, "#toggle-permanent")
		p.submit("#toggle-permanent", "#permanent")
		if got := p.text("#permanent"); got != "permanent" {
			t.Errorf("session is %q after the toggle", got)
		}
		sessionMatches("permanent")
		c := p.cookies()["session"]
		if c == nil || c.Session || time.Until(time.Unix(int64(c.Expires), 0)) < 30*24*time.Hour {
			t.Errorf("permanent cookie in the browser: %+v, want one expiring in 31 days", c)
		}
		if !strings.Contains(p.text("#browser-keeps"), "a permanent session") {
			t.Errorf("page says the browser keeps it %q", p.text("#browser-keeps"))
		}
		p.shot("09-session-permanent")
		p.open(base, "#toggle-permanent")
		p.submit("#toggle-permanent", "#permanent")
	})

	t.Run("logout clears both", func(t *testing.T) {
		if d.Flask {
			// Log in on Flask (remember me, when Flask-Login is there),
			// then out again on Flask.
			p.open(base+"flask/", "#counter")
			if !p.has("#user") {
				if d.Extensions {
					p.do(chromedp.Click(chromedp.CSS("#login-remember")))
				}
				p.do(chromedp.SetValue(chromedp.CSS("#login-user"), "dora"))
				p.submit(`form[action="/flask/login"] button`, "#user")
			}
			if d.Extensions && p.cookies()["remember_token"] == nil {
				t.Error("no remember_token after a Flask login with remember me")
			}
			p.submit(`form[action="/flask/logout"] button`, "#login-user")
		} else {
			p.open(base, "#logout")
			p.submit("#logout", "#login-user")
		}
		if p.cookies()["remember_token"] != nil {
			t.Error("remember_token still in the browser after logout")
		}
		p.open(base, "#counter")
		if p.has("#user") {
			t.Error("still logged in on the Go side")
		}
		sessionMatches("after logout")
	})

	t.Run("inspect a pasted cookie", func(t *testing.T) {
		value := p.cookies()["session"].Value
		p.open(base+"inspect", "#cookie")
		p.shot("11-inspect-empty")
		// By keyboard only: type into the first field, Tab to the button
		// past the two key fields, and press Enter.
		p.do(chromedp.Focus(chromedp.CSS("#cookie")), chromedp.KeyEvent("Cookie: other=1; session="+value))
		if _, err := chromedp.RunResponse(p.ctx, chromedp.KeyEvent("\t\t\t\r")); err != nil {
			t.Fatalf("submitting by keyboard: %v", err)
		}
		p.do(chromedp.WaitVisible(chromedp.CSS("#verdict")))
		if v := p.text("#verdict"); !strings.HasPrefix(v, "Valid") {
			t.Errorf("verdict %q for the browser's own cookie", v)
		}
		p.shot("12-inspect-valid")
		p.do(chromedp.SetValue(chromedp.CSS("#cookie"), value), chromedp.SetValue(chromedp.CSS("#key"), "not-the-key"))
		p.submit("#check", "#verdict")
		if v := p.text("#verdict"); !strings.HasPrefix(v, "Wrong key or tampered") {
			t.Errorf("verdict %q with a wrong key", v)
		}
		p.shot("13-inspect-wrong-key")
	})

	t.Run("pages that do not exist", func(t *testing.T) {
		where := []string{""}
		if d.Flask {
			where = append(where, "flask/")
		}
		for i, w := range where {
			p.open(base+w+"no-such-page", "#error")
			if got := p.text("#error"); !strings.Contains(got, "no page at /"+w+"no-such-page") {
				t.Errorf("not-found page for /%sno-such-page says %q", w, got)
			}
			p.shot(fmt.Sprintf("15-not-found-%d", i+1))
		}
	})

	t.Run("size limit", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		message := func(n int) string {
			const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'()*+,-./:;<=>?@[]^_`{|}~"
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			return string(b)
		}
		p.open(base, "#counter")
		// post flashes msg with fetch, not following the redirect, so no
		// page consumes it; reset empties the flashes again.
		post := func(msg string) {
			t.Helper()
			js := fmt.Sprintf(`(async () => {
				const body = new URLSearchParams({message: %q, category: "message", next: "/session"});
				const tok = document.querySelector("input[name=csrf_token]");
				if (tok) body.set("csrf_token", tok.value);
				const r = await fetch("/flash", {method: "POST", body, redirect: "manual"});
				return r.type + " " + r.status;
			})()`, msg)
			// A redirect not followed is an opaque one, status 0.
			if got := p.eval(js); got != "opaqueredirect 0" {
				t.Fatalf("POST /flash answered %v, want the redirect", got)
			}
		}
		reset := func() { p.eval(`fetch("/").then(r => r.status)`) }
		header := func() int {
			c := p.cookies()["session"]
			return len("session=") + len(c.Value) + len("; HttpOnly; Path=/")
		}

		reset()
		h0 := header()
		n := (4060 - h0) * 3 / 4 // base64 of incompressible text: 4 bytes per 3
		var near int
		for range 4 {
			post(message(n))
			near = header()
			if near > 3990 && near <= 4093 {
				break
			}
			reset()
			n += (4060 - near) * 3 / 4
		}
		if near <= 3990 || near > 4093 {
			t.Fatalf("could not make a session of 3990-4093 bytes (last %d)", near)
		}
		line := sessionMatches("near the limit")
		if len(line) != near {
			t.Errorf("page's Set-Cookie is %d bytes, the browser's cookie makes %d", len(line), near)
		}
		if got := p.text("#size"); !strings.HasPrefix(got, fmt.Sprint(near)+" of 4093 bytes") {
			t.Errorf("size says %q, want %d of 4093", got, near)
		}
		p.shot("14-session-near-limit")

		p.open(base, "#counter") // a page whose forms carry the CSRF token post uses
		reset()
		before := p.cookies()["session"].Value
		post(message(n + 400))
		if after := p.cookies()["session"].Value; after != before {
			t.Errorf("the browser stored a cookie over 4096 bytes (%d)", len(after))
		}
		// The log line carries the library's *CookieTooLargeError; the
		// limit it names is what this checks, not the sentence around it.
		warned := func() bool {
			return strings.Contains(d.stderr.String(), "over MaxCookieSize 4093")
		}
		deadline := time.Now().Add(10 * time.Second)
		for !warned() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if !warned() {
			t.Errorf("the demo did not report the library's size warning; its log: %s", d.stderr.String())
		}
		reset()
	})
}
