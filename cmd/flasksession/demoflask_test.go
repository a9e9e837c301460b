package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// demoPython returns an interpreter for the Flask half: one with Flask-Login
// and Flask-WTF when extensions is set, else one with plain Flask (and
// without the extensions, when the machine has one). It skips the test
// when there is none, or fails it under FLASKSESSION_INTEROP=require.
func demoPython(t *testing.T, extensions bool) pythonInfo {
	t.Helper()
	var plain *pythonInfo
	for _, name := range []string{os.Getenv(envPython), "python3", "/usr/bin/python3"} {
		if name == "" {
			continue
		}
		info, err := probePython(context.Background(), name)
		if err != nil {
			continue
		}
		if info.Extensions == extensions {
			return info
		}
		if plain == nil {
			plain = &info
		}
	}
	if !extensions && plain != nil {
		return *plain
	}
	msg := fmt.Sprintf("no Python with Flask 2.2+ and extensions=%v (python3, /usr/bin/python3)", extensions)
	if interop.Required() {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return pythonInfo{}
}

func TestFindPython(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old-python")
	if err := os.WriteFile(old, []byte(`#!/bin/sh
echo '{"python": "3.11.0", "versions": {"flask": "2.1.3", "flask-login": "0.6.2", "flask-wtf": "1.1.1"}}'
`), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name     string
		explicit string
		want     string
	}{
		{"missing interpreter", "/nonexistent/python3", `"/nonexistent/python3" is not an executable file`},
		{"not a Python", "false", "does not run"},
		{"Flask older than 2.2", old, "Flask 2.1.3 found in " + old + ", Flask 2.2 or newer needed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := findPython(ctx, tt.explicit, []string{"python3"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), envPython) {
				t.Errorf("error %v, want it to say %q and name %s", err, tt.want, envPython)
			}
		})
	}
	t.Run("prefers the interpreter with the extensions", func(t *testing.T) {
		ext := demoPython(t, true)
		plain := demoPython(t, false)
		if plain.Extensions {
			t.Skip("every interpreter has the extensions")
		}
		got, err := findPython(ctx, "", []string{plain.Path, ext.Path})
		if err != nil || got.Path != ext.Path || !got.Extensions {
			t.Errorf("findPython = %+v, %v; want %s with the extensions", got, err, ext.Path)
		}
		got, err = findPython(ctx, "", []string{"/nonexistent/python3", plain.Path})
		if err != nil || got.Path != plain.Path || got.Extensions {
			t.Errorf("without the extensions anywhere: %+v, %v; want the plain %s", got, err, plain.Path)
		}
	})
}

// TestDemoFlaskServesOnlyDemoRoutes asks the Flask half, through the demo,
// for the signing and test routes of the interop tests' app: they do not
// exist, so the demo signs nothing for anyone.
func TestDemoFlaskServesOnlyDemoRoutes(t *testing.T) {
	py := demoPython(t, false)
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path})
	for _, tc := range []struct{ method, path string }{
		{"POST", "/flask/forge"}, {"POST", "/flask/set"}, {"GET", "/flask/dump"}, {"POST", "/flask/delete"}, {"GET", "/flask/health"},
	} {
		req, _ := http.NewRequest(tc.method, d.URL+strings.TrimPrefix(tc.path, "/"), strings.NewReader(`{"values":{"_user_id":{"type":"str","value":"admin"}}}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Errorf("%s %s: status %d, Set-Cookie %q; want 404 and no cookie", tc.method, tc.path, resp.StatusCode, resp.Header.Values("Set-Cookie"))
		}
	}
}

// TestDemoFlaskChildDies kills the Flask half: the demo reports it once
// and stops, rather than logging a 502 for every request.
func TestDemoFlaskChildDies(t *testing.T) {
	py := demoPython(t, false)
	var log syncBuffer
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path, Log: &log})
	d.flask.cmd.Process.Kill()
	select {
	case err := <-d.failed:
		if !strings.Contains(err.Error(), "the Flask half exited unexpectedly") {
			t.Errorf("failure %q does not say the Flask half died", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the demo did not notice the Flask half died")
	}
	for range 3 {
		resp, err := http.Get(d.URL + "flask/")
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway {
			t.Errorf("status %d from a dead Flask half, want 502", resp.StatusCode)
		}
	}
	if strings.Contains(log.String(), "proxy to Flask") {
		t.Errorf("requests to the dead Flask half were logged one by one: %q", log.String())
	}
}

// TestDemoCommandStopsWhenFlaskDies runs the command: it exits 1 with one
// line saying why.
func TestDemoCommandStopsWhenFlaskDies(t *testing.T) {
	py := demoPython(t, false)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	env := map[string]string{envPython: py.Path, envDemoSecret: "k"}
	go func() {
		done <- runContext(context.Background(), []string{"demo", "--addr", "127.0.0.1:0", "--flask"}, strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	}()
	waitForURL(t, &stdout, &stderr)
	killChildren(t, os.Getpid(), py.Path)
	select {
	case code := <-done:
		if code != exitFail || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), "the Flask half exited unexpectedly") {
			t.Errorf("exit %d, stderr %q; want 1 and one line about the Flask half", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the demo did not stop")
	}
}

// killChildren kills the children of pid that run the demo's Flask app.
func killChildren(t *testing.T, pid int, python string) []int {
	t.Helper()
	var killed []int
	for _, child := range childPIDs(pid) {
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", child))
		if bytes.Contains(cmdline, []byte(bootstrap)) {
			syscall.Kill(child, syscall.SIGKILL)
			killed = append(killed, child)
		}
	}
	if len(killed) == 0 {
		t.Fatalf("no %s child of %d found", python, pid)
	}
	return killed
}

// childPIDs lists the processes whose parent is pid, from /proc.
func childPIDs(pid int) []int {
	var kids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		var p int
		if _, err := fmt.Sscan(e.Name(), &p); err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces, so split after ')'.
		rest := stat[bytes.LastIndexByte(stat, ')')+1:]
		var state string
		var ppid int
		if _, err := fmt.Sscan(string(rest), &state, &ppid); err == nil && ppid == pid {
			kids = append(kids, p)
		}
	}
	return kids
}

// TestDemoHelperProcess is not a test: TestDemoSecretNotOnDisk runs the
// test binary as the demo command with it.
func TestDemoHelperProcess(t *testing.T) {
	if os.Getenv("FLASKSESSION_DEMO_HELPER") != "1" {
		t.Skip("helper process for TestDemoSecretNotOnDisk")
	}
	os.Exit(run([]string{"demo", "--addr", "127.0.0.1:0", "--flask"}, os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// TestDemoSecretNotOnDisk runs the demo with the Flask half in a separate
// process, kills it with SIGKILL (no clean-up runs), and checks that the
// key is in no file, nor on the Flask process's command line or
// environment, and that the Flask process ends with it.
func TestDemoSecretNotOnDisk(t *testing.T) {
	py := demoPython(t, false)
	secret := fmt.Sprintf("not-on-disk-%d-%d", os.Getpid(), time.Now().UnixNano())
	started := time.Now()
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDemoHelperProcess$")
	cmd.Env = append(os.Environ(), "FLASKSESSION_DEMO_HELPER=1", envDemoSecret+"="+secret, envPython+"="+py.Path, "TMPDIR="+tmp)
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := waitForURL(t, &stdout, &stderr)
	b := newBrowser(t, base)
	b.get("/flask/")
	if b.sessionCookie() == "" {
		t.Fatal("the Flask half set no session cookie")
	}
	kids := childPIDs(cmd.Process.Pid)
	if len(kids) == 0 {
		t.Fatal("no Flask process found")
	}
	for _, k := range kids {
		for _, f := range []string{"cmdline", "environ"} {
			data, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", k, f))
			if err == nil && bytes.Contains(data, []byte(secret)) {
				t.Errorf("the key is in the Flask process's %s", f)
			}
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	for _, k := range kids {
		deadline := time.Now().Add(20 * time.Second)
		for {
			stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", k))
			if err != nil || bytes.Contains(stat, []byte(") Z ")) {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("Flask process %d still runs after the demo was killed", k)
				syscall.Kill(k, syscall.SIGKILL)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	wd, _ := os.Getwd()
	for _, dir := range []string{tmp, os.TempDir(), wd} {
		filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			info, err := e.Info()
			if err != nil || info.ModTime().Before(started) || info.Size() > 1<<20 {
				return nil
			}
			if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(secret)) {
				t.Errorf("the key is on disk in %s", path)
			}
			return nil
		})
	}
}

// csrfRE finds the CSRF token in a form of the Flask half.
var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// TestDemoWithFlask goes through both halves with one cookie jar: a login
// on either side is seen on the other, flashes and the counter cross over,
// and a logout on either side ends the login on both.
func TestDemoWithFlask(t *testing.T) {
	for _, extensions := range []bool{true, false} {
		t.Run(fmt.Sprintf("extensions=%v", extensions), func(t *testing.T) {
			py := demoPython(t, extensions)
			if py.Extensions != extensions {
				t.Skipf("%s has the extensions too", py.Path)
			}
			d := startTestDemo(t, demoConfig{Secret: "shared", Flask: true, Python: py.Path})
			b := newBrowser(t, d.URL)
			flaskPost := func(path string, form url.Values) string {
				page := b.get("/flask/")
				if m := csrfRE.FindStringSubmatch(page); m != nil {
					form.Set("csrf_token", m[1])
				} else if extensions {
					t.Fatalf("no CSRF token in the Flask page: %.300s", page)
				}
				return b.postForm(path, form)
			}

			page := flaskPost("/flask/login", url.Values{"user": {"carol"}, "next": {"/"}})
			if !strings.Contains(page, `id="rendered-by">Rendered by Go`) || !strings.Contains(page, `<strong id="user">carol</strong>`) {
				t.Errorf("after a Flask login the Go page does not know carol: %.500s", page)
			}
			if !strings.Contains(page, "Logged in as carol on the Flask side.") {
				t.Error("Flask's login flash did not show on the Go page")
			}
			wantRendered := "Rendered by Flask " + py.Flask
			if page := b.get("/flask/"); !strings.Contains(page, wantRendered) || !strings.Contains(page, `<strong id="user">carol</strong>`) {
				t.Errorf("Flask page lacks %q or the user", wantRendered)
			}
			private := b.get("/flask/private")
			if !strings.Contains(private, `<strong id="user">carol</strong>`) {
				t.Error("Flask's login_required page does not let carol in")
			}
			if claims := strings.Contains(private, "Flask-Login&#39;s <code>@login_required</code>") || strings.Contains(private, "Flask-Login's <code>@login_required</code>"); claims != extensions {
				t.Errorf("the Flask private page credits Flask-Login: %v, want %v", claims, extensions)
			}
			page = flaskPost("/flask/logout", url.Values{"next": {"/"}})
			if strings.Contains(page, `id="user"`) {
				t.Error("after a Flask logout the Go page still shows a user")
			}

			b.postForm("/login", url.Values{"user": {"dave"}})
			if !strings.Contains(b.get("/flask/"), `<strong id="user">dave</strong>`) {
				t.Error("after a Go login the Flask page does not know dave")
			}
			b.postForm("/logout", nil)
			if strings.Contains(b.get("/flask/"), `id="user"`) {
				t.Error("after a Go logout the Flask page still shows a user")
			}
			if got := b.get("/flask/private"); !strings.Contains(got, "Please log in to access this page.") || !strings.Contains(got, `id="next">/flask/private`) {
				t.Errorf("Flask's protected page does not send a logged-out user to its login: %.400s", got)
			}

			// A Go page behind LoginRequired sends the visitor to Flask's
			// login view and back.
			if got := b.get("/private"); !strings.Contains(got, "Rendered by Flask") || !strings.Contains(got, `id="next">/private`) {
				t.Errorf("/private did not redirect to Flask's login with next=/private: %.400s", got)
			}
			page = flaskPost("/flask/login", url.Values{"user": {"erin"}, "next": {"/private"}})
			if !strings.Contains(page, "A Go page for logged-in users") || !strings.Contains(page, `<strong id="user">erin</strong>`) {
				t.Errorf("login via Flask did not come back to the Go page: %.400s", page)
			}

			// A flash from the Flask half shows on the Go home page.
			page = flaskPost("/flask/flash", url.Values{"message": {"Hello from Flask"}, "next": {"/"}})
			if !strings.Contains(page, "Hello from Flask") || !strings.Contains(page, "Rendered by Go") {
				t.Error("a Flask flash did not show on the Go page")
			}
			if extensions {
				// CSRF tokens cross over: one rendered by Go is accepted
				// by Flask-WTF, one rendered by Flask by flaskwtf.
				goToken := csrfRE.FindStringSubmatch(b.get("/login"))[1]
				page = b.postForm("/flask/flash", url.Values{"csrf_token": {goToken}, "message": {"Go token to Flask"}, "next": {"/"}})
				if !strings.Contains(page, "Go token to Flask") {
					t.Error("Flask refused a form with the Go half's CSRF token")
				}
				flaskToken := csrfRE.FindStringSubmatch(b.get("/flask/"))[1]
				page = b.postForm("/flash", url.Values{"csrf_token": {flaskToken}, "message": {"Flask token to Go"}})
				if !strings.Contains(page, "Flask token to Go") {
					t.Error("the Go half refused a form with Flask's CSRF token")
				}
				code, _ := b.do(http.MethodPost, "/flask/flash", "application/x-www-form-urlencoded", strings.NewReader("message=no+token"))
				if code != http.StatusBadRequest {
					t.Errorf("Flask accepted a form without a CSRF token: %d", code)
				}
				// Remember me on the Go side, then a logout on the Flask
				// side clears the remember cookie.
				b.postForm("/logout", nil)
				b.postForm("/login", url.Values{"user": {"frank"}, "remember": {"on"}})
				if b.cookie("remember_token") == "" {
					t.Fatal("no remember cookie after a Go login with remember me")
				}
				if !strings.Contains(b.get("/session"), "Flask-Login&#39;s remember cookie for user &#34;frank&#34;") {
					t.Error("/session does not decode the remember cookie")
				}
				flaskPost("/flask/logout", url.Values{"next": {"/"}})
				if b.cookie("remember_token") != "" {
					t.Error("the Flask logout left the remember cookie")
				}
			}
			// The counter is one key for both halves.
			goCount := b.counter()
			m := regexp.MustCompile(`<strong id="counter">(\d+)</strong>`).FindStringSubmatch(b.get("/flask/"))
			if m == nil || fmt.Sprint(m[1]) == goCount {
				t.Errorf("the Flask counter %v does not continue the Go counter %s", m, goCount)
			}
			// Flask's error pages wear the demo's look, and Werkzeug's
			// Server header stays behind the proxy.
			for _, tc := range []struct {
				path   string
				status int
				want   string
			}{{"/flask/nope", http.StatusNotFound, "The Flask half has no page at <code>/flask/nope</code>."}, {"/flask/logout", http.StatusMethodNotAllowed, "does not answer a GET request (it answers"}} {
				resp, err := http.Get(strings.TrimSuffix(d.URL, "/") + tc.path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.want) || !strings.Contains(string(body), "/static/demo.css") {
					t.Errorf("GET %s: status %d, want %d and the styled page saying %q: %.300s", tc.path, resp.StatusCode, tc.status, tc.want, body)
				}
				if tc.status == http.StatusMethodNotAllowed && resp.Header.Get("Allow") == "" {
					t.Errorf("GET %s: no Allow header", tc.path)
				}
				if s := resp.Header.Get("Server"); s != "" {
					t.Errorf("GET %s: Server %q passed through the proxy", tc.path, s)
				}
			}
			b2 := newBrowser(t, d.URL)
			if page := b2.get("/flask/"); !strings.Contains(page, `<strong id="counter">1</strong> time in`) {
				t.Errorf("a first Flask visit does not say %q", "1 time")
			}
		})
	}
}
