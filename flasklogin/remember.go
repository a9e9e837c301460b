package flasklogin

import (
	"crypto/hmac"
	"crypto/sha512"
	"hash"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyrepr"
)

// Session keys Flask-Login keeps (flask_login.config.SESSION_KEYS).
const (
	KeyUserID          = "_user_id"
	KeyFresh           = "_fresh"
	KeyID              = "_id"
	KeyRemember        = "_remember"
	KeyRememberSeconds = "_remember_seconds"
	KeyNext            = "next"
)

// sessionKeys are the keys strong session protection removes.
var sessionKeys = [...]string{KeyUserID, KeyRemember, KeyRememberSeconds, KeyID, KeyFresh, KeyNext}

// EncodeRememberCookie returns the remember cookie value for userID, as
// Flask-Login's encode_cookie: "userID|" followed by the hex HMAC-SHA512 of
// the UTF-8 id under key, the key encoded as Latin-1 (as Flask-Login's
// _secret_key encodes a str SECRET_KEY). It returns [ErrEmptyKey] for an
// empty key (which Flask-Login accepts, and anyone can sign with),
// [ErrKeyNotLatin1] for a key Flask-Login cannot encode and
// [ErrInvalidUserID] for an id that is not UTF-8.
func EncodeRememberCookie(key, userID string) (string, error) {
	if !utf8.ValidString(userID) {
		return "", ErrInvalidUserID
	}
	k, err := macKeyFor(key)
	if err != nil {
		return "", err
	}
	var sum [sha512.Size]byte
	k.digest(&sum, userID)
	var digest [2 * sha512.Size]byte
	encodeLowerHex(&digest, &sum)
	out := make([]byte, 0, len(userID)+1+len(digest))
	out = append(out, userID...)
	out = append(out, '|')
	out = append(out, digest[:]...)
	return string(out), nil
}

// DecodeRememberCookie returns the user id of a remember cookie value made
// by EncodeRememberCookie (or Flask-Login's encode_cookie) with key, and
// whether it verified, as Flask-Login's decode_cookie: the value is split
// at its last "|" and the hex digest compared in constant time (as
// strings: an upper-case digest does not verify). A value without "|",
// with a wrong digest, or with an empty key or one Flask-Login cannot
// encode gives ("", false). (Where Flask-Login raises on a digest holding
// non-ASCII characters, Go answers false.)
func DecodeRememberCookie(key, value string) (string, bool) {
	// rsplit("|", 1) then a 128-digit digest: the last "|" can only be
	// the one just before the digest, as "|" is not a hex digit.
	i := len(value) - 2*sha512.Size - 1
	if i < 0 || value[i] != '|' {
		return "", false
	}
	payload, digest := value[:i], value[i+1:]
	var got [sha512.Size]byte
	if !decodeLowerHex(&got, digest) || !utf8.ValidString(payload) {
		return "", false
	}
	k, err := macKeyFor(key)
	if err != nil {
		return "", false
	}
	var want [sha512.Size]byte
	k.digest(&want, payload)
	if !hmac.Equal(got[:], want[:]) {
		return "", false
	}
	return payload, true
}

// macKey holds HMAC-SHA512 states for one key, so that a digest costs the
// two compressions of its message (the payload's block, then the inner
// digest's) and not also the key's inner and outer blocks: crypto/hmac
// keeps those blocks' states after the first Reset and restores them on
// every later one.
type macKey struct {
	key  string
	pool sync.Pool // of *macState
}

// macState is one HMAC in use with the buffers it writes through, which
// live beside it on the heap so that passing them to the hash.Hash
// interface does not allocate.
type macState struct {
	mac   hash.Hash
	chunk [128]byte
	sum   [sha512.Size]byte
}

// lastMACKey is the states of the last key used: a process signs remember
// cookies with its one SECRET_KEY. A call with another key replaces it.
var lastMACKey atomic.Pointer[macKey]

// macKeyFor returns the HMAC states for key.
func macKeyFor(key string) (*macKey, error) {
	if k := lastMACKey.Load(); k != nil && k.key == key {
		return k, nil
	}
	if key == "" {
		return nil, ErrEmptyKey
	}
	raw, err := latin1Key(key)
	if err != nil {
		return nil, err
	}
	k := &macKey{key: key}
	k.pool.New = func() any { return &macState{mac: hmac.New(sha512.New, raw)} }
	lastMACKey.Store(k)
	return k, nil
}

// digest computes Flask-Login's _cookie_digest(payload) into sum (raw,
// not hex).
func (k *macKey) digest(sum *[sha512.Size]byte, payload string) {
	st := k.pool.Get().(*macState)
	st.mac.Reset()
	for len(payload) > 0 {
		n := copy(st.chunk[:], payload)
		st.mac.Write(st.chunk[:n])
		payload = payload[n:]
	}
	st.mac.Sum(st.sum[:0])
	*sum = st.sum
	k.pool.Put(st)
}

// latin1Key is key.encode("latin1") for the Python str key stands for.
func latin1Key(key string) ([]byte, error) {
	if !utf8.ValidString(key) {
		return nil, ErrKeyNotLatin1
	}
	out := make([]byte, 0, len(key))
	for _, c := range key {
		if c > 0xFF {
			return nil, ErrKeyNotLatin1
		}
		out = append(out, byte(c))
	}
	return out, nil
}

// updateRememberCookie is Flask-Login's after_request function
// _update_remember_cookie: it acts on the "_remember" instruction left in
// the session ("set" sends the remember cookie, "clear" deletes it), or,
// with RememberRefreshEachRequest, sends the cookie again whenever a user
// is logged in. Like Flask-Login it only tests membership until there is
// something to do, so an untouched session stays unaccessed.
func (lm *LoginManager) updateRememberCookie(r *http.Request, h http.Header, s *flasksession.Session) {
	if !s.Contains(KeyRemember) {
		if !lm.RememberRefreshEachRequest {
			return
		}
		s.Set(KeyRemember, "set")
	}
	op, _ := s.Pop(KeyRemember)
	switch op {
	case "set":
		if s.Contains(KeyUserID) {
			lm.setRememberCookie(r, h, s)
		}
	case "clear":
		lm.clearRememberCookie(r, h)
	}
}

// setRememberCookie is Flask-Login's _set_cookie.
func (lm *LoginManager) setRememberCookie(r *http.Request, h http.Header, s *flasksession.Session) {
	duration := lm.RememberDuration
	if s.Contains(KeyRememberSeconds) {
		v, _ := s.Get(KeyRememberSeconds)
		if d, ok := secondsDuration(v); ok {
			duration = d
		}
	}
	id, _ := s.Get(KeyUserID)
	value, err := EncodeRememberCookie(lm.m.SecretKey, pyrepr.Str(id))
	if err != nil {
		lm.report(r, err)
		return
	}
	header, err := lm.RememberCookie.SetCookieHeader(value, lm.now().Add(duration))
	if err != nil {
		lm.report(r, err)
		return
	}
	h.Add("Set-Cookie", header)
}

// clearRememberCookie is Flask-Login's _clear_cookie: delete_cookie with
// the cookie's name, domain and path only.
func (lm *LoginManager) clearRememberCookie(r *http.Request, h http.Header) {
	o := flasksession.CookieOptions{Name: lm.RememberCookie.Name, Domain: lm.RememberCookie.Domain, Path: lm.RememberCookie.Path}
	header, err := o.DeleteCookieHeader()
	if err != nil {
		lm.report(r, err)
		return
	}
	h.Add("Set-Cookie", header)
}

// secondsDuration is timedelta(seconds=v) for a number stored in
// "_remember_seconds" (Flask-Login stores a float), to the microsecond.
func secondsDuration(v any) (time.Duration, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case int64:
		f = float64(x)
	case int:
		f = float64(x)
	default:
		return 0, false
	}
	us := math.Round(f * 1e6)
	if math.IsNaN(us) || math.Abs(us) > float64(math.MaxInt64/int64(time.Microsecond)) {
		return 0, false
	}
	return time.Duration(us) * time.Microsecond, true
}

// report hands err to the Manager's ErrorHandler, or logs it.
func (lm *LoginManager) report(r *http.Request, err error) {
	if lm.m.ErrorHandler != nil {
		lm.m.ErrorHandler(r, err)
		return
	}
	slog.Warn("flasklogin: remember cookie not sent", slog.String("error", err.Error()))
}
