package flasksession

import (
	"errors"
	"fmt"
)

// The sentinel errors below reach the error hook ([Manager.ErrorHandler]) and
// are returned by the lower-level methods (Open, Save, EncodeCookie,
// DecodeCookie). Match them with errors.Is. An error about a cookie that did
// not verify or decode also wraps the underlying itsdangerous or tagjson
// error, so errors.Is(err, itsdangerous.ErrSignatureExpired) works through
// the chain, and errors.As reaches *itsdangerous.SignatureExpiredError and
// its signing time.
var (
	// ErrNoSecretKey reports a write to a session of a Manager without a
	// secret key (Flask's NullSession, which raises RuntimeError and
	// answers 500). The write is dropped; reads see an empty session. Set
	// [Manager.SecretKey] (Flask's SECRET_KEY) to a long random value;
	// [Manager.Validate] reports the missing key at start-up.
	ErrNoSecretKey = errors.New("flasksession: no secret key, session writes are dropped")

	// ErrInvalidCookie reports a session cookie that did not verify: wrong
	// key, tampered, expired, dated in the future, or malformed. Flask
	// ignores such a cookie and starts an empty session; so does this
	// package. It wraps the itsdangerous error (itsdangerous.ErrBadSignature
	// and its children).
	ErrInvalidCookie = errors.New("flasksession: invalid session cookie")

	// ErrUndecodable reports a cookie whose signature verified but whose
	// payload could not be turned into a session: bad base64 or zlib,
	// invalid UTF-8 or JSON, a bad tag, a top-level value that is not a
	// mapping, or a signed timestamp out of range. Flask answers such a
	// request with a 500; this package starts an empty session instead.
	ErrUndecodable = errors.New("flasksession: undecodable session payload")

	// ErrCookieValueTooLong reports a session cookie longer than
	// [Manager.MaxCookieValueLen]. It is rejected before any base64 or HMAC
	// work.
	ErrCookieValueTooLong = errors.New("flasksession: session cookie value too long")

	// ErrEncode reports a session value that cannot be written as Flask's
	// tagged JSON (a Go type with no Python equivalent). The cookie is not
	// sent; Flask raises TypeError and answers 500.
	ErrEncode = errors.New("flasksession: cannot encode session")

	// ErrCookieTooLarge reports a Set-Cookie header longer than
	// [Manager.MaxCookieSize] (Flask's MAX_COOKIE_SIZE, 4093). The header is
	// still sent, as Werkzeug does, but browsers may drop it silently: keep
	// less in the session (ids rather than objects) or store it server-side.
	ErrCookieTooLarge = errors.New("flasksession: Set-Cookie header too large, browsers may ignore it")

	// ErrModifiedAfterCommit reports a change to the session after the
	// response headers were written (first Write, Flush, final WriteHeader,
	// ReadFrom or Hijack). The change stays visible for the rest of the
	// request but cannot reach the cookie. Modify the session before
	// writing the response.
	ErrModifiedAfterCommit = errors.New("flasksession: session modified after the response headers were written")

	// ErrConfig reports a Manager field that cannot be used (an invalid
	// SameSite value, a cookie name or domain that cannot be written, an
	// empty fallback key ...); the message names the field. [Manager.Middleware]
	// panics with it; Open, Save, EncodeCookie and DecodeCookie return it;
	// [Manager.Validate] and [FromEnv] report it at start-up.
	ErrConfig = errors.New("flasksession: invalid configuration")
)

// CookieTooLargeError carries the sizes of a Set-Cookie header over
// [Manager.MaxCookieSize]. It matches [ErrCookieTooLarge] with errors.Is.
// Browsers may ignore such a header: keep less data in the session.
type CookieTooLargeError struct {
	Name      string // cookie name
	ValueLen  int    // bytes of the cookie value
	HeaderLen int    // bytes of the whole Set-Cookie header value
	Limit     int    // Manager.MaxCookieSize
}

func (e *CookieTooLargeError) Error() string {
	return fmt.Sprintf("flasksession: %q cookie's Set-Cookie header is %d bytes (value %d), over MaxCookieSize %d; browsers may ignore it",
		e.Name, e.HeaderLen, e.ValueLen, e.Limit)
}

// Unwrap returns ErrCookieTooLarge.
func (e *CookieTooLargeError) Unwrap() error { return ErrCookieTooLarge }

// wrap joins a sentinel of this package with a cause from a subpackage, so
// errors.Is matches both.
func wrap(sentinel, cause error) error {
	if cause == nil {
		return sentinel
	}
	return fmt.Errorf("%w: %w", sentinel, cause)
}
