package flasksession

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// Defaults the Manager applies, to the fields of the same names, when a
// field is 0 (a negative limit means no limit). The bounds on what a
// request's cookie may make the server do are tighter than the subpackages'
// own defaults (tagjson.DefaultMaxDepth, itsdangerous.DefaultMaxDecompressedSize),
// which serve data other than 4 KB session cookies.
const (
	DefaultMaxCookieValueLen   = 8 << 10
	DefaultMaxDecompressedSize = 64 << 10
	DefaultMaxDepth            = 128
	DefaultMaxIntDigits        = 4300
	DefaultMaxCookieSize       = 4093
	DefaultLifetime            = 31 * 24 * time.Hour
	DefaultSalt                = "cookie-session"
)

// Manager reads and writes Flask session cookies. New returns one holding
// Flask's defaults; change its fields before the first request (or the
// first call of Open, Save, EncodeCookie, DecodeCookie, Validate or
// Middleware): the signing state is built once from them, and later
// changes are ignored. Create Managers with New or FromEnv; a Manager
// built by hand gets the same bounds (a limit left at 0 is its default),
// but no cookie name, so [Manager.Validate] refuses it. A Manager is safe
// for concurrent use.
type Manager struct {
	// SecretKey is SECRET_KEY, the key new cookies are signed with. Empty
	// means no sessions: every request sees an empty session and writes
	// are reported as [ErrNoSecretKey] (Flask's NullSession), and
	// [Manager.Validate] reports the empty key.
	SecretKey string

	// SecretKeyFallbacks is SECRET_KEY_FALLBACKS: old keys still accepted
	// when verifying, never used to sign. Flask tries SecretKey first, then
	// these from last to first. Default none. An empty key is refused
	// (Flask accepts it, and then anyone can sign a session).
	SecretKeyFallbacks []string

	// Lifetime is PERMANENT_SESSION_LIFETIME. Default 31 days. It is the
	// maximum age of every cookie, permanent or not (whole seconds, as
	// Flask truncates it), and a permanent cookie's Expires is now +
	// Lifetime. Zero accepts only cookies signed in the current second.
	Lifetime time.Duration

	// RefreshEachRequest is SESSION_REFRESH_EACH_REQUEST. Default true: a
	// permanent session is re-signed and sent again on every request, even
	// one that does not use it.
	RefreshEachRequest bool

	// Cookie holds the SESSION_COOKIE_* settings.
	Cookie CookieOptions

	// MaxCookieSize is MAX_COOKIE_SIZE. Default (0) 4093. A Set-Cookie
	// header longer than this is still sent, as in Flask, and reported to
	// the error hook as a [*CookieTooLargeError] ([ErrCookieTooLarge]). A
	// negative value disables the check (Flask's MAX_COOKIE_SIZE = 0,
	// which [FromEnv] translates).
	MaxCookieSize int

	// Salt is SecureCookieSessionInterface.salt. Default (or empty)
	// [DefaultSalt], "cookie-session".
	Salt string

	// Digest is SecureCookieSessionInterface.digest_method. Default (nil)
	// SHA-1, inside HMAC.
	Digest func() hash.Hash

	// KeyDerivation is SecureCookieSessionInterface.key_derivation.
	// Default (empty) itsdangerous.DerivationHMAC.
	KeyDerivation itsdangerous.KeyDerivation

	// Serializer encodes and decodes the session payload. Default (nil)
	// Flask's: tagjson.NewSerializer() with sorted keys and ASCII output.
	// Set one to mirror an app whose app.json provider changed sort_keys
	// or ensure_ascii, or that registered its own tags. The Manager uses a
	// copy bounded by its own MaxDepth and MaxIntDigits, whatever the
	// Serializer's fields say.
	Serializer *tagjson.Serializer

	// The limits below bound what a request's cookie can make the server
	// do. Each is the default named after it when 0, and no limit when
	// negative (Flask has none of them).

	// MaxCookieValueLen bounds the session cookie value read from a
	// request, checked before any base64 or HMAC work. Default
	// [DefaultMaxCookieValueLen], 8 KiB (browsers keep at most about 4 KB
	// per cookie). A longer value gives an empty session and
	// [ErrCookieValueTooLong].
	MaxCookieValueLen int

	// MaxDecompressedSize bounds the inflated payload of a compressed
	// cookie, so a zlib bomb costs little. Default
	// [DefaultMaxDecompressedSize], 64 KiB.
	MaxDecompressedSize int

	// MaxDepth bounds the nesting of JSON arrays and objects in a payload
	// (a tag counts as a level), when decoding and encoding. Default
	// [DefaultMaxDepth], 128; Flask fails past about 330 levels with
	// RecursionError.
	MaxDepth int

	// MaxIntDigits bounds the digits of one integer literal in a payload.
	// Default [DefaultMaxIntDigits], 4300, Python's own limit
	// (sys.get_int_max_str_digits).
	MaxIntDigits int

	// ErrorHandler receives every error a request cannot return: a cookie
	// that did not verify or decode, a value that cannot be encoded, a
	// cookie over MaxCookieSize, a change after the response was
	// committed, a write without a secret key. The request is nil when the
	// error comes from a call without one. Default (nil) logs with
	// log/slog's default logger: ErrInvalidCookie (expired, old key,
	// tampered: routine) and ErrCookieValueTooLong (anyone can send one)
	// at level Debug, the rest at Warn. Messages never
	// contain a key or a whole cookie.
	ErrorHandler func(*http.Request, error)

	// Now is the clock used for signing timestamps, age checks and
	// Expires. Default (nil) time.Now. For tests.
	Now func() time.Time

	// ClockSkew tolerates hosts whose clocks disagree: a cookie signed up
	// to ClockSkew in the future is accepted, and one expires ClockSkew
	// after Lifetime. Default 0, Flask's exact rule (itsdangerous's
	// TimestampSigner.unsign refuses age < 0): a cookie
	// signed even one second ahead of this host's clock is rejected, so a
	// Flask host whose clock runs ahead logs users out of the Go side.
	// Flask itself has no such setting; keep clocks synchronised (NTP) and
	// use a few seconds here only to absorb what remains. Whole seconds.
	ClockSkew time.Duration

	once  sync.Once
	st    *state
	stErr error
	after afterHooks
}

// New returns a Manager with Flask's defaults and the given SECRET_KEY.
func New(secretKey string) *Manager {
	return &Manager{
		SecretKey:          secretKey,
		Lifetime:           DefaultLifetime,
		RefreshEachRequest: true,
		Cookie: CookieOptions{
			Name:     "session",
			Path:     "/",
			HTTPOnly: true,
		},
		MaxCookieSize:       DefaultMaxCookieSize,
		Salt:                DefaultSalt,
		KeyDerivation:       itsdangerous.DerivationHMAC,
		MaxCookieValueLen:   DefaultMaxCookieValueLen,
		MaxDecompressedSize: DefaultMaxDecompressedSize,
		MaxDepth:            DefaultMaxDepth,
		MaxIntDigits:        DefaultMaxIntDigits,
	}
}

// state is what a Manager's fields become: checked, derived and
// precomputed once.
type state struct {
	null          bool // no secret key
	name          string
	cookie        cookieFormat
	codec         *codec
	lifetime      time.Duration
	refresh       bool
	maxCookieSize int
	errorHandler  func(*http.Request, error)
	now           func() time.Time
	after         *afterHooks // AfterRequest functions, read at each commit
}

// Validate builds the Manager's signing state now and returns the
// configuration error, if any, that would otherwise surface at the first
// request, matching [ErrConfig] and naming the field. Call it at start-up
// after setting the fields.
//
// Validate also reports an empty SecretKey, with an error that matches
// both ErrConfig and [ErrNoSecretKey]: without a key every session is
// empty and read-only, which is never what a service that uses sessions
// wants. The middleware itself serves such a Manager as Flask serves an
// app without SECRET_KEY (its null session); a service that wants that
// accepts the one error:
//
//	if err := m.Validate(); err != nil && !errors.Is(err, flasksession.ErrNoSecretKey) {
//		log.Fatal(err)
//	}
func (m *Manager) Validate() error {
	st, err := m.state()
	if err != nil {
		return err
	}
	if st.null {
		return errEmptySecretKey
	}
	return nil
}

func (m *Manager) state() (*state, error) {
	m.once.Do(func() { m.st, m.stErr = m.build() })
	return m.st, m.stErr
}

func (m *Manager) build() (*state, error) {
	st := &state{
		lifetime:      m.Lifetime,
		refresh:       m.RefreshEachRequest,
		maxCookieSize: limit(m.MaxCookieSize, DefaultMaxCookieSize),
		errorHandler:  m.ErrorHandler,
		now:           m.Now,
		after:         &m.after,
	}
	if st.now == nil {
		st.now = time.Now
	}
	switch {
	case m.Lifetime < 0:
		return nil, fmt.Errorf("%w: Lifetime %v is negative (Flask's PERMANENT_SESSION_LIFETIME; 0 means only the current second)", ErrConfig, m.Lifetime)
	case m.ClockSkew < 0:
		return nil, fmt.Errorf("%w: ClockSkew %v is negative (use 0 for Flask's exact rule)", ErrConfig, m.ClockSkew)
	}
	for i, k := range m.SecretKeyFallbacks {
		if k == "" {
			return nil, fmt.Errorf("%w: SecretKeyFallbacks[%d] is empty: anyone could sign sessions with it", ErrConfig, i)
		}
	}
	cf, err := m.Cookie.format()
	if err != nil {
		return nil, err
	}
	st.cookie, st.name = cf, cf.name
	if m.SecretKey == "" {
		st.null = true
		return st, nil
	}
	st.codec, err = newCodec(m, st.now)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// limit resolves one of the Manager's limits: 0 is def, and a negative
// value (no limit) stays negative.
func limit(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// errEmptySecretKey is what Validate reports for an empty SecretKey.
var errEmptySecretKey error = noSecretKeyError{}

type noSecretKeyError struct{}

func (noSecretKeyError) Error() string {
	return "flasksession: invalid configuration: SecretKey is empty, so sessions are empty and read-only (set it to the Flask app's SECRET_KEY)"
}

// Unwrap returns ErrConfig and ErrNoSecretKey.
func (noSecretKeyError) Unwrap() []error { return []error{ErrConfig, ErrNoSecretKey} }

// report hands err to the error hook.
func (st *state) report(r *http.Request, err error) {
	if st.errorHandler != nil {
		st.errorHandler(r, err)
		return
	}
	attrs := []any{slog.String("error", err.Error())}
	if r != nil {
		attrs = append(attrs, slog.String("method", r.Method), slog.String("path", r.URL.Path))
	}
	level := slog.LevelWarn
	if errors.Is(err, ErrInvalidCookie) || errors.Is(err, ErrCookieValueTooLong) {
		// Expired cookies and cookies signed with a retired key are
		// routine, and anyone can send an oversized cookie: logging those
		// at Warn would let clients without a key flood the log.
		level = slog.LevelDebug
	}
	slog.Log(context.Background(), level, "flasksession: session error", attrs...)
}

// brokenState serves requests of a Manager whose configuration failed.
func (m *Manager) brokenState() *state {
	return &state{null: true, errorHandler: m.ErrorHandler}
}

// Open reads the session cookie of r now (the middleware does it lazily).
// It always returns a usable session: an empty one when there is no cookie
// or the cookie is rejected, with the error (ErrInvalidCookie,
// ErrUndecodable, ErrCookieValueTooLong, or ErrConfig). Open does not call
// the error hook; errors from later writes to the session do.
func (m *Manager) Open(r *http.Request) (*Session, error) {
	st, err := m.state()
	if err != nil {
		return newSession(m.brokenState(), r), err
	}
	s := &Session{st: st, r: r}
	err = s.loadLocked()
	return s, err
}

// Save writes s into w's headers as Flask's save_session does: "Vary:
// Cookie" if the session was accessed; a deleting Set-Cookie if it was
// emptied; a new cookie if it was modified, or is permanent and
// RefreshEachRequest is set. Call it once, before the response's header is
// written. It returns ErrEncode, or a *CookieTooLargeError after adding
// the (too large) header. After Save the session is committed: a later
// change is reported as ErrModifiedAfterCommit, and a second Save (or the
// middleware's own save, when s came from FromContext) writes nothing and
// returns ErrModifiedAfterCommit if the session changed in between.
func (m *Manager) Save(w http.ResponseWriter, s *Session) error {
	st, err := m.state()
	if err != nil {
		return err
	}
	st.runAfterRequest(w.Header(), s)
	s.mu.Lock()
	if s.committed {
		changed := s.lateWrite
		s.mu.Unlock()
		if changed {
			return fmt.Errorf("%w (Save called after the session was saved)", ErrModifiedAfterCommit)
		}
		return nil
	}
	s.committed = true
	var loadErr error
	if !s.loaded {
		loadErr = s.loadLocked()
	}
	err = st.saveLocked(w.Header(), s)
	s.mu.Unlock()
	return errors.Join(loadErr, err)
}

// bufPool holds the buffers Set-Cookie headers are built in.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// saveLocked is Flask's SecureCookieSessionInterface.save_session
// (flask/sessions.py), with s.mu held.
func (st *state) saveLocked(h http.Header, s *Session) error {
	if st.null {
		return nil
	}
	if s.accessed {
		addVaryCookieTo(h, s)
	}
	if len(s.values) == 0 {
		if s.modified {
			if sc := h["Set-Cookie"]; len(sc) == 0 {
				h["Set-Cookie"] = s.headerSlot(0, st.cookie.delete)
			} else {
				h["Set-Cookie"] = append(sc, st.cookie.delete)
			}
			addVaryCookieTo(h, s)
		}
		return nil
	}
	permanent := truthy(s.values[PermanentKey])
	if !s.modified && !(permanent && st.refresh) {
		return nil
	}
	now := st.now()
	var expires time.Time
	if permanent {
		expires = now.Add(st.lifetime)
	}
	bp := bufPool.Get().(*[]byte)
	valueLen := 0
	buf, err := st.cookie.appendSetCookie((*bp)[:0], expires, func(dst []byte) ([]byte, error) {
		start := len(dst)
		dst, err := st.codec.appendToken(dst, s.payload())
		valueLen = len(dst) - start
		return dst, err
	})
	if err != nil {
		putBuf(bp, buf)
		return err
	}
	header := string(buf)
	putBuf(bp, buf)
	if sc := h["Set-Cookie"]; len(sc) == 0 {
		h["Set-Cookie"] = s.headerSlot(0, header)
	} else {
		h["Set-Cookie"] = append(sc, header)
	}
	addVaryCookieTo(h, s)
	if st.maxCookieSize >= 0 && len(header) > st.maxCookieSize {
		return &CookieTooLargeError{Name: st.name, ValueLen: valueLen, HeaderLen: len(header), Limit: st.maxCookieSize}
	}
	return nil
}

// Middleware returns next wrapped so that each request has a *Session
// (FromContext(r.Context())), opened lazily from the session cookie, and
// saved into the response headers at the commit point: the first final
// WriteHeader, Write, ReadFrom, Flush or Hijack, or the handler's return.
// 1xx informational responses (103 Early Hints) pass through without the
// cookie. The request given to next is a shallow copy; the caller's is not
// modified. A request that carries no session cookie and never touches
// the session costs two allocations: the request copy r.WithContext makes,
// and one holding the response-writer wrapper, the session and the
// context together. Nothing is parsed until the session is used.
//
// Middleware has the type func(http.Handler) http.Handler, so it chains
// with alice, chi's Use and plain wrapping. It panics if the Manager's
// configuration is invalid (see Validate).
func (m *Manager) Middleware(next http.Handler) http.Handler {
	st, err := m.state()
	if err != nil {
		panic(err)
	}
	return &handler{st: st, next: next}
}

type handler struct {
	st   *state
	next http.Handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s := FromContext(r.Context()); s != nil && s.st == h.st {
		// The same Manager's middleware is already in the chain (e.g. chi's
		// Use on a router and a subrouter): a second wrapper would save a
		// stale copy of the session after the first one.
		h.next.ServeHTTP(w, r)
		return
	}
	rw := &responseWriter{ResponseWriter: w}
	rw.sess.st = h.st
	rw.ctx.parent = r.Context()
	rw.ctx.s = &rw.sess
	r2 := r.WithContext(&rw.ctx)
	rw.sess.r = r2
	defer rw.finish()
	h.next.ServeHTTP(rw, r2)
}

// responseWriter is the commit point. It holds the request's Session and
// context so that the whole per-request state is one allocation.
type responseWriter struct {
	http.ResponseWriter
	sess      Session
	ctx       sessionCtx
	committed bool
	hijacked  bool
}

var (
	_ http.Flusher  = (*responseWriter)(nil)
	_ http.Hijacker = (*responseWriter)(nil)
	_ io.ReaderFrom = (*responseWriter)(nil)
	_ interface {
		Unwrap() http.ResponseWriter
	} = (*responseWriter)(nil)
	_ interface{ FlushError() error } = (*responseWriter)(nil)
	_ context.Context                 = (*sessionCtx)(nil)
)

// commit saves the session into the headers, once.
func (w *responseWriter) commit() {
	if w.committed {
		return
	}
	w.committed = true
	s, st := &w.sess, w.sess.st
	st.runAfterRequest(w.ResponseWriter.Header(), s)
	s.mu.Lock()
	if s.committed {
		// Already saved by an explicit Manager.Save; a change since was
		// reported when it was made.
		s.mu.Unlock()
		return
	}
	s.committed = true
	var loadErr error
	if !s.loaded {
		// Untouched session: Flask re-sends only a permanent cookie, and
		// only with RefreshEachRequest; otherwise nothing to do or read.
		// Without a cookie, loading is one scan of the Cookie header and
		// saving does nothing.
		if st.null || !st.refresh {
			s.mu.Unlock()
			return
		}
		loadErr = s.loadLocked()
	}
	err := st.saveLocked(w.ResponseWriter.Header(), s)
	s.mu.Unlock()
	if loadErr != nil {
		st.report(s.r, loadErr)
	}
	if err != nil {
		st.report(s.r, err)
	}
}

// finish runs when the handler returns (or panics).
func (w *responseWriter) finish() {
	if !w.hijacked {
		w.commit()
	}
}

// WriteHeader commits on a final status; 1xx informational responses other
// than 101 pass through and leave the headers open.
func (w *responseWriter) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols || code < 100 {
		w.commit()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write commits, then writes.
func (w *responseWriter) Write(b []byte) (int, error) {
	w.commit()
	return w.ResponseWriter.Write(b)
}

// ReadFrom commits, then copies, using the underlying writer's ReadFrom
// (sendfile) when it has one.
func (w *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	w.commit()
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, r)
}

type writerOnly struct{ io.Writer }

// Flush commits, then flushes if the underlying writer can.
func (w *responseWriter) Flush() {
	_ = w.FlushError()
}

// FlushError commits, then flushes the underlying writer (through
// http.ResponseController when it only offers Unwrap).
func (w *responseWriter) FlushError() error {
	w.commit()
	switch f := w.ResponseWriter.(type) {
	case interface{ FlushError() error }:
		return f.FlushError()
	case http.Flusher:
		f.Flush()
		return nil
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack takes over the connection. The session can no longer be written:
// a change made before is reported as ErrModifiedAfterCommit, and nothing
// is written after.
func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return conn, brw, err
	}
	w.hijacked = true
	if !w.committed {
		w.committed = true
		s := &w.sess
		s.mu.Lock()
		s.committed = true
		lost := s.modified
		s.mu.Unlock()
		if lost {
			s.st.report(s.r, fmt.Errorf("%w (connection hijacked)", ErrModifiedAfterCommit))
		}
	}
	return conn, brw, err
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController
// (deadlines, full duplex).
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
