package main

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/http/httputil"
	"net/url"
	"runtime"
	"slices"
	"strings"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/tagjson"
)

// templates holds one template set per Go page, each the layout plus the
// page's content.
var templates = func() map[string]*template.Template {
	sets := map[string]*template.Template{}
	for _, page := range []string{"home", "session", "inspect", "login", "private", "error"} {
		sets[page] = template.Must(template.ParseFS(demoApp, "demoapp/gotmpl/layout.html", "demoapp/gotmpl/"+page+".html"))
	}
	return sets
}()

// pageData is what every Go page shows in its frame, plus the page's own
// fields.
type pageData struct {
	Title, Page string
	Flask       bool
	FlaskInfo   string
	GoVersion   string
	AuthName    string
	Flashes     []flasksession.Flash
	CSRF        string

	// home
	User      string
	LoginHow  string // fresh, remembered ...
	Counter   int64
	Permanent bool
	CrossPost bool // forms may post to the other half (both sides check CSRF tokens)
	// login
	Next string
	// session and inspect
	Report         *cookieReport
	RememberCookie *rememberView
	Input          string
	ParseError     string
	KeyNote        string
	// error
	Status              int
	Path, Method, Allow string
}

type rememberView struct{ Value, Meaning, SetCookie string }

// routes is the demo's whole handler: static files, the Go pages under the
// session middleware, and the Flask half behind a reverse proxy.
func (d *demoServer) routes() http.Handler {
	static, _ := fs.Sub(demoApp, "demoapp/static")
	files := http.FileServerFS(static)
	root := http.NewServeMux()
	root.Handle("GET /static/demo.css", http.StripPrefix("/static", files))
	root.Handle("GET /favicon.svg", files)
	root.Handle("GET /favicon.ico", http.RedirectHandler("/favicon.svg", http.StatusMovedPermanently))
	// The inspector reads cookies without opening the session: looking
	// must not change what is looked at (a permanent session would be
	// re-signed by the response), and its forms change nothing, so they
	// need no CSRF token.
	root.HandleFunc("GET /session", d.sessionPage)
	root.HandleFunc("GET /session.json", d.sessionJSON)
	root.HandleFunc("GET /inspect", d.inspectPage)
	root.HandleFunc("POST /inspect", d.inspectPage)
	root.Handle("/", d.sent.record(d.manager.Middleware(d.auth.Middleware(d.goPages()))))
	if d.flask != nil {
		root.Handle(flaskPrefix+"/", d.sent.record(d.flaskProxy()))
		root.Handle(flaskPrefix, http.RedirectHandler(flaskPrefix+"/", http.StatusFound))
	}
	return guardResponses(root)
}

// flaskProxy forwards /flask/ to the Flask half, whose responses set the
// session cookie themselves: the Go middleware is not in this path.
func (d *demoServer) flaskProxy() http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(&url.URL{Scheme: "http", Host: d.flask.Addr})
			r.Out.Host = r.In.Host
			r.SetXForwarded()
			r.Out.Header.Set(demoProxyHeader, d.flask.proxyToken)
		},
		// The Go half answers for the origin: Werkzeug's development
		// server does not name itself to the browser.
		ModifyResponse: func(resp *http.Response) error {
			resp.Header.Del("Server")
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			// A dead Flask half was already reported once by watchFlask.
			if !d.flask.dead() {
				d.log.Warn("proxy to Flask", "path", r.URL.Path, "err", err)
			}
			http.Error(w, "the Flask half of the demo is not answering", http.StatusBadGateway)
		},
	}
}

// goPages are the Go half's pages, under the session middleware.
func (d *demoServer) goPages() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", d.home)
	mux.HandleFunc("GET /login", d.loginPage)
	mux.HandleFunc("POST /login", d.login)
	mux.HandleFunc("POST /logout", d.logout)
	mux.HandleFunc("POST /flash", d.flash)
	mux.HandleFunc("POST /permanent", d.togglePermanent)
	mux.HandleFunc("POST /clear", d.clear)
	mux.Handle("GET /private", d.auth.LoginRequired(http.HandlerFunc(d.private)))
	return d.styledErrors(mux)
}

// frame fills the fields every page shows.
func (d *demoServer) frame(r *http.Request, page, title string, withSession bool) *pageData {
	p := &pageData{Title: title, Page: page, Flask: d.flask != nil, GoVersion: runtime.Version(), AuthName: d.auth.Describe()}
	if d.flask != nil {
		p.FlaskInfo = d.flask.info.summary()
		p.CrossPost = d.flask.info.Extensions
	}
	if withSession {
		p.Flashes = flasksession.FromContext(r.Context()).Flashes()
		if tok, err := d.auth.CSRFToken(r); err == nil {
			p.CSRF = tok
		}
		user, ok, restored := d.auth.UserID(r)
		if ok {
			p.User, p.LoginHow = user, d.auth.LoginState(r, restored)
		}
	}
	return p
}

func (d *demoServer) home(w http.ResponseWriter, r *http.Request) {
	p := d.frame(r, "home", "Go home", true)
	s := flasksession.FromContext(r.Context())
	p.Counter = s.GetInt("counter") + 1
	s.Set("counter", p.Counter)
	p.Permanent = s.Permanent()
	d.render(w, "home", p)
}

func (d *demoServer) loginPage(w http.ResponseWriter, r *http.Request) {
	p := d.frame(r, "login", "Log in", true)
	p.Next = safeNext(r.URL.Query().Get("next"))
	d.render(w, "login", p)
}

func (d *demoServer) login(w http.ResponseWriter, r *http.Request) {
	user := strings.TrimSpace(r.PostFormValue("user"))
	if user == "" {
		user = "alice"
	}
	if err := d.auth.Login(r, user, r.PostFormValue("remember") == "on"); err != nil {
		http.Error(w, "login failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	flasksession.FromContext(r.Context()).Flash("Logged in as "+user+" on the Go side.", "success")
	back(w, r)
}

func (d *demoServer) logout(w http.ResponseWriter, r *http.Request) {
	if err := d.auth.Logout(r); err != nil {
		http.Error(w, "logout failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	flasksession.FromContext(r.Context()).Flash("Logged out on the Go side.", "info")
	back(w, r)
}

func (d *demoServer) flash(w http.ResponseWriter, r *http.Request) {
	msg := strings.TrimSpace(r.PostFormValue("message"))
	if msg == "" {
		msg = "(empty message)"
	}
	cat := strings.TrimSpace(r.PostFormValue("category"))
	flasksession.FromContext(r.Context()).Flash(msg, cat)
	back(w, r)
}

func (d *demoServer) togglePermanent(w http.ResponseWriter, r *http.Request) {
	s := flasksession.FromContext(r.Context())
	s.SetPermanent(!s.Permanent())
	back(w, r)
}

func (d *demoServer) clear(w http.ResponseWriter, r *http.Request) {
	flasksession.FromContext(r.Context()).Clear()
	back(w, r)
}

func (d *demoServer) private(w http.ResponseWriter, r *http.Request) {
	d.render(w, "private", d.frame(r, "private", "Private (Go)", true))
}

// sessionReport inspects the request's own session cookie with the demo's
// keys, and the remember cookie.
func (d *demoServer) sessionReport(r *http.Request) (*cookieReport, *rememberView) {
	var rep *cookieReport
	name := d.manager.Cookie.Name
	if c, err := r.Cookie(name); err == nil && c.Value != "" {
		x := inspectCookie(d.manager, inspectionKeys(d.manager.SecretKey, d.manager.SecretKeyFallbacks), name, c.Value)
		x.withSetCookie(d.sentSetCookie(name, c.Value))
		rep = &x
	}
	var rem *rememberView
	if c, err := r.Cookie("remember_token"); err == nil && c.Value != "" {
		line, _ := d.sent.lookup(c.Name, c.Value)
		rem = &rememberView{Value: c.Value, Meaning: d.auth.DescribeRemember(c.Value), SetCookie: line}
	}
	return rep, rem
}

func (d *demoServer) sessionPage(w http.ResponseWriter, r *http.Request) {
	p := d.frame(r, "session", "Session cookie", false)
	p.Report, p.RememberCookie = d.sessionReport(r)
	d.render(w, "session", p)
}

func (d *demoServer) sessionJSON(w http.ResponseWriter, r *http.Request) {
	rep, _ := d.sessionReport(r)
	w.Header().Set("Content-Type", "application/json")
	if rep == nil {
		fmt.Fprintln(w, `{"session":{},"cookie":"","set_cookie":"","signed_at":"","verdict":"none","error":""}`)
		return
	}
	session := rep.JSON
	if session == "" || rep.Unverified { // the session Flask loads: none
		session = "{}"
	}
	signed := ""
	if !rep.SignedAt.IsZero() {
		signed = rep.SignedAt.Format("2006-01-02T15:04:05Z")
	}
	errText := ""
	if rep.DecodeFailure != nil {
		errText = rep.DecodeFailure.Error()
	}
	// The session is tagged JSON as Flask writes it (it may hold NaN, which
	// encoding/json refuses), so the document is put together around it.
	fmt.Fprintf(w, `{"session":%s,"cookie":%s,"set_cookie":%s,"signed_at":%s,"verdict":%s,"error":%s}`+"\n",
		session, jsonString(rep.Value), jsonString(rep.SetCookie), jsonString(signed), jsonString(rep.Verdict), jsonString(errText))
}

// maxInspectForm and maxInspectFallbacks bound what one /inspect post may
// ask: a cookie (at most MaxCookieValueLen, 8 KiB by default) and a few keys
// fit with room to spare.
const (
	maxInspectForm      = 64 << 10
	maxInspectFallbacks = 16
)

// inspectPage checks a pasted cookie. Neither the cookie nor the key is
// logged or kept; the answer is not cached.
func (d *demoServer) inspectPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	p := d.frame(r, "inspect", "Inspect a cookie", false)
	if r.Method == http.MethodPost {
		// Every fallback costs a key derivation and a check, and the page
		// shows the pasted value twice: a large form is refused unread.
		r.Body = http.MaxBytesReader(w, r.Body, maxInspectForm)
		if err := r.ParseForm(); err != nil {
			http.Error(w, fmt.Sprintf("413 request too large: the inspector reads at most %d KiB; paste one cookie", maxInspectForm>>10), http.StatusRequestEntityTooLarge)
			return
		}
		p.Input = r.PostFormValue("cookie")
		name := d.manager.Cookie.Name
		value, err := parseToken(p.Input, name)
		if n := len(inspectFallbacks(r)); err == nil && n > maxInspectFallbacks {
			err = fmt.Errorf("%d fallback keys given, at most %d are tried", n, maxInspectFallbacks)
		}
		var nameErr *cookieNameError
		switch {
		case errors.As(err, &nameErr) && slices.Contains(nameErr.Found, d.auth.login.RememberCookie.Name):
			p.RememberCookie = d.pastedRemember(p.Input)
		case nameErr != nil:
			holds := "a cookie named"
			if len(nameErr.Found) > 1 {
				holds = "cookies named"
			}
			p.ParseError = fmt.Sprintf("The input holds %s %s, not %s, this demo's session cookie (SESSION_COOKIE_NAME). Paste the %s cookie, or only its value.", holds, nameErr.FoundList(), quoteShort(name), quoteShort(name))
		case err != nil:
			p.ParseError = err.Error()
		default:
			keys := inspectionKeys(d.manager.SecretKey, d.manager.SecretKeyFallbacks)
			p.KeyNote = "checked with this demo's key"
			if key := r.PostFormValue("key"); key != "" {
				keys = inspectionKeys(key, inspectFallbacks(r))
				p.KeyNote = "checked with the key you gave"
			}
			rep := inspectCookie(d.manager, keys, name, value)
			if line, ok := pastedSetCookie(p.Input, name, value); ok {
				rep.withSetCookie(line, "pasted")
			} else {
				rep.withSetCookie(d.sentSetCookie(name, value))
			}
			p.Report = &rep
		}
	}
	d.render(w, "inspect", p)
}

// sentSetCookie is the Set-Cookie header the demo sent for name=value,
// in the form withSetCookie takes.
func (d *demoServer) sentSetCookie(name, value string) (string, string) {
	if line, ok := d.sent.lookup(name, value); ok {
		return line, "sent"
	}
	return "", ""
}

// pastedRemember reads a pasted remember cookie (Flask-Login's
// remember_token) and checks it with the demo's key, as /session shows
// the browser's own.
func (d *demoServer) pastedRemember(input string) *rememberView {
	name := d.auth.login.RememberCookie.Name
	value, err := parseToken(input, name)
	if err != nil {
		return &rememberView{Meaning: "no value: " + err.Error()}
	}
	rem := &rememberView{Value: value, Meaning: d.auth.DescribeRemember(value)}
	if line, ok := pastedSetCookie(input, name, value); ok {
		rem.SetCookie = line
	}
	return rem
}

// inspectFallbacks is the form's fallback keys, one per non-empty line.
func inspectFallbacks(r *http.Request) []string {
	var fallbacks []string
	for _, f := range strings.Split(r.PostFormValue("fallbacks"), "\n") {
		if f = strings.TrimRight(f, "\r"); f != "" {
			fallbacks = append(fallbacks, f)
		}
	}
	return fallbacks
}

// render executes a page into a buffer first, so that a template error
// gives a clean 500.
func (d *demoServer) render(w http.ResponseWriter, page string, p *pageData) {
	d.renderStatus(w, page, p, http.StatusOK)
}

// renderStatus is render with another status than 200.
func (d *demoServer) renderStatus(w http.ResponseWriter, page string, p *pageData, status int) {
	var buf bytes.Buffer
	if err := templates[page].ExecuteTemplate(&buf, "layout", p); err != nil {
		d.log.Error("template", "page", page, "err", err)
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// back redirects a form post to its "next" field, a path on this origin,
// else to the home page.
func back(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// safeNext keeps only a path on this origin: not "//host" nor "/\host",
// which browsers take for another host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, `/\`) {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// jsonString quotes s as a JSON string (ASCII-only, like Python's json).
func jsonString(s string) string {
	b, _ := tagjson.Marshal(s)
	return string(b)
}
