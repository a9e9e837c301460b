package flasksession

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"hash"
	"net/http"
	"net/http/httptest"
	"os"
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

var (
	vectorsOnce sync.Once
	vectorsData *vectorFile
	vectorsErr  error
)

type vectorFile struct {
	Sessions      []sessionVector  `json:"sessions"`
	SessionLoads  []loadVector     `json:"session_loads"`
	SaveBehaviour []requestVector  `json:"save_behaviour"`
	Flash         []requestVector  `json:"flash"`
	Meta          map[string]any   `json:"meta"`
	TaggedJSON    []map[string]any `json:"tagged_json"`
}

type sessionVector struct {
	Name          string          `json:"name"`
	SecretKeyHex  string          `json:"secret_key_hex"`
	Fallbacks     []string        `json:"secret_key_fallbacks"`
	Salt          string          `json:"salt"`
	KeyDerivation string          `json:"key_derivation"`
	Digest        string          `json:"digest"`
	Config        map[string]any  `json:"config"`
	JSONOverrides map[string]bool `json:"json_provider_overrides"`
	Session       json.RawMessage `json:"session"`
	SessionRepr   string          `json:"session_repr"`
	Compressed    bool            `json:"compressed"`
	JSON          string          `json:"json"`
	CookieValue   string          `json:"cookie_value"`
	SetCookie     string          `json:"set_cookie"`
	Vary          string          `json:"vary"`
	Warnings      []string        `json:"warnings"`
	LoadedRepr    string          `json:"loaded_repr"`
	PayloadPart   string          `json:"payload_part"`
}

type loadVector struct {
	Name         string   `json:"name"`
	SecretKey    string   `json:"secret_key"`
	Fallbacks    []string `json:"secret_key_fallbacks"`
	Cookie       *string  `json:"cookie"`
	CookieHeader string   `json:"cookie_header"`
	Status       int      `json:"status"`
	SessionRepr  *string  `json:"session_repr"`
	SetCookie    []string `json:"set_cookie"`
	Vary         *string  `json:"vary"`
}

type requestVector struct {
	Name          string   `json:"name"`
	RequestCookie *string  `json:"request_cookie"`
	SecretKey     *string  `json:"secret_key"`
	Status        int      `json:"status"`
	Body          *string  `json:"body"`
	SetCookie     []string `json:"set_cookie"`
	Vary          *string  `json:"vary"`
	SessionJSON   *string  `json:"session_json"`
	Message       string   `json:"message"`
}

func vectors(t testing.TB) *vectorFile {
	t.Helper()
	vectorsOnce.Do(func() {
		raw, err := os.ReadFile("testdata/flask-3.1.3.json")
		if err != nil {
			vectorsErr = err
			return
		}
		var f vectorFile
		vectorsErr = json.Unmarshal(raw, &f)
		vectorsData = &f
	})
	if vectorsErr != nil {
		t.Fatal(vectorsErr)
	}
	return vectorsData
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
