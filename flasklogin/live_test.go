package flasklogin

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

//go:embed testdata/loginapp.py
var loginApp string

// liveFrozen is the clock of both servers.
var liveFrozen = time.Unix(1796284800, 0)

const liveSecret = "live-secret"

// startFlask runs testdata/loginapp.py and returns its base URLs on
// 127.0.0.1 and ::1.
func startFlask(t *testing.T) (v4, v6 string) {
	py := loginPython(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, py, "-c", loginApp, liveSecret, strconv.FormatInt(liveFrozen.Unix(), 10))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		cancel()
		cmd.Wait()
		t.Fatalf("Flask app did not start: %v\n%s", err, stderr.String())
	}
	ports := strings.Fields(line)
	if len(ports) != 2 {
		t.Fatalf("Flask app printed %q, want two ports", line)
	}
	return "http://127.0.0.1:" + ports[0], "http://[::1]:" + ports[1]
}

// goLoginApp is loginapp.py in Go.
func goLoginApp(m *flasksession.Manager, lm *LoginManager) http.Handler {
	mux := http.NewServeMux()
	ok := func(body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		})
	}
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		opt := LoginOptions{Remember: q.Get("remember") == "1", NotFresh: q.Get("fresh") == "0"}
		if d := q.Get("duration"); d != "" {
			secs, _ := strconv.Atoi(d)
			opt.Duration = time.Duration(secs) * time.Second
		}
		if err := LoginUser(r, q.Get("id"), opt); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		ok("ok").ServeHTTP(w, r)
	})
	mux.HandleFunc("/logout", func(w http.ResponseWriter, r *http.Request) {
		LogoutUser(r)
		ok("ok").ServeHTTP(w, r)
	})
	mux.HandleFunc("/confirm", func(w http.ResponseWriter, r *http.Request) {
		ConfirmLogin(r)
		ok("ok").ServeHTTP(w, r)
	})
	mux.HandleFunc("/permanent", func(w http.ResponseWriter, r *http.Request) {
		flasksession.FromContext(r.Context()).SetPermanent(true)
		ok("ok").ServeHTTP(w, r)
	})
	mux.HandleFunc("/clear", func(w http.ResponseWriter, r *http.Request) {
		flasksession.FromContext(r.Context()).Clear()
		ok("ok").ServeHTTP(w, r)
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		id := "null"
		if v, found := UserID(r); found {
			id = strconv.Quote(v)
		}
		ok(fmt.Sprintf(`{"fresh": %v, "id": %s, "remembered": %v}`, LoginFresh(r), id, LoginRemembered(r))).ServeHTTP(w, r)
	})
	mux.Handle("/protected", lm.LoginRequired(ok("protected")))
	mux.Handle("/fresh", lm.FreshLoginRequired(ok("fresh")))
	return m.Middleware(lm.Middleware(mux))
}

// liveStep is one action of a scenario: a request sent to both servers
// with the same cookies, a config change made on both, or a cookie
// dropped from the jar.
type liveStep struct {
	path   string            // request path and query
	ua     *string           // User-Agent for this and later requests (nil: keep)
	xff    *string           // X-Forwarded-For for this and later requests
	config map[string]any    // Flask-Login config keys to set
	drop   string            // cookie to remove from the jar before the request
	v6     *bool             // connect over ::1 for this and later requests (nil: keep)
	on     string            // "go" or "flask": send to that side only (the other reads the result next)
	want   map[string]string // expected parts of the response ("status", "body", "location")
}

// updateJar applies resp's cookies to jar, on the frozen clock.
func updateJar(jar map[string]string, resp *http.Response) {
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(liveFrozen)) {
			delete(jar, c.Name)
		} else {
			jar[c.Name] = c.Value
		}
	}
}

func str(s string) *string { return &s }

func boolp(b bool) *bool { return &b }

func TestLiveAgainstFlaskLogin(t *testing.T) {
	flaskV4, flaskV6 := startFlask(t)
	m := flasksession.New(liveSecret)
	m.Now = func() time.Time { return liveFrozen }
	lm := New(m)
	lm.LoginView, lm.RefreshView = "/loginpage", "/reauth"
	lm.UserLoader = func(_ *http.Request, id string) (any, error) {
		if id == "ghost" {
			return nil, nil
		}
		return id, nil
	}
	goSrv := httptest.NewServer(goLoginApp(m, lm))
	defer goSrv.Close()
	goV6 := httptest.NewUnstartedServer(goSrv.Config.Handler)
	l6, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Fatal(err)
	}
	goV6.Listener = l6
	goV6.Start()
	defer goV6.Close()
	setConfig := func(key string, v any) {
		switch key {
		case "SESSION_PROTECTION":
			s, _ := v.(string)
			lm.SessionProtection = s
		case "REMEMBER_COOKIE_REFRESH_EACH_REQUEST":
			lm.RememberRefreshEachRequest = v.(bool)
		case "USE_SESSION_FOR_NEXT":
			lm.UseSessionForNext = v.(bool)
		default:
			t.Fatalf("unknown config key %s", key)
		}
	}

	anon := map[string]string{"body": `{"fresh": false, "id": null, "remembered": false}`}
	who := func(id string, fresh, remembered bool) map[string]string {
		return map[string]string{"body": fmt.Sprintf(`{"fresh": %v, "id": %q, "remembered": %v}`, fresh, id, remembered)}
	}
	toLogin := func(next string) map[string]string {
		return map[string]string{"status": "302", "location": "/loginpage?next=" + next}
	}
	scenarios := []struct {
		name  string
		steps []liveStep
	}{
		{"login without remember, logout", []liveStep{
			{path: "/whoami", want: anon},
			{path: "/protected?b=1&a=x+y", want: toLogin("%2Fprotected%3Fb%3D1%26a%3Dx%2By")},
			{path: "/fresh", want: toLogin("%2Ffresh")},
			{path: "/login?id=u1"},
			{path: "/whoami", want: who("u1", true, false)},
			{path: "/protected", want: map[string]string{"body": "protected"}},
			{path: "/fresh", want: map[string]string{"body": "fresh"}},
			{path: "/logout"},
			{path: "/whoami", want: anon},
		}},
		{"login on one side seen by the other", []liveStep{
			{on: "go", path: "/login?id=u9&remember=1&duration=600"},
			{path: "/whoami", want: who("u9", true, true)},
			{on: "flask", path: "/logout"},
			{path: "/whoami", want: anon},
			{on: "flask", path: "/login?id=u10&fresh=0"},
			{path: "/whoami", want: who("u10", false, false)},
			{on: "go", path: "/logout"},
			{path: "/whoami", want: anon},
		}},
		{"remember cookie restores an expired session, not fresh", []liveStep{
			{path: "/login?id=u2&remember=1"},
			{path: "/whoami", want: who("u2", true, true)},
			{drop: "session", path: "/whoami", want: who("u2", false, true)},
			{path: "/fresh", want: map[string]string{"status": "302", "location": "/reauth?next=%2Ffresh"}},
			{path: "/confirm"},
			{path: "/fresh", want: map[string]string{"body": "fresh"}},
			{path: "/clear"},
			{path: "/whoami", want: who("u2", false, true)},
			{path: "/logout"},
			{path: "/whoami", want: anon},
		}},
		{"custom duration, not fresh, unknown user", []liveStep{
			{path: "/login?id=u3&remember=1&duration=3600&fresh=0"},
			{path: "/whoami", want: who("u3", false, true)},
			{path: "/fresh", want: map[string]string{"status": "302"}},
			{drop: "session", path: "/protected", want: map[string]string{"body": "protected"}},
			{path: "/login?id=ghost"},
			{path: "/whoami", want: who("u3", false, true)},
			{path: "/logout"},
		}},
		{"basic protection with a changed browser", []liveStep{
			{ua: str("Mozilla/5.0 caf\xe9 \xff"), xff: str(""), path: "/login?id=u4&remember=1"},
			{path: "/whoami", want: who("u4", true, true)},
			{ua: str("Other/1.0"), path: "/whoami", want: who("u4", false, true)},
			{xff: str("203.0.113.9, 10.0.0.1"), path: "/confirm"},
			{path: "/whoami", want: who("u4", true, true)},
			{xff: str("198.51.100.1"), path: "/whoami", want: who("u4", false, true)},
			{path: "/logout"},
		}},
		{"a changed remote address, basic then strong", []liveStep{
			{ua: str("A"), xff: str(""), path: "/login?id=u8&remember=1"},
			{v6: boolp(true), path: "/whoami", want: who("u8", false, true)},
			{path: "/confirm"},
			{v6: boolp(false), path: "/whoami", want: who("u8", false, true)},
			{config: map[string]any{"SESSION_PROTECTION": "strong"}, path: "/login?id=u8&remember=1"},
			{v6: boolp(true), path: "/whoami", want: anon},
			{config: map[string]any{"SESSION_PROTECTION": "basic"}, v6: boolp(false), path: "/logout"},
		}},
		{"strong protection logs a changed browser out", []liveStep{
			{config: map[string]any{"SESSION_PROTECTION": "strong"}, ua: str("A"), xff: str(""), path: "/login?id=u5&remember=1"},
			{path: "/whoami", want: who("u5", true, true)},
			{ua: str("B \xe9"), path: "/whoami", want: anon},
			{path: "/whoami", want: anon},
			{ua: str("A"), path: "/login?id=u5"},
			{path: "/permanent"},
			{xff: str("192.0.2.1"), path: "/whoami", want: who("u5", false, false)},
			{config: map[string]any{"SESSION_PROTECTION": "basic"}, path: "/logout"},
		}},
		{"remember cookie refreshed each request", []liveStep{
			{config: map[string]any{"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": true}, ua: str("A"), xff: str(""), path: "/whoami", want: anon},
			{path: "/login?id=u6"},
			{path: "/whoami", want: who("u6", true, true)},
			{path: "/logout"},
			{path: "/whoami", want: anon},
			{config: map[string]any{"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": false}, path: "/whoami", want: anon},
		}},
		{"next kept in the session", []liveStep{
			{config: map[string]any{"USE_SESSION_FOR_NEXT": true}, path: "/protected?x=1", want: map[string]string{"status": "302", "location": "/loginpage"}},
			{path: "/login?id=u7&fresh=0"},
			{path: "/fresh", want: map[string]string{"status": "302", "location": "/reauth"}},
			{config: map[string]any{"USE_SESSION_FOR_NEXT": false}, path: "/logout"},
		}},
	}

	jar := map[string]string{}
	ua, xff, v6 := "Go-test", "", false
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(base, path string) (*http.Response, string) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for k := range jar {
			names = append(names, k)
		}
		sort.Strings(names)
		var parts []string
		for _, k := range names {
			parts = append(parts, k+"="+jar[k])
		}
		if len(parts) > 0 {
			req.Header.Set("Cookie", strings.Join(parts, "; "))
		}
		req.Header.Set("User-Agent", ua)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(body)
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			for i, st := range sc.steps {
				for k, v := range st.config {
					raw, _ := json.Marshal(v)
					send(flaskV4, "/_config?"+k+"="+string(raw))
					setConfig(k, v)
				}
				if st.ua != nil {
					ua = *st.ua
				}
				if st.xff != nil {
					xff = *st.xff
				}
				if st.v6 != nil {
					v6 = *st.v6
				}
				if st.drop != "" {
					delete(jar, st.drop)
				}
				flaskURL, goURL := flaskV4, goSrv.URL
				if v6 {
					flaskURL, goURL = flaskV6, goV6.URL
				}
				if st.on != "" {
					base := flaskURL
					if st.on == "go" {
						base = goURL
					}
					resp, _ := send(base, st.path)
					updateJar(jar, resp)
					continue
				}
				fr, fbody := send(flaskURL, st.path)
				gr, gbody := send(goURL, st.path)
				step := fmt.Sprintf("step %d %s", i, st.path)
				compare := []struct{ what, flask, gowant string }{
					{"status", strconv.Itoa(fr.StatusCode), strconv.Itoa(gr.StatusCode)},
					{"Location", fr.Header.Get("Location"), gr.Header.Get("Location")},
					{"Vary", strings.Join(fr.Header["Vary"], ", "), strings.Join(gr.Header["Vary"], ", ")},
					{"Set-Cookie", strings.Join(fr.Header["Set-Cookie"], "\n"), strings.Join(gr.Header["Set-Cookie"], "\n")},
					{"body", fbody, gbody},
				}
				for _, c := range compare {
					if c.flask != c.gowant {
						t.Errorf("%s: %s differs\nFlask: %q\nGo:    %q", step, c.what, c.flask, c.gowant)
					}
				}
				for k, v := range st.want {
					var got string
					switch k {
					case "status":
						got = strconv.Itoa(fr.StatusCode)
					case "body":
						got = fbody
					case "location":
						got = fr.Header.Get("Location")
					}
					if got != v {
						t.Errorf("%s: Flask's %s = %q, the scenario expects %q", step, k, got, v)
					}
				}
				updateJar(jar, fr)
			}
		})
	}
}
