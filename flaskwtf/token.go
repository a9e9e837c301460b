package flaskwtf

import (
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// ctxKey is the context key of the request's *reqState.
type ctxKey struct{}

// reqState is one request's CSRF state: its configuration and Flask-WTF's
// g.csrf_token. It is the context handed to the handler, so that the whole
// state costs one allocation.
type reqState struct {
	context.Context
	st *state

	mu    sync.Mutex
	token string // the signed token, once made
}

func (rs *reqState) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return rs
	}
	return rs.Context.Value(key)
}

func (rs *reqState) String() string { return "flaskwtf.reqState" }

func stateFrom(ctx context.Context) *reqState {
	rs, _ := ctx.Value(ctxKey{}).(*reqState)
	return rs
}

// GenerateCSRF returns the signed CSRF token to put in the request's page,
// as Flask-WTF's generate_csrf: the session's raw token (session key
// FieldName) signed with the CSRFProtect's key and the current time. The
// raw token is created when the session has none, 40 hex digits (SHA-1 of
// 64 random bytes), and then sent to the client in the session cookie. All
// calls in one request return the same token.
//
// A raw token that is not a string is replaced too. Flask-WTF replaces it
// only when JSON cannot encode it; it signs an int or a list, and every
// later check of such a token fails with a TypeError (500).
//
// r must have passed through CSRFProtect.Middleware or Protect
// (ErrNotProtected) inside Manager.Middleware (ErrNoSession). With a
// Manager without a secret key, whose session cannot be written, it
// returns flasksession.ErrNoSecretKey.
func GenerateCSRF(r *http.Request) (string, error) {
	rs := stateFrom(r.Context())
	if rs == nil {
		return "", ErrNotProtected
	}
	s := flasksession.FromContext(r.Context())
	if s == nil {
		return "", ErrNoSession
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.token != "" {
		return rs.token, nil
	}
	st := rs.st
	raw, ok := rawToken(s, st.field)
	if !ok {
		raw = newRawToken()
		s.Set(st.field, raw)
		if _, stored := s.Get(st.field); !stored {
			return "", flasksession.ErrNoSecretKey
		}
	}
	tok, err := st.ser.Dumps(raw)
	if err != nil {
		return "", err
	}
	rs.token = tok
	return tok, nil
}

// rawToken returns the session's raw token when it is a string.
func rawToken(s *flasksession.Session, field string) (string, bool) {
	v, ok := s.Get(field)
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case string:
		return v, true
	case tagjson.Markup: // a str subclass in Python
		return string(v), true
	}
	return "", false
}

// newRawToken is generate_csrf's hashlib.sha1(os.urandom(64)).hexdigest().
func newRawToken() string {
	var b [64]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("flaskwtf: crypto/rand failed: " + err.Error()) // Go 1.24 and later crash inside Read instead
	}
	sum := sha1.Sum(b[:])
	return hex.EncodeToString(sum[:])
}

// ValidateCSRF checks token against the request's session as Flask-WTF's
// validate_csrf does, in its order: ErrTokenMissing (token empty),
// ErrSessionTokenMissing, ErrTokenExpired (older than TimeLimit),
// ErrTokenInvalid (bad signature or payload), ErrTokensMismatch. It returns
// nil for a valid token. It does not look at the Referer (the middleware
// does, on HTTPS).
//
// r must have passed through CSRFProtect.Middleware or Protect
// (ErrNotProtected) inside Manager.Middleware (ErrNoSession).
func ValidateCSRF(r *http.Request, token string) error {
	rs := stateFrom(r.Context())
	if rs == nil {
		return ErrNotProtected
	}
	return rs.st.validate(r, token)
}

// scratch holds the buffers validate works in: the token's bytes (the
// HMAC reads them through an interface, so a stack array would escape) and
// the decoded payload. A token of Flask-WTF's (about 90 bytes) fits; a
// longer one only costs an allocation.
type scratch struct {
	token, payload []byte
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{token: make([]byte, 0, 192), payload: make([]byte, 0, 192)}
}}

// maxPooled bounds the payload buffers kept in scratchPool, so that one
// payload that inflated a lot does not pin memory.
const maxPooled = 8 << 10

// maxTokenLen bounds the tokens validate verifies. Flask-WTF's are about
// 90 bytes; a longer one is rejected as invalid before any HMAC or base64
// work, where Python would do that work and reach the same verdict.
const maxTokenLen = 4 << 10

func (st *state) validate(r *http.Request, token string) error {
	if token == "" {
		return ErrTokenMissing
	}
	s := flasksession.FromContext(r.Context())
	if s == nil {
		return ErrNoSession
	}
	// `field_name not in session`, which Flask does not count as a use of
	// the session (no Vary: Cookie), unlike the read after the signature.
	if !s.Contains(st.field) {
		return ErrSessionTokenMissing
	}
	if len(token) > maxTokenLen {
		return &causedError{ErrTokenInvalid, &itsdangerous.BadSignatureError{Message: "token longer than " + strconv.Itoa(maxTokenLen) + " bytes"}}
	}
	sc := scratchPool.Get().(*scratch)
	defer func() {
		if cap(sc.payload) <= maxPooled {
			scratchPool.Put(sc)
		}
	}()
	sc.token = append(sc.token[:0], token...)
	payload, _, err := st.ser.AppendVerifyPayload(sc.payload[:0], sc.token, st.maxAge)
	sc.payload = payload[:0]
	if err != nil {
		if errors.Is(err, itsdangerous.ErrSignatureExpired) {
			return &causedError{ErrTokenExpired, err}
		}
		// BadData, and a signed timestamp Python cannot convert.
		return &causedError{ErrTokenInvalid, err}
	}
	got, ok := jsonString(payload)
	if !ok {
		var v any
		if err := json.Unmarshal(payload, &v); err != nil {
			// itsdangerous's load_payload turns any exception into
			// BadPayload.
			return &causedError{ErrTokenInvalid, &itsdangerous.BadPayloadError{Message: "Could not load the payload because an exception occurred on unserializing the data.", Err: err}}
		}
		str, isStr := v.(string)
		if !isStr {
			// Python's compare_digest raises TypeError on a non-string:
			// a 500 in Flask, a mismatch here.
			return ErrTokensMismatch
		}
		got = []byte(str)
	}
	want, ok := rawToken(s, st.field)
	if !ok {
		return ErrTokensMismatch // a TypeError in Flask-WTF too
	}
	if !equalConstantTime(got, want) {
		return ErrTokensMismatch
	}
	return nil
}

// equalConstantTime is hmac.compare_digest: its time depends on the
// lengths only.
func equalConstantTime(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := range a {
		v |= a[i] ^ b[i]
	}
	return subtle.ConstantTimeByteEq(v, 0) == 1
}

// jsonString returns the contents of a JSON string without escapes (every
// token Flask-WTF or GenerateCSRF makes), without allocating.
func jsonString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	in := b[1 : len(b)-1]
	for _, c := range in {
		if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
	}
	return in, true
}
