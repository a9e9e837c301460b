package main

import (
	"net/http"
	"net/url"

	"github.com/flasksession/flasksession"
)

// demoAuth is the Go half's login and CSRF layer. The plain version below
// writes the session keys Flask-Login's login_user and logout_user write;
// it is the seam where the flasklogin and flaskwtf packages plug in.
type demoAuth interface {
	// Middleware runs inside the session middleware on every Go page.
	Middleware(next http.Handler) http.Handler
	// UserID is the logged-in user, as Flask-Login's current_user.get_id().
	UserID(r *http.Request) (string, bool)
	// Login logs user in, with a remember cookie if remember is set.
	Login(r *http.Request, user string, remember bool) error
	// Logout logs out, remember cookie included.
	Logout(r *http.Request)
	// LoginRequired lets logged-in users through and sends others to the
	// login view with the page in next.
	LoginRequired(next http.Handler) http.Handler
	// CSRFToken is the token Go forms carry, "" without CSRF protection.
	CSRFToken(r *http.Request) (string, error)
	// Describe says on the page which packages do the work.
	Describe() string
	// Remembers reports whether Login can set a remember cookie.
	Remembers() bool
	// DescribeRemember says what a remember_token cookie value holds.
	DescribeRemember(value string) string
}

// newDemoAuth returns the Go half's login and CSRF layer. loginView is
// where LoginRequired sends visitors: Flask's login page when the Flask
// half runs.
func newDemoAuth(m *flasksession.Manager, withFlask bool) demoAuth {
	view := "/login"
	if withFlask {
		view = flaskPrefix + "/login"
	}
	return plainAuth{loginView: view}
}

// plainAuth writes Flask-Login's session keys by hand, without a remember
// cookie or CSRF tokens.
type plainAuth struct{ loginView string }

func (plainAuth) Middleware(next http.Handler) http.Handler { return next }

func (plainAuth) UserID(r *http.Request) (string, bool) {
	v, ok := flasksession.FromContext(r.Context()).Get("_user_id")
	s, isString := v.(string)
	return s, ok && isString
}

func (plainAuth) Login(r *http.Request, user string, remember bool) error {
	s := flasksession.FromContext(r.Context())
	s.Set("_user_id", user)
	s.Set("_fresh", true)
	return nil
}

func (plainAuth) Logout(r *http.Request) {
	s := flasksession.FromContext(r.Context())
	for _, k := range []string{"_user_id", "_fresh", "_id", "_remember", "_remember_seconds"} {
		s.Delete(k)
	}
}

func (a plainAuth) LoginRequired(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := a.UserID(r); ok {
			next.ServeHTTP(w, r)
			return
		}
		flasksession.FromContext(r.Context()).Flash("Please log in to access this page.", "info")
		http.Redirect(w, r, a.loginView+"?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
	})
}

func (plainAuth) CSRFToken(*http.Request) (string, error) { return "", nil }

func (plainAuth) Remembers() bool { return false }

func (plainAuth) DescribeRemember(string) string {
	return "a Flask-Login remember cookie (user id, \"|\", HMAC-SHA512 of it); the Go side checks it once it uses flasklogin"
}

func (plainAuth) Describe() string {
	return "the session keys of Flask-Login written by hand (no remember cookie, no CSRF tokens)"
}
