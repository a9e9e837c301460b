// Package flasklogin is the Go counterpart of Flask-Login 0.6.3's session
// rules, so that a login made by a Flask app holds on Go routes and a
// login made in Go holds in Flask: the same session keys ("_user_id",
// "_fresh", "_id", "_remember", "_remember_seconds", "next"), the same
// remember cookie, the same session protection, the same redirects.
//
// # Quick start
//
//	m := flasksession.New(os.Getenv("FLASK_SECRET_KEY"))
//	lm := flasklogin.New(m)
//	lm.LoginView = "/login" // a URL: Flask's url_for("login")
//	lm.UserLoader = func(r *http.Request, id string) (any, error) {
//		return users.Find(r.Context(), id) // nil, nil: no such user
//	}
//	mux.Handle("/account", lm.LoginRequired(accountHandler))
//	http.ListenAndServe("127.0.0.1:8080", m.Middleware(lm.Middleware(mux)))
//
// Inside a handler, UserID and User are current_user (loaded once per
// request, on first use); LoginUser, LogoutUser and ConfirmLogin are
// login_user, logout_user and confirm_login; LoginFresh and
// LoginRemembered are login_fresh and login_remembered. LoginRequired and
// FreshLoginRequired are the decorators, and Unauthorized and NeedsRefresh
// the LoginManager methods they call. New registers Flask-Login's
// after_request function on the session Manager (see
// flasksession.Manager.AfterRequest): it sets, refreshes and clears the
// remember cookie as _update_remember_cookie does.
//
// # Flask-Login configuration
//
// New returns Flask-Login's defaults; FromEnv reads the same keys from the
// environment as the root package's FromEnv. Flask-Login settings and the
// LoginManager fields that mirror them:
//
//	Flask-Login                          LoginManager field            default
//	SESSION_PROTECTION                   SessionProtection             "basic"
//	user_loader                          UserLoader                    nil: every id is a user
//	REMEMBER_COOKIE_NAME                 RememberCookie.Name           "remember_token"
//	REMEMBER_COOKIE_DOMAIN               RememberCookie.Domain         none
//	REMEMBER_COOKIE_PATH                 RememberCookie.Path           "/"
//	REMEMBER_COOKIE_SECURE               RememberCookie.Secure         false
//	REMEMBER_COOKIE_HTTPONLY             RememberCookie.HTTPOnly       true
//	REMEMBER_COOKIE_SAMESITE             RememberCookie.SameSite       none
//	REMEMBER_COOKIE_DURATION             RememberDuration              365 days
//	REMEMBER_COOKIE_REFRESH_EACH_REQUEST RememberRefreshEachRequest    false
//	login_view                           LoginView                     "": 401
//	refresh_view                         RefreshView                   "": 401
//	login_message                        LoginMessage                  "Please log in to access this page."
//	login_message_category               LoginMessageCategory          "message"
//	needs_refresh_message                NeedsRefreshMessage           "Please reauthenticate to access this page."
//	needs_refresh_message_category       NeedsRefreshMessageCategory   "message"
//	USE_SESSION_FOR_NEXT                 UseSessionForNext             false
//	LOGIN_DISABLED                       LoginDisabled                 false
//	FORCE_HOST_FOR_REDIRECTS             ForceHostForRedirects         none
//	SECRET_KEY (remember cookie HMAC)    flasksession.Manager.SecretKey
//
// Set the fields before the first request. The clock is the session
// Manager's (Manager.Now), so a frozen clock freezes the remember cookie's
// expiry too.
//
// # What carries over, and what does not
//
// User ids are strings, as Flask-Login stores what get_id returns. An app
// that stored another type under "_user_id" is read as Python's str() of
// it (an int 42 is "42"); an empty id is a logged-in user. Login views are
// URLs (Go has no url_for); blueprint login views, request_loader,
// header_loader, the anonymous user class, localize_callback, the
// unauthorized and needs-refresh handlers and the signals have no
// counterpart: wrap the handler yourself for those. Where Flask-Login 0.6.2
// and 0.6.3 differ, this package follows 0.6.3 (the login view's query
// keeps its order, next goes last); the remember cookie's Set-Cookie is the
// one Werkzeug 3.1 writes (a Domain loses its leading dot), and request
// URLs are read as Werkzeug 3.1 reads them (host lower-cased, %2B kept).
//
// # The next parameter
//
// LoginRequired puts the page asked for in "next" as a local path when
// LoginView is on the request's host (as Flask-Login does; a request for
// "//other.example/" gives "/other.example/"). But anyone can link to
// "/login?next=https://evil.example/": as Flask-Login's documentation
// warns, a login view must check that next is a path on its own site
// (starting with one "/", not "//" nor "/\") before redirecting to it.
package flasklogin
