package flasklogin

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

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
// _secret_key encodes a str SECRET_KEY). It returns ErrKeyNotLatin1 for a
// key Flask-Login cannot encode and ErrInvalidUserID for an id that is not
// UTF-8.
func EncodeRememberCookie(key, userID string) (string, error) {
	if !utf8.ValidString(userID) {
		return "", ErrInvalidUserID
	}
	c, err := macFor(key)
	if err != nil {
		return "", err
	}
	var sum [sha512.Size]byte
	c.digest(&sum, userID)
	out := make([]byte, 0, len(userID)+1+2*sha512.Size)
	out = append(out, userID...)
	out = append(out, '|')
	out = hex.AppendEncode(out, sum[:])
	return string(out), nil
}

// DecodeRememberCookie returns the user id of a remember cookie value made
// by EncodeRememberCookie (or Flask-Login's encode_cookie) with key, and
// whether it verified, as Flask-Login's decode_cookie: the value is split
// at its last "|" and the hex digest compared in constant time (as
// strings: an upper-case digest does not verify). A value without "|",
// with a wrong digest, or with a key Flask-Login cannot encode gives ("",
// false). (Where Flask-Login raises on a digest holding non-ASCII
// characters, Go answers false.)
func DecodeRememberCookie(key, value string) (string, bool) {
	c, err := macFor(key)
	if err != nil {
		return "", false
	}
	if id, ok := c.verified.get(unsafeBytes(value)); ok {
		return id, true
	}
	id, ok := c.decode(value)
	if ok {
		c.verified.put([]byte(value), id)
	}
	return id, ok
}

// decode verifies value under c's key, without the cache.
func (c *macCache) decode(value string) (string, bool) {
	i := strings.LastIndexByte(value, '|')
	if i < 0 {
		return "", false
	}
	payload, digest := value[:i], value[i+1:]
	var got [sha512.Size]byte
	if !decodeLowerHex(got[:], digest) || !utf8.ValidString(payload) {
		return "", false
	}
	var want [sha512.Size]byte
	c.digest(&want, payload)
	if !hmac.Equal(got[:], want[:]) {
		return "", false
	}
	return payload, true
}

// decodeLowerHex decodes a hex digest as hexdigest() writes it: exactly
// 2*len(dst) lower-case digits.
func decodeLowerHex(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	for i := range dst {
		hi, lo := lowerHexDigit(s[2*i]), lowerHexDigit(s[2*i+1])
		if hi < 0 || lo < 0 {
			return false
		}
		dst[i] = byte(hi<<4 | lo)
	}
	return true
}

func lowerHexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	}
	return -1
}

// macCache keeps, for the last key used, HMAC-SHA512 states (so that a
// digest costs the compressions of its message, not also the key's inner
// and outer blocks, which crypto/hmac keeps after the first Reset) and the
// values that verified. A remember cookie is decoded on every request of a
// client that sends it without a logged-in session (an API client keeping
// only remember_token), and by each LoginRemembered call; the same value
// then verifies at the cost of one constant-time comparison.
type macCache struct {
	key      string
	pool     sync.Pool
	verified *memo
}

var lastMAC atomic.Pointer[macCache]

// macFor returns the cache for key, making it when key is not the last
// key used.
func macFor(key string) (*macCache, error) {
	c := lastMAC.Load()
	if c != nil && c.key == key {
		return c, nil
	}
	k, err := latin1Key(key)
	if err != nil {
		return nil, err
	}
	c = &macCache{key: key, verified: newMemo()}
	c.pool.New = func() any { return hmac.New(sha512.New, k) }
	lastMAC.Store(c)
	return c, nil
}

// digest computes Flask-Login's _cookie_digest(payload) into sum (raw,
// not hex).
func (c *macCache) digest(sum *[sha512.Size]byte, payload string) {
	mac := c.pool.Get().(hash.Hash)
	mac.Reset()
	io.WriteString(mac, payload)
	mac.Sum(sum[:0])
	c.pool.Put(mac)
}

// unsafeBytes views s as bytes, for reading only.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

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

// idString is str(session["_user_id"]) for the Go form of the value an app
// stored: a string is itself, an integer its decimal digits, anything else
// Python's str() of it.
func idString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return fmt.Sprint(x)
	case int:
		return fmt.Sprint(x)
	case *big.Int:
		return x.String()
	}
	return pyrepr.Str(v)
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
	value, err := EncodeRememberCookie(lm.m.SecretKey, idString(id))
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
