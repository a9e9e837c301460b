package flasklogin

import (
	"html"
	"net/http"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/werkzeug"
)

// LoginRequired returns next guarded as by Flask-Login's login_required:
// an anonymous request gets Unauthorized's answer instead (a redirect to
// LoginView, or 401). OPTIONS requests (CORS preflights) and every request
// when LoginDisabled is set pass through.
func (lm *LoginManager) LoginRequired(next http.Handler) http.Handler {
	return lm.guard(next, false)
}

// FreshLoginRequired returns next guarded as by Flask-Login's
// fresh_login_required: an anonymous request gets Unauthorized's answer,
// a logged-in one whose login is not fresh (restored from the remember
// cookie, or marked by session protection) NeedsRefresh's.
func (lm *LoginManager) FreshLoginRequired(next http.Handler) http.Handler {
	return lm.guard(next, true)
}

func (lm *LoginManager) guard(next http.Handler, fresh bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodOptions && !lm.LoginDisabled {
			if _, ok := UserID(r); !ok {
				lm.Unauthorized(w, r)
				return
			}
			if fresh && !LoginFresh(r) {
				lm.NeedsRefresh(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Unauthorized answers a request that needs a login, as Flask-Login's
// LoginManager.unauthorized: 401 when LoginView is empty; otherwise
// LoginMessage is flashed and the client redirected (302) to LoginView
// with the page asked for in its "next" query parameter, or, with
// UseSessionForNext, in the session's "next" (with "_id" set to the
// request's Identifier).
func (lm *LoginManager) Unauthorized(w http.ResponseWriter, r *http.Request) {
	lm.deny(w, r, lm.LoginView, lm.LoginMessage, lm.LoginMessageCategory)
}

// NeedsRefresh answers a request whose login is not fresh enough, as
// Flask-Login's LoginManager.needs_refresh: as Unauthorized, with
// RefreshView and NeedsRefreshMessage.
func (lm *LoginManager) NeedsRefresh(w http.ResponseWriter, r *http.Request) {
	lm.deny(w, r, lm.RefreshView, lm.NeedsRefreshMessage, lm.NeedsRefreshMessageCategory)
}

// unauthorizedDescription is the description of Werkzeug's Unauthorized
// exception, which Flask-Login's unauthorized() raises without a login view.
const unauthorizedDescription = "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."

func (lm *LoginManager) deny(w http.ResponseWriter, r *http.Request, view, message, category string) {
	if view == "" {
		werkzeug.WriteError(w, http.StatusUnauthorized, unauthorizedDescription)
		return
	}
	s := flasksession.FromContext(r.Context())
	if message != "" && s != nil {
		s.Flash(message, category)
	}
	var location string
	if lm.UseSessionForNext && s != nil {
		s.Set(KeyID, Identifier(r))
		s.Set(KeyNext, makeNextParam(view, requestURL(r)))
		location = view
	} else {
		location = loginURL(view, requestURL(r), lm.ForceHostForRedirects)
	}
	redirect(w, location)
}

// redirect writes Werkzeug's redirect(location) response: 302, the
// location as given, and its short HTML page.
func redirect(w http.ResponseWriter, location string) {
	h := w.Header()
	h.Set("Location", location)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusFound)
	esc := html.EscapeString(location)
	w.Write([]byte("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n" +
		"<p>You should be redirected automatically to the target URL: <a href=\"" + esc + "\">" + esc + "</a>. If not, click the link.\n"))
}
