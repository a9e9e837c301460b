// Package flaskwtf is the Go counterpart of Flask-WTF's CSRF protection
// (flask_wtf/csrf.py: generate_csrf, validate_csrf, CSRFProtect), on top of
// flasksession's shared session: a token made by Flask's generate_csrf is
// accepted here, and one made by GenerateCSRF is accepted by Flask.
//
// Flask-WTF keeps a random raw token in the session (key "csrf_token", 40
// hex digits) and puts it in pages signed with itsdangerous (salt
// "wtf-csrf-token", timestamped). Every POST, PUT, PATCH and DELETE must
// send the signed token back, in a form field or a header; it must verify,
// be younger than the time limit, and carry the session's raw token.
//
// # Quick start
//
//	m := flasksession.New(os.Getenv("FLASK_SECRET_KEY"))
//	csrf := flaskwtf.New(m)
//	csrf.Exempt("POST /webhooks/")
//
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /comments/new", func(w http.ResponseWriter, r *http.Request) {
//		token, err := flaskwtf.GenerateCSRF(r)
//		if err != nil {
//			http.Error(w, err.Error(), http.StatusInternalServerError)
//			return
//		}
//		fmt.Fprintf(w, `<form method="post" action="/comments">
//	<input type="hidden" name="csrf_token" value="%s"><textarea name="text"></textarea></form>`, token)
//	})
//	mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) {
//		fmt.Fprintf(w, "saved %q", r.PostFormValue("text"))
//	})
//	http.ListenAndServe("127.0.0.1:8080", m.Middleware(csrf.Middleware(mux)))
//
// This is the package Example, which runs as a test. The CSRFProtect
// middleware runs inside the Manager's, which gives it the session. The
// other examples show a form posted with a Flask-made token, a Go page
// whose token Flask accepts, and the JavaScript header flow.
//
// # Flask-WTF configuration
//
// New returns Flask-WTF's defaults; FromEnv reads the same variables as
// Flask's app.config.from_prefixed_env. CSRFProtect fields and the
// settings they mirror:
//
//	Key                     Go field                    Default
//	WTF_CSRF_ENABLED        CSRFProtect.Enabled         true
//	WTF_CSRF_CHECK_DEFAULT  CSRFProtect.CheckDefault    true
//	WTF_CSRF_METHODS        CSRFProtect.Methods         POST, PUT, PATCH, DELETE
//	WTF_CSRF_FIELD_NAME     CSRFProtect.FieldName       "csrf_token"
//	WTF_CSRF_HEADERS        CSRFProtect.Headers         X-CSRFToken, X-CSRF-Token
//	WTF_CSRF_TIME_LIMIT     CSRFProtect.TimeLimit       3600 s (0: default; negative: no limit, Flask-WTF's None)
//	WTF_CSRF_SSL_STRICT     CSRFProtect.SSLStrict       true
//	WTF_CSRF_SECRET_KEY     CSRFProtect.SecretKey       "" (the Manager's SecretKey, Flask's SECRET_KEY)
//	CSRFError handler       CSRFProtect.ErrorHandler    DefaultErrorHandler (400, the reason in Werkzeug's page)
//	@csrf.exempt            CSRFProtect.Exempt          ServeMux patterns
//	csrf.protect()          CSRFProtect.Protect         -
//	request.is_secure       CSRFProtect.IsSecure        r.TLS != nil
//
// Tokens are timed with the Manager's clock (Manager.Now) and tolerate its
// ClockSkew (default 0, Flask-WTF's exact rule).
//
// # Keys
//
// Tokens are signed and checked with one key, SecretKey if set, else the
// Manager's SecretKey: Flask-WTF does the same and never reads
// SECRET_KEY_FALLBACKS. After a key rotation, sessions survive (the
// Manager checks its fallbacks) but tokens rendered with the old key are
// rejected with ErrTokenInvalid until the page is loaded again.
//
// # Errors
//
// A failed check is one of ErrTokenMissing, ErrSessionTokenMissing,
// ErrTokenExpired, ErrTokenInvalid, ErrTokensMismatch, ErrReferrerMissing
// or ErrReferrerMismatch, all matching ErrCSRF; their messages are
// Flask-WTF's, so a client sees the same reason from either side.
//
// # Security
//
// Tokens are compared in constant time (as hmac.compare_digest), and a
// token longer than 4 KiB is rejected before any HMAC or base64 work. The
// messages of this package's errors and its error page hold no key and no
// token (the itsdangerous cause they wrap may quote part of the rejected
// token, as itsdangerous does). The raw token travels in
// the session cookie, which is signed, not encrypted, exactly as in Flask.
// The middleware reads the form body of checked requests, within
// net/http's own limits (10 MB for urlencoded bodies, 32 MB of multipart
// in memory); use http.MaxBytesReader before it for tighter ones.
//
// # Differences from Flask-WTF
//
// Flask-WTF checks a request only once it matched a route, so a POST to an
// unknown path gets 404 (or 405) there and 400 here. Where Python raises
// (a raw token in the session that is not a string, a Referer whose port
// is not a number) Flask answers 500; here the check fails with a reason.
// Werkzeug reads the form in body order while url.Values has none, so of
// several prefixed token fields the first non-empty in sorted name order
// is used.
package flaskwtf
