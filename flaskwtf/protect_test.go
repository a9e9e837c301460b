package flaskwtf

import (
	"bytes"
	"crypto/tls"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

func TestMiddleware(t *testing.T) {
	g := loadGolden(t)[0]
	session := map[string]any{"csrf_token": g.Raw}
	tokForm := "csrf_token=" + url.QueryEscape(g.Token)
	multipartBody := func(field string) (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("name", "ann")
		mw.WriteField(field, g.Token)
		mw.Close()
		return b.String(), mw.FormDataContentType()
	}
	mpBody, mpType := multipartBody("signup-csrf_token")
	tests := []struct {
		name      string
		configure func(*CSRFProtect)
		wrap      func(*CSRFProtect) func(http.Handler) http.Handler // default Middleware
		method    string
		target    string
		body      string
		header    map[string]string
		tls       bool
		session   map[string]any
		want      error // nil: the handler runs
	}{
		{name: "GET is not checked", method: "GET", target: "/"},
		{name: "POST without token", method: "POST", target: "/", body: "a=1", want: ErrTokenMissing},
		{name: "POST form field", method: "POST", target: "/", body: "a=1&" + tokForm},
		{name: "prefixed form field", method: "POST", target: "/", body: "a=1&signup-csrf_token=" + url.QueryEscape(g.Token)},
		{name: "empty field then prefixed one", method: "POST", target: "/", body: "csrf_token=&x-csrf_token=" + url.QueryEscape(g.Token)},
		{name: "X-CSRFToken header", method: "POST", target: "/", header: map[string]string{"X-CSRFToken": g.Token}},
		{name: "X-CSRF-Token header", method: "PUT", target: "/", header: map[string]string{"X-CSRF-Token": g.Token}},
		{name: "header name in another case", method: "PATCH", target: "/", header: map[string]string{"x-csrftoken": g.Token}},
		{name: "form beats header", method: "POST", target: "/", body: "csrf_token=bad", header: map[string]string{"X-CSRFToken": g.Token}, want: ErrTokenInvalid},
		{name: "token in the query string does not count", method: "POST", target: "/?" + tokForm, body: "a=1", want: ErrTokenMissing},
		{name: "DELETE with a form body", method: "DELETE", target: "/", body: tokForm},
		{name: "DELETE without token", method: "DELETE", target: "/", want: ErrTokenMissing},
		{name: "multipart prefixed field", method: "POST", target: "/", body: mpBody, header: map[string]string{"Content-Type": mpType}},
		{name: "lower-case method is checked", method: "post", target: "/", want: ErrTokenMissing},
		{name: "OPTIONS not checked", method: "OPTIONS", target: "/"},
		{name: "no session token", method: "POST", target: "/", body: tokForm, session: map[string]any{}, want: ErrSessionTokenMissing},
		{name: "Methods narrowed", configure: func(c *CSRFProtect) { c.Methods = []string{"POST"} }, method: "DELETE", target: "/"},
		{name: "Headers changed", configure: func(c *CSRFProtect) { c.Headers = []string{"X-XSRF-Token"} }, method: "POST", target: "/", header: map[string]string{"X-CSRFToken": g.Token}, want: ErrTokenMissing},
		{name: "Headers changed, new header", configure: func(c *CSRFProtect) { c.Headers = []string{"X-XSRF-Token"} }, method: "POST", target: "/", header: map[string]string{"X-XSRF-Token": g.Token}},
		{name: "FieldName changed", configure: func(c *CSRFProtect) { c.FieldName = "tok" }, method: "POST", target: "/", body: "tok=" + url.QueryEscape(g.Token), session: map[string]any{"tok": g.Raw}},
		{name: "disabled", configure: func(c *CSRFProtect) { c.Enabled = false }, method: "POST", target: "/"},
		{name: "disabled but Protect checks", configure: func(c *CSRFProtect) { c.Enabled = false }, wrap: protect, method: "POST", target: "/", want: ErrTokenMissing},
		{name: "CheckDefault off", configure: func(c *CSRFProtect) { c.CheckDefault = false }, method: "POST", target: "/"},
		{name: "CheckDefault off, Protect checks", configure: func(c *CSRFProtect) { c.CheckDefault = false }, wrap: protect, method: "POST", target: "/", want: ErrTokenMissing},
		{name: "Protect passes a valid token", wrap: protect, method: "POST", target: "/", body: tokForm},
		{name: "Protect does not check GET", wrap: protect, method: "GET", target: "/"},
		{name: "exempt pattern", configure: exempt("POST /hooks/"), method: "POST", target: "/hooks/github"},
		{name: "exempt pattern, other method", configure: exempt("POST /hooks/"), method: "PUT", target: "/hooks/github", want: ErrTokenMissing},
		{name: "exempt pattern, path that would redirect", configure: exempt("POST /hooks/"), method: "POST", target: "/hooks", want: ErrTokenMissing},
		{name: "exempt pattern with wildcard", configure: exempt("/api/{id}/events"), method: "DELETE", target: "/api/7/events"},
		{name: "exempt pattern, other path", configure: exempt("POST /hooks/"), method: "POST", target: "/form", want: ErrTokenMissing},
		{name: "Protect ignores exemptions", configure: exempt("POST /hooks/"), wrap: protect, method: "POST", target: "/hooks/x", want: ErrTokenMissing},
		{name: "HTTPS without Referer", method: "POST", target: "https://example.com/", body: tokForm, tls: true, want: ErrReferrerMissing},
		{name: "HTTPS foreign Referer", method: "POST", target: "https://example.com/", body: tokForm, tls: true, header: map[string]string{"Referer": "https://evil.example/form"}, want: ErrReferrerMismatch},
		{name: "HTTPS Referer over http", method: "POST", target: "https://example.com/", body: tokForm, tls: true, header: map[string]string{"Referer": "http://example.com/form"}, want: ErrReferrerMismatch},
		{name: "HTTPS Referer on another port", method: "POST", target: "https://example.com/", body: tokForm, tls: true, header: map[string]string{"Referer": "https://example.com:8443/form"}, want: ErrReferrerMismatch},
		{name: "HTTPS matching Referer", method: "POST", target: "https://example.com/", body: tokForm, tls: true, header: map[string]string{"Referer": "https://EXAMPLE.com/form?x"}},
		{name: "HTTPS matching Referer, Host with :443", method: "POST", target: "https://example.com:443/", body: tokForm, tls: true, header: map[string]string{"Referer": "https://example.com/form"}},
		{name: "HTTPS bad token reported before Referer", method: "POST", target: "https://example.com/", body: "csrf_token=x", tls: true, want: ErrTokenInvalid},
		{name: "HTTPS, SSLStrict off", configure: func(c *CSRFProtect) { c.SSLStrict = false }, method: "POST", target: "https://example.com/", body: tokForm, tls: true},
		{name: "IsSecure from a proxy header", configure: func(c *CSRFProtect) {
			c.IsSecure = func(r *http.Request) bool { return r.Header.Get("X-Forwarded-Proto") == "https" }
		}, method: "POST", target: "/", body: tokForm, header: map[string]string{"X-Forwarded-Proto": "https"}, want: ErrReferrerMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(g.SignedAt, 0)
			m, c := frozen(&now)
			if tt.configure != nil {
				tt.configure(c)
			}
			wrap := c.Middleware
			if tt.wrap != nil {
				wrap = tt.wrap(c)
			}
			req := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			if !tt.tls {
				req.TLS = nil
			} else if req.TLS == nil {
				req.TLS = &tls.ConnectionState{}
			}
			s := tt.session
			if s == nil {
				s = session
			}
			req.AddCookie(cookieFor(t, m, s))
			ran := false
			rec := serve(m, wrap, func(w http.ResponseWriter, r *http.Request) {
				ran = true
				if r.PostForm == nil && tt.body != "" {
					t.Error("the handler does not see the parsed form")
				}
				ok(w, r)
			}, req)
			if tt.want == nil {
				if !ran || rec.Code != 200 {
					t.Fatalf("rejected: %d %s", rec.Code, rec.Body)
				}
				return
			}
			if ran {
				t.Fatal("handler ran")
			}
			wantBody := "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>" + tt.want.Error() + "</p>\n"
			if rec.Code != 400 || rec.Body.String() != wantBody {
				t.Errorf("got %d %q, want 400 %q", rec.Code, rec.Body, wantBody)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if len(rec.Result().Cookies()) != 0 {
				t.Errorf("a failed check changed the session: %v", rec.Header()["Set-Cookie"])
			}
			// As in Flask-WTF, the session counts as used (Vary: Cookie)
			// only once the token verified and its raw token was read.
			wantVary := tt.want == ErrTokensMismatch || tt.want == ErrReferrerMissing || tt.want == ErrReferrerMismatch
			if (rec.Header().Get("Vary") == "Cookie") != wantVary {
				t.Errorf("Vary %q, want Cookie: %v", rec.Header().Get("Vary"), wantVary)
			}
		})
	}
}

func protect(c *CSRFProtect) func(http.Handler) http.Handler { return c.Protect }

func exempt(pattern string) func(*CSRFProtect) {
	return func(c *CSRFProtect) { c.Exempt(pattern) }
}

func TestErrorHandlerGetsTheReason(t *testing.T) {
	m := flasksession.New(testKey)
	c := New(m)
	var got error
	c.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		got = err
		http.Error(w, "custom", http.StatusForbidden)
	}
	rec := serve(m, c.Middleware, ok, formPost("/", "a=1"))
	if rec.Code != 403 || !errors.Is(got, ErrTokenMissing) {
		t.Errorf("got %d, err %v", rec.Code, got)
	}
}

func TestMiddlewareWithoutSessionIs500(t *testing.T) {
	c := New(flasksession.New(testKey))
	rec := httptest.NewRecorder()
	c.Middleware(http.HandlerFunc(ok)).ServeHTTP(rec, formPost("/", "csrf_token=x"))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "Manager.Middleware") {
		t.Errorf("got %d %q", rec.Code, rec.Body)
	}
}

func TestProtectInsideMiddlewareSharesTheToken(t *testing.T) {
	m := flasksession.New(testKey)
	c := New(m)
	var outer, inner string
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		outer, _ = GenerateCSRF(r)
		c.Protect(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inner, _ = GenerateCSRF(r)
		})).ServeHTTP(w, r)
	}))
	m.Middleware(h).ServeHTTP(httptest.NewRecorder(), httptestGet())
	if outer == "" || outer != inner {
		t.Errorf("tokens %q and %q", outer, inner)
	}
}

func TestExemptPanicsOnBadPattern(t *testing.T) {
	c := New(flasksession.New(testKey))
	c.Exempt("POST /a/")
	for _, p := range []string{"", "POST /a/", "BAD PATTERN X"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Exempt(%q) did not panic", p)
				}
			}()
			c.Exempt(p)
		}()
	}
}
