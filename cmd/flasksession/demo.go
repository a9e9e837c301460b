package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/flaskapp"
	"github.com/flasksession/flasksession/tagjson"
)

const demoAbout = `Serves a small web app on the flasksession middleware: a counter, a form
that flashes a message, a login form and a page (/session) showing the
decoded session and its cookie attributes. It prints its URL once listening
and runs until interrupted.

With --flask it also starts the real Flask app of internal/flaskapp with the
same secret (Python from $FLASKSESSION_PYTHON, else python3, which must
import Flask 3.1) and serves it at /flask/ on the same origin through a
reverse proxy, so both halves share one session cookie: log in on one side
and see it on the other.

The secret comes from --secret or $FLASK_SECRET_KEY; without either a
random one is made (sessions then end when the demo stops).`

// envPython names the interpreter for --flask, as in the interop tests.
const envPython = "FLASKSESSION_PYTHON"

// flaskPrefix is where the Flask half of the demo lives.
const flaskPrefix = "/flask"

func runDemo(c *cli, args []string) int {
	const cmd = "demo"
	fs := c.newFlagSet(cmd, "[flags]", demoAbout)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	secret := fs.String("secret", "", "SECRET_KEY for both halves (default: $"+envSecret+", else a random key)")
	withFlask := fs.Bool("flask", false, "also run a real Flask app at /flask/ sharing the session")
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return c.usage(cmd, "unexpected argument %s", quoteShort(pos[0]))
	}
	cfg := demoConfig{Addr: *addr, Secret: *secret, Flask: *withFlask, Log: c.stderr}
	if cfg.Secret == "" {
		cfg.Secret = secretFromEnv(c.getenv)
	}
	if cfg.Secret == "" {
		cfg.Secret = randomSecret()
		fmt.Fprintf(c.stderr, "flasksession demo: warning: no --secret or %s, using a random secret key; sessions end when the demo stops\n", envSecret)
	}
	if cfg.Flask {
		cfg.Python = c.getenv(envPython)
	}

	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, err := startDemo(ctx, cfg)
	if err != nil {
		return c.fail(cmd, "%v", err)
	}
	if d.flask != nil {
		fmt.Fprintf(c.stdout, "flasksession demo: serving %s (Go) and %s (Flask); Ctrl-C stops\n", d.URL, d.URL+"flask/")
	} else {
		fmt.Fprintf(c.stdout, "flasksession demo: serving %s; Ctrl-C stops\n", d.URL)
	}
	<-ctx.Done()
	if err := d.Close(); err != nil {
		return c.fail(cmd, "shutting down: %v", err)
	}
	return exitOK
}

// randomSecret returns 32 random bytes in hex.
func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// demoConfig configures startDemo.
type demoConfig struct {
	Addr   string    // listen address; port 0 picks a free one
	Secret string    // SECRET_KEY of both halves; must not be empty
	Flask  bool      // also start the real Flask app at /flask/
	Python string    // interpreter for Flask; "" means python3
	Log    io.Writer // Flask's stderr and server errors; nil discards them
}

// demoServer is a running demo. URL ends in "/".
type demoServer struct {
	URL     string
	manager *flasksession.Manager
	flask   *flaskapp.Server
	srv     *http.Server
	served  chan error // Serve's result, once it returns

	closeOnce sync.Once
	closeErr  error
}

// startDemo listens on cfg.Addr, starts the Flask half if asked, and serves
// in the background until Close or until ctx is done. Tests start it on
// 127.0.0.1:0 and read URL.
func startDemo(ctx context.Context, cfg demoConfig) (*demoServer, error) {
	if cfg.Secret == "" {
		return nil, errors.New("demo needs a secret key")
	}
	logw := cfg.Log
	if logw == nil {
		logw = io.Discard
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %v", cfg.Addr, err)
	}
	d := &demoServer{URL: "http://" + ln.Addr().String() + "/", served: make(chan error, 1)}

	d.manager = flasksession.New(cfg.Secret)
	d.manager.ErrorHandler = func(r *http.Request, err error) {
		where := "decode"
		if r != nil {
			where = r.Method + " " + r.URL.Path
		}
		fmt.Fprintf(logw, "flasksession demo: %s: %v\n", where, err)
	}

	root := http.NewServeMux()
	root.Handle("/", d.manager.Middleware(d.goHandler(cfg.Flask)))
	if cfg.Flask {
		if d.flask, err = startFlask(ctx, cfg, logw); err != nil {
			ln.Close()
			return nil, err
		}
		// The Flask half sets its own cookie; it is not wrapped in the Go
		// middleware, which would otherwise refresh the same cookie too.
		proxy := &httputil.ReverseProxy{
			Rewrite: func(r *httputil.ProxyRequest) {
				r.SetURL(&url.URL{Scheme: "http", Host: d.flask.Addr})
				r.Out.Host = r.In.Host
				r.SetXForwarded()
			},
			ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
				fmt.Fprintf(logw, "flasksession demo: proxy to Flask: %v\n", err)
				http.Error(w, "the Flask half of the demo is not answering", http.StatusBadGateway)
			},
		}
		root.Handle(flaskPrefix+"/", proxy)
		root.Handle(flaskPrefix, http.RedirectHandler(flaskPrefix+"/", http.StatusFound))
	}

	d.srv = &http.Server{
		Handler:           root,
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		err := d.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		d.served <- err
	}()
	go func() {
		<-ctx.Done()
		d.Close()
	}()
	return d, nil
}

// startFlask checks that the interpreter imports Flask, so that a missing
// Flask gives a clear message, and starts the Flask half.
func startFlask(ctx context.Context, cfg demoConfig, logw io.Writer) (*flaskapp.Server, error) {
	python := cfg.Python
	if python == "" {
		python = "python3"
	}
	path, err := exec.LookPath(python)
	if err != nil {
		return nil, fmt.Errorf("--flask needs Python with Flask 3.1, but %q is not found (set %s)", python, envPython)
	}
	check, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(check, path, "-c", "import flask").CombinedOutput(); err != nil {
		last := strings.TrimSpace(string(out))
		if i := strings.LastIndexByte(last, '\n'); i >= 0 {
			last = last[i+1:]
		}
		if last == "" {
			last = err.Error()
		}
		return nil, fmt.Errorf("--flask needs Flask: %s cannot import it (%s); pip install 'flask==3.1.3' or set %s", path, last, envPython)
	}
	fl, err := flaskapp.Start(ctx, path, flaskapp.Config{
		SecretKey: cfg.Secret,
		Prefix:    flaskPrefix,
		PeerURL:   "/",
		Log:       logw,
	})
	if err != nil {
		return nil, fmt.Errorf("starting the Flask half: %v", err)
	}
	return fl, nil
}

// Close stops the server and the Flask process and waits for both. It may
// be called more than once.
func (d *demoServer) Close() error {
	d.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := d.srv.Shutdown(ctx)
		if serr := <-d.served; err == nil {
			err = serr
		}
		if d.flask != nil {
			d.flask.Close()
		}
		d.closeErr = err
	})
	return d.closeErr
}

// goHandler is the Go half: the pages below, all under the middleware.
func (d *demoServer) goHandler(withFlask bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		n := s.GetInt(flaskapp.CounterKey) + 1
		s.Set(flaskapp.CounterKey, n)
		render(w, indexPage, map[string]any{
			"Counter": n,
			"User":    s.GetString("_user_id"),
			"Flashes": s.Flashes(),
			"Perm":    s.Permanent(),
			"Flask":   withFlask,
		})
	})
	mux.HandleFunc("POST /flash", func(w http.ResponseWriter, r *http.Request) {
		msg := strings.TrimSpace(r.PostFormValue("message"))
		if msg == "" {
			msg = "(empty message)"
		}
		cat := strings.TrimSpace(r.PostFormValue("category"))
		if cat == "" {
			cat = flasksession.DefaultFlashCategory
		}
		flasksession.FromContext(r.Context()).Flash(msg, cat)
		seeOther(w, r)
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		user := strings.TrimSpace(r.PostFormValue("user"))
		if user == "" {
			user = "alice"
		}
		s := flasksession.FromContext(r.Context())
		// The keys Flask-Login's login_user writes, so a Flask app sees the
		// same user.
		s.Set("_user_id", user)
		s.Set("_fresh", true)
		s.Flash("Logged in as "+user+" (Go side)", "info")
		seeOther(w, r)
	})
	mux.HandleFunc("POST /logout", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		for _, k := range []string{"_user_id", "_fresh", "_id", "_remember"} {
			s.Delete(k)
		}
		seeOther(w, r)
	})
	mux.HandleFunc("POST /permanent", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		s.SetPermanent(!s.Permanent())
		seeOther(w, r)
	})
	mux.HandleFunc("POST /clear", func(w http.ResponseWriter, r *http.Request) {
		flasksession.FromContext(r.Context()).Clear()
		seeOther(w, r)
	})
	mux.HandleFunc("GET /session", func(w http.ResponseWriter, r *http.Request) {
		v := d.inspect(r)
		render(w, sessionPage, v)
	})
	mux.HandleFunc("GET /session.json", func(w http.ResponseWriter, r *http.Request) {
		v := d.inspect(r)
		w.Header().Set("Content-Type", "application/json")
		// The session is tagged JSON as Flask writes it (it may hold NaN,
		// which encoding/json refuses), so the document is put together
		// by hand around it.
		fmt.Fprintf(w, `{"session":%s,"cookie":%s,"signed_at":%q,"error":%q}`+"\n",
			v.JSON, jsonString(v.Attributes), v.SignedAt, v.Error)
	})
	return mux
}

// seeOther redirects a form post back to the page it came from, "/".
func seeOther(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// inspection is what /session shows.
type inspection struct {
	Flask      bool   // the Flask half runs (for the navigation bar)
	Cookie     string // raw cookie value, "" without a cookie
	JSON       string // canonical tagged JSON of the decoded session
	Pretty     string
	SignedAt   string // RFC 3339 UTC, from the token's timestamp
	Error      string // why the cookie was not accepted
	Attributes string // Set-Cookie attributes this app writes
	Keys       []keyView
}

type keyView struct{ Key, Type, JSON string }

// inspect decodes the request's session cookie with the demo's Manager
// (verifying it) and describes it.
func (d *demoServer) inspect(r *http.Request) inspection {
	m := d.manager
	v := inspection{Flask: d.flask != nil, JSON: "{}", Attributes: cookieAttributes(m)}
	c, err := r.Cookie(m.Cookie.Name)
	if err != nil || c.Value == "" {
		v.Pretty = "{}"
		return v
	}
	v.Cookie = c.Value
	if dt, err := decodeToken(c.Value); err == nil && dt.hasTime {
		v.SignedAt = dt.signedAt.Format(time.RFC3339)
	}
	values, err := m.DecodeCookie(c.Value)
	if err != nil {
		v.Error = err.Error()
		v.Pretty = "{}"
		return v
	}
	if b, err := tagjson.Marshal(values); err == nil {
		v.JSON = string(b)
		v.Pretty = string(indentJSON(b))
	}
	for _, k := range sortedKeys(values) {
		b, _ := tagjson.Marshal(values[k])
		v.Keys = append(v.Keys, keyView{Key: k, Type: fmt.Sprintf("%T", values[k]), JSON: string(b)})
	}
	return v
}

// cookieAttributes describes the attributes of the Set-Cookie header the
// Manager writes, in Werkzeug's order.
func cookieAttributes(m *flasksession.Manager) string {
	o := m.Cookie
	var b strings.Builder
	fmt.Fprintf(&b, "%s=<value>", o.Name)
	if o.Domain != "" {
		fmt.Fprintf(&b, "; Domain=%s", o.Domain)
	}
	fmt.Fprintf(&b, "; Expires=<now + %s, permanent sessions only>", m.Lifetime)
	if o.Secure || o.Partitioned {
		b.WriteString("; Secure")
	}
	if o.HTTPOnly {
		b.WriteString("; HttpOnly")
	}
	path := o.Path
	if path == "" {
		path = "/"
	}
	fmt.Fprintf(&b, "; Path=%s", path)
	switch o.SameSite {
	case http.SameSiteLaxMode:
		b.WriteString("; SameSite=Lax")
	case http.SameSiteStrictMode:
		b.WriteString("; SameSite=Strict")
	case http.SameSiteNoneMode:
		b.WriteString("; SameSite=None")
	}
	if o.Partitioned {
		b.WriteString("; Partitioned")
	}
	return b.String()
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// jsonString quotes s as a JSON string (ASCII-only, like Python's json).
func jsonString(s string) string {
	b, _ := tagjson.Marshal(s)
	return string(b)
}

func render(w http.ResponseWriter, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		http.Error(w, "template error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

const pageHead = `<!doctype html>
<html><head><meta charset="utf-8"><title>flasksession demo</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto}code,pre{background:#f4f4f4}
.flash{padding:.3em}</style></head><body>
<nav><a href="/">Home</a> · <a href="/session">Session</a>{{if .Flask}} · <a href="/flask/">Flask side</a>{{end}}</nav>
`

var indexPage = template.Must(template.New("index").Parse(pageHead + `
<h1>Go side</h1>
{{range .Flashes}}<p class="flash {{.Category}}"><b>{{.Category}}</b>: {{.Message}}</p>{{end}}
<p>Counter: <b id="counter">{{.Counter}}</b> (session key <code>counter</code>{{if .Flask}}, shared with the Flask side{{end}})</p>
{{if .User}}<form method="post" action="/logout">Logged in as <b id="user">{{.User}}</b> <button>Log out</button></form>
{{else}}<form method="post" action="/login">Not logged in. <input name="user" value="alice"> <button>Log in</button></form>{{end}}
<form method="post" action="/flash"><input name="message" placeholder="message">
<input name="category" placeholder="category (message)"> <button>Flash</button></form>
<form method="post" action="/permanent">Session is {{if .Perm}}permanent{{else}}a browser session{{end}}. <button>Toggle</button></form>
<form method="post" action="/clear"><button>Clear the session</button></form>
</body></html>
`))

var sessionPage = template.Must(template.New("session").Parse(pageHead + `
<h1>The session cookie</h1>
{{if not .Cookie}}<p>No session cookie yet.</p>{{else}}
<p>Cookie value (signed, <em>not</em> encrypted: anyone holding it can read this):</p>
<pre id="cookie" style="white-space:pre-wrap;word-break:break-all">{{.Cookie}}</pre>
{{if .SignedAt}}<p>Signed at <span id="signed-at">{{.SignedAt}}</span>.</p>{{end}}
{{if .Error}}<p id="error">Not accepted: {{.Error}}</p>{{end}}
{{end}}
<h2>Decoded (tagged JSON, as Flask writes it)</h2>
<pre id="json">{{.Pretty}}</pre>
{{if .Keys}}<table><tr><th>key</th><th>Go type</th><th>value</th></tr>
{{range .Keys}}<tr><td><code>{{.Key}}</code></td><td>{{.Type}}</td><td><code>{{.JSON}}</code></td></tr>{{end}}</table>{{end}}
<h2>Cookie attributes</h2>
<p><code id="attributes">{{.Attributes}}</code></p>
</body></html>
`))
