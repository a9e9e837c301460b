package flasklogin

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
)

// Default values of the LoginManager fields, as in Flask-Login's config.py.
const (
	DefaultRememberCookieName     = "remember_token"
	DefaultRememberDuration       = 365 * 24 * time.Hour
	DefaultLoginMessage           = "Please log in to access this page."
	DefaultNeedsRefreshMessage    = "Please reauthenticate to access this page."
	DefaultMessageCategory        = "message"
	DefaultSessionProtection      = ProtectionBasic
	ProtectionBasic               = "basic"
	ProtectionStrong              = "strong"
	defaultRememberCookiePath     = "/"
	defaultRememberCookieHTTPOnly = true
)

// LoginManager holds Flask-Login's settings for one session Manager, the
// counterpart of flask_login.LoginManager with its app.config keys. New
// returns one holding Flask-Login's defaults; set its fields before the
// first request. It is safe for concurrent use.
type LoginManager struct {
	// SessionProtection is SESSION_PROTECTION (LoginManager.session_protection).
	// Default "basic": a session whose identifier (see Identifier) differs
	// from the request's is marked not fresh. "strong" logs such a session
	// out (its Flask-Login keys are removed and the remember cookie
	// cleared); a permanent session is only marked not fresh, as in
	// Flask-Login. Any other value, "" included, turns protection off.
	SessionProtection string

	// UserLoader is LoginManager.user_loader: it returns the user with the
	// given id, nil when there is none (the request is then anonymous, or
	// restored from the remember cookie). An error counts as no user.
	// Default nil: every id is a user, and User returns the id itself.
	UserLoader func(r *http.Request, id string) (any, error)

	// RememberCookie holds the REMEMBER_COOKIE_* settings: Name
	// (REMEMBER_COOKIE_NAME, default "remember_token"), Domain
	// (REMEMBER_COOKIE_DOMAIN, default none), Path (REMEMBER_COOKIE_PATH,
	// default "/"), Secure (REMEMBER_COOKIE_SECURE, default false),
	// HTTPOnly (REMEMBER_COOKIE_HTTPONLY, default true) and SameSite
	// (REMEMBER_COOKIE_SAMESITE, default none). Partitioned is not a
	// Flask-Login setting; leave it false to match Flask-Login.
	RememberCookie flasksession.CookieOptions

	// RememberDuration is REMEMBER_COOKIE_DURATION, how long the remember
	// cookie lives when LoginUser was not given a Duration. Default 365
	// days.
	RememberDuration time.Duration

	// RememberRefreshEachRequest is REMEMBER_COOKIE_REFRESH_EACH_REQUEST.
	// Default false. When true, every response of a logged-in user sends
	// the remember cookie again with a new expiry, and every response
	// re-saves the session (Flask-Login sets and pops "_remember").
	RememberRefreshEachRequest bool

	// LoginView is LoginManager.login_view: the URL (a path such as
	// "/login", or an absolute URL) LoginRequired redirects to. Flask's
	// endpoint names have no meaning in Go: give the URL url_for would
	// build. Default "": LoginRequired answers 401.
	LoginView string

	// RefreshView is LoginManager.refresh_view: the URL FreshLoginRequired
	// redirects a logged-in user whose login is not fresh to. Default "":
	// 401.
	RefreshView string

	// LoginMessage is LoginManager.login_message, flashed on the redirect
	// to LoginView. Default "Please log in to access this page."; "" flashes
	// nothing.
	LoginMessage string

	// LoginMessageCategory is LoginManager.login_message_category. Default
	// "message".
	LoginMessageCategory string

	// NeedsRefreshMessage is LoginManager.needs_refresh_message, flashed on
	// the redirect to RefreshView. Default "Please reauthenticate to access
	// this page."; "" flashes nothing.
	NeedsRefreshMessage string

	// NeedsRefreshMessageCategory is
	// LoginManager.needs_refresh_message_category. Default "message".
	NeedsRefreshMessageCategory string

	// UseSessionForNext is USE_SESSION_FOR_NEXT. Default false: the page
	// asked for goes in the redirect's "next" query parameter. When true it
	// goes in the session under "next" instead.
	UseSessionForNext bool

	// LoginDisabled is LOGIN_DISABLED. Default false. When true,
	// LoginRequired and FreshLoginRequired let every request through.
	LoginDisabled bool

	// ForceHostForRedirects is FORCE_HOST_FOR_REDIRECTS: the host put in
	// the login redirect's URL in place of LoginView's own. Default "".
	ForceHostForRedirects string

	m *flasksession.Manager
}

// New returns a LoginManager with Flask-Login's defaults for the sessions
// of m, and registers on m the after-request function that sets, refreshes
// and clears the remember cookie (Flask-Login's _update_remember_cookie).
// Its remember cookies are signed with m.SecretKey and its clock is m.Now.
func New(m *flasksession.Manager) *LoginManager {
	lm := newDefaults(m)
	m.AfterRequest(lm.updateRememberCookie)
	return lm
}

// newDefaults returns a LoginManager with Flask-Login's defaults, not yet
// registered on m.
func newDefaults(m *flasksession.Manager) *LoginManager {
	return &LoginManager{
		SessionProtection: DefaultSessionProtection,
		RememberCookie: flasksession.CookieOptions{
			Name:     DefaultRememberCookieName,
			Path:     defaultRememberCookiePath,
			HTTPOnly: defaultRememberCookieHTTPOnly,
		},
		RememberDuration:            DefaultRememberDuration,
		LoginMessage:                DefaultLoginMessage,
		LoginMessageCategory:        DefaultMessageCategory,
		NeedsRefreshMessage:         DefaultNeedsRefreshMessage,
		NeedsRefreshMessageCategory: DefaultMessageCategory,
		m:                           m,
	}
}

// Validate reports a configuration error (ErrConfig naming the field)
// that would otherwise surface at a request: remember cookie options
// Werkzeug would refuse, or a LoginView or RefreshView that is not a URL.
func (lm *LoginManager) Validate() error {
	if _, err := lm.RememberCookie.DeleteCookieHeader(); err != nil {
		return fmt.Errorf("%w (in RememberCookie)", err)
	}
	for _, v := range []struct{ name, url string }{{"LoginView", lm.LoginView}, {"RefreshView", lm.RefreshView}} {
		if v.url != "" && !strings.HasPrefix(v.url, "/") && !strings.HasPrefix(v.url, "http://") && !strings.HasPrefix(v.url, "https://") {
			return fmt.Errorf("%w: %s %q is not a URL starting with /, http:// or https:// (Flask endpoint names mean nothing in Go)", ErrConfig, v.name, v.url)
		}
	}
	return nil
}

// now is the Manager's clock.
func (lm *LoginManager) now() time.Time {
	if lm.m.Now != nil {
		return lm.m.Now()
	}
	return time.Now()
}

// protection returns the session protection mode, "" when off.
func (lm *LoginManager) protection() string {
	switch lm.SessionProtection {
	case ProtectionBasic, ProtectionStrong:
		return lm.SessionProtection
	}
	return ""
}
