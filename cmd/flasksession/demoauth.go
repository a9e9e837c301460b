package main

import (
	"fmt"
	"net/http"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/flasklogin"
	"github.com/flasksession/flasksession/flaskwtf"
)

// demoAuth is the Go half's login and CSRF protection: Flask-Login's and
// Flask-WTF's rules through the flasklogin and flaskwtf packages, so a
// login, a logout or a form token made on either half holds on the other.
type demoAuth struct {
	login *flasklogin.LoginManager
	csrf  *flaskwtf.CSRFProtect
	key   string // the secret key remember cookies are signed with
}

// newDemoAuth configures the Go half like the demo's Flask app: the login
// view is Flask's when the Flask half runs, and login messages are
// flashed with the category "info".
func newDemoAuth(m *flasksession.Manager, withFlask bool) *demoAuth {
	lm := flasklogin.New(m)
	lm.LoginView = "/login"
	if withFlask {
		lm.LoginView = flaskPrefix + "/login"
	}
	lm.LoginMessageCategory = "info"
	return &demoAuth{login: lm, csrf: flaskwtf.New(m), key: m.SecretKey}
}

// Middleware loads the user and checks CSRF tokens on unsafe methods; it
// runs inside the session middleware.
func (a *demoAuth) Middleware(next http.Handler) http.Handler {
	return a.login.Middleware(a.csrf.Middleware(next))
}

// UserID is the logged-in user, as Flask-Login's current_user.get_id().
func (a *demoAuth) UserID(r *http.Request) (string, bool) { return flasklogin.UserID(r) }

// LoginState says how the user is logged in, as Flask-Login's
// login_fresh() and login_remembered() tell it.
func (a *demoAuth) LoginState(r *http.Request) string {
	switch {
	case flasklogin.LoginRemembered(r):
		return "restored from the remember cookie, not fresh"
	case flasklogin.LoginFresh(r):
		return "fresh login"
	}
	return "not fresh (the session was made elsewhere or is permanent)"
}

// Login logs user in, with a remember cookie if remember is set.
func (a *demoAuth) Login(r *http.Request, user string, remember bool) error {
	return flasklogin.LoginUser(r, user, flasklogin.LoginOptions{Remember: remember})
}

// Logout logs out, remember cookie included.
func (a *demoAuth) Logout(r *http.Request) error { return flasklogin.LogoutUser(r) }

// LoginRequired sends visitors who are not logged in to the login view,
// with the page they asked for in next.
func (a *demoAuth) LoginRequired(next http.Handler) http.Handler { return a.login.LoginRequired(next) }

// CSRFToken is the token the Go forms carry (Flask-WTF's generate_csrf).
func (a *demoAuth) CSRFToken(r *http.Request) (string, error) { return flaskwtf.GenerateCSRF(r) }

// Describe says on the page which packages do the work.
func (a *demoAuth) Describe() string {
	return "the flasklogin and flaskwtf packages (Flask-Login's and Flask-WTF's rules)"
}

// DescribeRemember says what a remember_token cookie value holds, checked
// with the demo's key.
func (a *demoAuth) DescribeRemember(value string) string {
	if id, ok := flasklogin.DecodeRememberCookie(a.key, value); ok {
		return fmt.Sprintf("valid: Flask-Login's remember cookie for user %q (the id, \"|\", and an HMAC-SHA512 of it made with the secret key). When the session has no login, either half logs this user back in, not fresh.", id)
	}
	return "does not verify with this demo's key: Flask-Login ignores it"
}
