package flasksession

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// frozen is the vectors' clock: 1700000000.75 (2023-11-14T22:13:20.75Z).
var frozen = time.Unix(1700000000, 750_000_000)

func frozenNow() time.Time { return frozen }

// errLog collects what a Manager reports.
type errLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errLog) handler(_ *http.Request, err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *errLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// testManager returns a Manager with the vectors' key and clock whose
// errors go to the returned log.
func testManager(secret string) (*Manager, *errLog) {
	m := New(secret)
	m.Now = frozenNow
	log := &errLog{}
	m.ErrorHandler = log.handler
	return m, log
}

// serve sends one request with the given Cookie header (none if empty)
// through m's middleware to h and returns the recorded response.
func serve(t testing.TB, m *Manager, cookieHeader string, h http.HandlerFunc) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", "/", nil)
	if cookieHeader != "" {
		r.Header.Set("Cookie", cookieHeader)
	}
	w := httptest.NewRecorder()
	m.Middleware(h).ServeHTTP(w, r)
	return w
}

func digestByName(t testing.TB, name string) func() hash.Hash {
	switch name {
	case "sha1":
		return sha1.New
	case "sha256":
		return sha256.New
	case "sha512":
		return sha512.New
	}
	t.Fatalf("unknown digest %q", name)
	return nil
}
