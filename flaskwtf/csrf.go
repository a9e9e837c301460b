package flaskwtf

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/itsdangerous"
)

// Salt is the salt Flask-WTF signs its tokens with (generate_csrf's
// URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")).
const Salt = "wtf-csrf-token"

// Flask-WTF's defaults (CSRFProtect.init_app).
const (
	DefaultFieldName = "csrf_token"
	DefaultTimeLimit = 3600 * time.Second
)

// CSRFProtect is Flask-WTF's CSRFProtect: it checks the CSRF token of every
// POST, PUT, PATCH and DELETE request, and lets handlers make tokens with
// GenerateCSRF. New returns one holding Flask-WTF's defaults; set its
// fields before the first request (or the first call of Validate,
// Middleware or Protect): they are read once, and later changes are
// ignored. Exempt may be called at any time. A CSRFProtect is safe for
// concurrent use.
type CSRFProtect struct {
	// Enabled is WTF_CSRF_ENABLED. Default true. When false, Middleware
	// checks nothing (GenerateCSRF still works); Protect still checks, as
	// Flask-WTF's csrf.protect() does.
	Enabled bool

	// CheckDefault is WTF_CSRF_CHECK_DEFAULT. Default true. When false,
	// Middleware checks nothing and only handlers wrapped with Protect
	// are checked.
	CheckDefault bool

	// Methods is WTF_CSRF_METHODS, the methods that are checked. Default
	// POST, PUT, PATCH and DELETE. Compared with the request's method
	// upper-cased, as Werkzeug's request.method is.
	Methods []string

	// FieldName is WTF_CSRF_FIELD_NAME. Default "csrf_token". It names
	// both the form field the token is read from (a field whose name ends
	// with it, as "signup-csrf_token" from a prefixed form, also counts)
	// and the session key holding the raw token.
	FieldName string

	// Headers is WTF_CSRF_HEADERS, the request headers read when the form
	// carries no token, in order. Default X-CSRFToken, X-CSRF-Token.
	Headers []string

	// TimeLimit is WTF_CSRF_TIME_LIMIT, how long a token stays valid.
	// 0 means the default, 3600 seconds; a negative value means no limit
	// (Flask-WTF's None). Whole seconds count, as in itsdangerous.
	TimeLimit time.Duration

	// SSLStrict is WTF_CSRF_SSL_STRICT. Default true: on HTTPS requests
	// the Referer header must also be present and of the request's own
	// origin (https://Host/).
	SSLStrict bool

	// SecretKey is WTF_CSRF_SECRET_KEY, the key tokens are signed and
	// checked with. Default "": the Manager's SecretKey. Only this one key
	// is used, never the Manager's SecretKeyFallbacks, exactly as in
	// Flask-WTF (which reads SECRET_KEY alone): after a key rotation,
	// tokens in pages rendered before it fail with ErrTokenInvalid.
	SecretKey string

	// ErrorHandler answers a request that failed the check; err matches
	// ErrCSRF and one of its reasons. Default (nil) DefaultErrorHandler:
	// 400 with the reason, as Flask-WTF's CSRFError.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

	// IsSecure reports whether a request came over HTTPS, which turns on
	// the SSLStrict referrer check (Werkzeug's request.is_secure). Default
	// (nil): r.TLS != nil. Behind a proxy that terminates TLS, return what
	// the trusted proxy says (X-Forwarded-Proto), as Werkzeug's ProxyFix
	// makes Flask do.
	IsSecure func(r *http.Request) bool

	m      *flasksession.Manager
	once   sync.Once
	st     *state
	stErr  error
	bypass atomic.Pointer[http.ServeMux]
}

// New returns a CSRFProtect with Flask-WTF's defaults for the sessions of
// m. Its handlers must run inside m.Middleware, which gives them the
// session that holds the raw token. Tokens are timed with m.Now (and m's
// ClockSkew), and signed with m.SecretKey unless SecretKey is set.
func New(m *flasksession.Manager) *CSRFProtect {
	return &CSRFProtect{
		Enabled:      true,
		CheckDefault: true,
		Methods:      []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		FieldName:    DefaultFieldName,
		Headers:      []string{"X-CSRFToken", "X-CSRF-Token"},
		SSLStrict:    true,
		m:            m,
	}
}

// state is what a CSRFProtect's fields become, checked once.
type state struct {
	c            *CSRFProtect
	enabled      bool
	checkDefault bool
	methods      []string
	field        string
	headers      []string // canonical keys of r.Header
	maxAge       time.Duration
	sslStrict    bool
	ser          *itsdangerous.URLSafeTimedSerializer
	onError      func(http.ResponseWriter, *http.Request, error)
	isSecure     func(*http.Request) bool
}

// Validate checks the configuration now and returns the error, matching
// flasksession.ErrConfig, that Middleware and Protect would otherwise panic
// with. Call it at start-up after setting the fields.
func (c *CSRFProtect) Validate() error {
	_, err := c.state()
	return err
}

func (c *CSRFProtect) state() (*state, error) {
	c.once.Do(func() { c.st, c.stErr = c.build() })
	return c.st, c.stErr
}

// mustState is state for the constructors of handlers, which panic on a
// bad configuration as http.ServeMux.Handle does on a bad pattern.
func (c *CSRFProtect) mustState() *state {
	st, err := c.state()
	if err != nil {
		panic(err)
	}
	return st
}

func (c *CSRFProtect) build() (*state, error) {
	if c.m == nil {
		return nil, &configError{"CSRFProtect has no Manager: create it with flaskwtf.New(m)"}
	}
	key := c.SecretKey
	if key == "" {
		key = c.m.SecretKey
	}
	if key == "" {
		return nil, errNoKey
	}
	if c.FieldName == "" {
		return nil, &configError{"FieldName (WTF_CSRF_FIELD_NAME) is empty; a field name is required to use CSRF"}
	}
	if c.m.ClockSkew < 0 {
		return nil, &configError{fmt.Sprintf("the Manager's ClockSkew %v is negative", c.m.ClockSkew)}
	}
	st := &state{
		c:            c,
		enabled:      c.Enabled,
		checkDefault: c.CheckDefault,
		methods:      append([]string(nil), c.Methods...),
		field:        c.FieldName,
		maxAge:       c.TimeLimit,
		sslStrict:    c.SSLStrict,
		onError:      c.ErrorHandler,
		isSecure:     c.IsSecure,
	}
	if st.maxAge == 0 {
		st.maxAge = DefaultTimeLimit
	}
	if st.maxAge < 0 {
		st.maxAge = itsdangerous.NoMaxAge
	}
	for _, h := range c.Headers {
		st.headers = append(st.headers, http.CanonicalHeaderKey(h))
	}
	if st.onError == nil {
		st.onError = DefaultErrorHandler
	}
	if st.isSecure == nil {
		st.isSecure = func(r *http.Request) bool { return r.TLS != nil }
	}
	now := c.m.Now
	if now == nil {
		now = time.Now
	}
	// Flask-WTF: URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token")
	// with itsdangerous's defaults (django-concat key derivation, SHA-1).
	ser, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte(key)},
		itsdangerous.WithSalt(Salt),
		itsdangerous.WithClock(now),
		itsdangerous.WithClockSkew(c.m.ClockSkew),
	)
	if err != nil {
		return nil, &configError{err.Error()}
	}
	st.ser = ser
	return st, nil
}

// errNoKey is generate_csrf's "A secret key is required to use CSRF."
var errNoKey = &configError{"a secret key is required to use CSRF: set Manager.SecretKey (SECRET_KEY) or CSRFProtect.SecretKey (WTF_CSRF_SECRET_KEY)"}

// checks reports whether requests with this method are checked.
func (st *state) checks(method string) bool {
	for _, m := range st.methods {
		if m == method {
			return true
		}
	}
	// Werkzeug upper-cases the method; Go keeps it as sent.
	for i := 0; i < len(method); i++ {
		if c := method[i]; c >= 'a' && c <= 'z' {
			up := toUpperASCII(method)
			for _, m := range st.methods {
				if m == up {
					return true
				}
			}
			return false
		}
	}
	return false
}

func toUpperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
