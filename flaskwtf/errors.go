package flaskwtf

import (
	"errors"
	"net/http"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/werkzeug"
)

// The errors of a failed check. Their messages are Flask-WTF's own, word for
// word, so that a Go service and a Flask app give a client the same reason
// (Flask-WTF's csrf.py: validate_csrf's ValidationError messages and
// CSRFProtect.protect's referrer messages). Each matches ErrCSRF with
// errors.Is; ErrTokenExpired and ErrTokenInvalid also wrap the itsdangerous
// error that caused them.
var (
	// ErrCSRF matches every error of a failed CSRF check, as Flask-WTF's
	// CSRFError is raised for each of them. Its message is CSRFError's
	// description.
	ErrCSRF error = &reasonError{msg: "CSRF validation failed."}

	// ErrTokenMissing: the request carries no token (no form field, no
	// header), or an empty one.
	ErrTokenMissing error = &reasonError{msg: "The CSRF token is missing.", parent: ErrCSRF}

	// ErrSessionTokenMissing: the session has no raw token (no page with
	// a token was rendered in this session, or the session was cleared or
	// its cookie rejected).
	ErrSessionTokenMissing error = &reasonError{msg: "The CSRF session token is missing.", parent: ErrCSRF}

	// ErrTokenExpired: the token's signature is valid but older than
	// TimeLimit (or dated in the future).
	ErrTokenExpired error = &reasonError{msg: "The CSRF token has expired.", parent: ErrCSRF}

	// ErrTokenInvalid: the token does not verify (tampered, another key or
	// salt, malformed).
	ErrTokenInvalid error = &reasonError{msg: "The CSRF token is invalid.", parent: ErrCSRF}

	// ErrTokensMismatch: the token verifies but was made for another
	// session's raw token.
	ErrTokensMismatch error = &reasonError{msg: "The CSRF tokens do not match.", parent: ErrCSRF}

	// ErrReferrerMissing: an HTTPS request without a Referer header, under
	// SSLStrict.
	ErrReferrerMissing error = &reasonError{msg: "The referrer header is missing.", parent: ErrCSRF}

	// ErrReferrerMismatch: an HTTPS request whose Referer is not of the
	// request's own origin, under SSLStrict.
	ErrReferrerMismatch error = &reasonError{msg: "The referrer does not match the host.", parent: ErrCSRF}
)

// Errors that are not a verdict on the request but a mistake in how the
// handlers are wrapped.
var (
	// ErrNotProtected is returned by GenerateCSRF and ValidateCSRF for a
	// request that did not pass through CSRFProtect.Middleware or Protect,
	// which carry the configuration (Flask's "working outside of
	// application context").
	ErrNotProtected = errors.New("flaskwtf: no CSRFProtect for this request: wrap the handler with CSRFProtect.Middleware or CSRFProtect.Protect")

	// ErrNoSession is returned for a request without a flasksession
	// session: put CSRFProtect.Middleware inside Manager.Middleware.
	ErrNoSession = errors.New("flaskwtf: no session for this request: wrap the handler with flasksession's Manager.Middleware outside CSRFProtect.Middleware")
)

// reasonError is one of Flask-WTF's failure reasons.
type reasonError struct {
	msg    string
	parent error
}

func (e *reasonError) Error() string { return e.msg }

// Unwrap returns ErrCSRF for every reason but ErrCSRF itself.
func (e *reasonError) Unwrap() error { return e.parent }

// causedError is a reason with the itsdangerous error behind it, as
// Flask-WTF raises ValidationError "from" the itsdangerous exception. Its
// message is the reason's alone.
type causedError struct {
	reason, cause error
}

func (e *causedError) Error() string   { return e.reason.Error() }
func (e *causedError) Unwrap() []error { return []error{e.reason, e.cause} }

// configError reports a field that cannot be used. It matches
// flasksession.ErrConfig.
type configError struct{ msg string }

func (e *configError) Error() string        { return "flaskwtf: invalid configuration: " + e.msg }
func (e *configError) Is(target error) bool { return target == flasksession.ErrConfig }

// DefaultErrorHandler answers a failed check as Flask-WTF's CSRFError does
// by default: 400 Bad Request with Werkzeug's HTML error page, the reason as
// its description. Any other error (ErrNoSession: the handlers are wrapped
// the wrong way round) is a 500 Internal Server Error.
func DefaultErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, ErrCSRF) {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	werkzeug.WriteError(w, http.StatusBadRequest, err.Error())
}
