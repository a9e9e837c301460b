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
// restored says the user was logged back in from the remember cookie by
// this very call: the session had no "_user_id" before Flask-Login's
// _load_user ran and has one now (flasklogin, like Flask-Login, says so
// only through the user_loaded_from_cookie signal, which it does not
// have). Only the first call of a request can see it.
func (a *demoAuth) UserID(r *http.Request) (id string, ok, restored bool) {
	s := flasksession.FromContext(r.Context())
	had := s != nil && s.Contains(flasklogin.KeyUserID)
	id, ok = flasklogin.UserID(r)
	return id, ok, ok && !had
}

// LoginState says how the user is logged in: fresh or not (Flask-Login's
// login_fresh), why not, and whether a valid remember cookie came with
// the request (login_remembered, true after any login with "Remember
// me", fresh or not). restored is UserID's answer for this request.
func (a *demoAuth) LoginState(r *http.Request, restored bool) string {
	var state string
	switch {
	case restored:
		state = "restored from the remember cookie on this request, so not fresh"
	case flasklogin.LoginFresh(r):
		state = "fresh login"
	default:
		state = "not fresh: " + notFreshReason(r)
	}
	if !restored && flasklogin.LoginRemembered(r) {
		state += "; remember me is on"
	}
	return state
}

// notFreshReason says why Flask-Login marked a login not fresh. Its
// _load_user_from_remember_cookie writes "_fresh" False without "_id" (a
// login written by hand, as the demo's plain-Flask fallback does, has no
// "_id" either); its _session_protection_failed, under basic protection
// (or for a permanent session under strong), writes "_fresh" False when
// the request's identifier (a hash of address and user agent, its
// _create_identifier) differs from the "_id" login_user stored.
func notFreshReason(r *http.Request) string {
	s := flasksession.FromContext(r.Context())
	v, _ := s.Get(flasklogin.KeyID)
	switch id, _ := v.(string); {
	case id == "":
		return "the session holds no _id, the identifier Flask-Login's login_user stores: the login was restored from the remember cookie on an earlier request, or made without Flask-Login"
	case id != flasklogin.Identifier(r):
		return "this browser's address or user agent differs from the login's (the _id hash), so Flask-Login's session protection marked it not fresh"
	}
	return "marked not fresh earlier by Flask-Login's session protection (another address or user agent used this session)"
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
