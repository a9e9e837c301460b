package flasksession

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

func TestValidateEmptySecretKey(t *testing.T) {
	m := New("")
	var reported []error
	m.ErrorHandler = func(_ *http.Request, err error) { reported = append(reported, err) }
	err := m.Validate()
	if !errors.Is(err, ErrConfig) || !errors.Is(err, ErrNoSecretKey) {
		t.Fatalf("Validate() = %v, want an error matching ErrConfig and ErrNoSecretKey", err)
	}
	if !strings.Contains(err.Error(), "SecretKey") {
		t.Errorf("error %q does not name SecretKey", err)
	}
	// The middleware still serves Flask's null session: reads see an
	// empty session, writes are dropped and reported.
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		if s.Len() != 0 {
			t.Errorf("null session holds %d values", s.Len())
		}
		s.Set("user", "42")
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if sc := w.Header().Values("Set-Cookie"); len(sc) != 0 {
		t.Errorf("null session wrote %q", sc)
	}
	if len(reported) != 1 || !errors.Is(reported[0], ErrNoSecretKey) {
		t.Errorf("reported %v, want one ErrNoSecretKey", reported)
	}
}

func TestValidateRefusesBadConfiguration(t *testing.T) {
	tests := []struct {
		name  string
		set   func(m *Manager)
		field string // what the message must name
	}{
		{"empty fallback key", func(m *Manager) { m.SecretKeyFallbacks = []string{"old", ""} }, "SecretKeyFallbacks[1]"},
		{"empty fallback without a secret key", func(m *Manager) { m.SecretKey = ""; m.SecretKeyFallbacks = []string{""} }, "SecretKeyFallbacks[0]"},
		{"negative lifetime", func(m *Manager) { m.Lifetime = -1 }, "Lifetime"},
		{"negative clock skew", func(m *Manager) { m.ClockSkew = -1 }, "ClockSkew"},
		{"empty cookie name", func(m *Manager) { m.Cookie.Name = "" }, "Cookie.Name"},
		{"non-ASCII cookie name", func(m *Manager) { m.Cookie.Name = "sess-ïon" }, "Cookie.Name"},
		{"injected domain", func(m *Manager) { m.Cookie.Domain = "example.com; SameSite=None; Domain=evil.example" }, "Cookie.Domain"},
		{"CR LF in path", func(m *Manager) { m.Cookie.Path = "/\r\nX: y" }, "Cookie.Path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New("secret")
			tt.set(m)
			err := m.Validate()
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("Validate() = %v, want ErrConfig", err)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
			defer func() {
				if recover() == nil {
					t.Error("Middleware did not panic")
				}
			}()
			m.Middleware(http.NotFoundHandler())
		})
	}
}

// permissive returns a Manager without bounds, to sign payloads that a
// bounded Manager must refuse.
func permissive(secret string) *Manager {
	m := New(secret)
	m.MaxCookieValueLen, m.MaxDecompressedSize, m.MaxDepth, m.MaxIntDigits = -1, -1, -1, -1
	return m
}

func nestedLists(depth int) any {
	var v any = "x"
	for range depth {
		v = []any{v}
	}
	return v
}

func TestManagerLimits(t *testing.T) {
	const key = "secret"
	sign := func(t *testing.T, values map[string]any) string {
		t.Helper()
		c, err := permissive(key).EncodeCookie(values)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	bigInt := func(digits int) *big.Int {
		n, _ := new(big.Int).SetString(strings.Repeat("9", digits), 10)
		return n
	}
	// Each case has a cookie just inside the limit's default and one just
	// past it, and a cause that the one past it must match when the
	// limit is 0 (the default) and must not when it is negative (none).
	tests := []struct {
		name          string
		set           func(m *Manager, n int)
		inside, past  func(t *testing.T) string
		sentinel      error // what the error matches
		cause         error // the subpackage's error inside it
		subpackageMax int   // the subpackage's own default, which must not apply
	}{
		{
			name:     "MaxCookieValueLen",
			set:      func(m *Manager, n int) { m.MaxCookieValueLen = n },
			inside:   func(t *testing.T) string { return strings.Repeat("a", DefaultMaxCookieValueLen) },
			past:     func(t *testing.T) string { return strings.Repeat("a", DefaultMaxCookieValueLen+1) },
			sentinel: ErrCookieValueTooLong,
		},
		{
			name: "MaxDecompressedSize",
			set:  func(m *Manager, n int) { m.MaxDecompressedSize = n },
			inside: func(t *testing.T) string {
				return sign(t, map[string]any{"a": strings.Repeat("x", DefaultMaxDecompressedSize-len(`{"a":""}`))})
			},
			past: func(t *testing.T) string {
				return sign(t, map[string]any{"a": strings.Repeat("x", DefaultMaxDecompressedSize)})
			},
			sentinel: ErrUndecodable,
			cause:    itsdangerous.ErrPayloadTooLarge,
		},
		{
			name: "MaxDepth",
			set:  func(m *Manager, n int) { m.MaxDepth = n },
			// The session mapping is one level.
			inside:   func(t *testing.T) string { return sign(t, map[string]any{"a": nestedLists(DefaultMaxDepth - 1)}) },
			past:     func(t *testing.T) string { return sign(t, map[string]any{"a": nestedLists(DefaultMaxDepth)}) },
			sentinel: ErrUndecodable,
			cause:    tagjson.ErrDepth,
		},
		{
			name:     "MaxIntDigits",
			set:      func(m *Manager, n int) { m.MaxIntDigits = n },
			inside:   func(t *testing.T) string { return sign(t, map[string]any{"a": bigInt(DefaultMaxIntDigits)}) },
			past:     func(t *testing.T) string { return sign(t, map[string]any{"a": bigInt(DefaultMaxIntDigits + 1)}) },
			sentinel: ErrUndecodable,
			cause:    tagjson.ErrIntTooLong,
		},
	}
	managers := []struct {
		name string
		make func() *Manager
	}{
		{"New", func() *Manager { return New(key) }},
		{"hand-built", func() *Manager {
			return &Manager{SecretKey: key, Lifetime: DefaultLifetime, Cookie: CookieOptions{Name: "session"}}
		}},
		{"with a Serializer of its own", func() *Manager {
			m := New(key)
			m.Serializer = &tagjson.Serializer{SortKeys: true, EnsureASCII: true, MaxDepth: -1, MaxIntDigits: -1}
			return m
		}},
	}
	for _, tt := range tests {
		inside, past := tt.inside(t), tt.past(t)
		for _, mk := range managers {
			t.Run(tt.name+"/"+mk.name, func(t *testing.T) {
				m := mk.make()
				tt.set(m, 0)
				if _, err := m.DecodeCookie(inside); errors.Is(err, tt.sentinel) && (tt.cause == nil || errors.Is(err, tt.cause)) {
					t.Errorf("0 (the default): a cookie inside the default bound fails: %v", err)
				}
				_, err := m.DecodeCookie(past)
				if !errors.Is(err, tt.sentinel) || tt.cause != nil && !errors.Is(err, tt.cause) {
					t.Errorf("0 (the default): a cookie past the default bound gives %v, want %v (%v)", err, tt.sentinel, tt.cause)
				}

				m = mk.make()
				tt.set(m, -1)
				if _, err := m.DecodeCookie(past); errors.Is(err, tt.sentinel) && (tt.cause == nil || errors.Is(err, tt.cause)) {
					t.Errorf("-1 (no limit): %v", err)
				}
			})
		}
	}
}

func TestManagerLimitBoundsEncoding(t *testing.T) {
	deep := map[string]any{"a": nestedLists(DefaultMaxDepth)}
	if _, err := New("k").EncodeCookie(deep); !errors.Is(err, ErrEncode) || !errors.Is(err, tagjson.ErrDepth) {
		t.Errorf("default MaxDepth: EncodeCookie = %v, want ErrEncode and tagjson.ErrDepth", err)
	}
	if _, err := permissive("k").EncodeCookie(deep); err != nil {
		t.Errorf("MaxDepth -1: EncodeCookie = %v", err)
	}
}

func TestManagerLeavesTheCallersSerializerAlone(t *testing.T) {
	s := tagjson.NewSerializer()
	m := New("k")
	m.Serializer = s
	m.MaxDepth, m.MaxIntDigits = 3, 5
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.MaxDepth != 0 || s.MaxIntDigits != 0 {
		t.Errorf("the Manager changed its Serializer's bounds to %d, %d", s.MaxDepth, s.MaxIntDigits)
	}
	if _, err := m.EncodeCookie(map[string]any{"a": nestedLists(3)}); !errors.Is(err, tagjson.ErrDepth) {
		t.Errorf("the Manager's MaxDepth 3 did not apply to its Serializer: %v", err)
	}
}

func TestMaxCookieSizeZeroIsTheDefault(t *testing.T) {
	for _, tt := range []struct {
		limit    int
		reported bool
	}{{0, true}, {-1, false}, {DefaultMaxCookieSize * 2, false}} {
		m := New("k")
		m.MaxCookieSize = tt.limit
		var got []error
		m.ErrorHandler = func(_ *http.Request, err error) { got = append(got, err) }
		h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Pseudo-random characters hardly compress: about 6 KB of
			// cookie. The draw is fixed and only its size matters.
			rng := rand.New(rand.NewPCG(1, 2))
			var b strings.Builder
			for range 6000 {
				b.WriteByte(byte('!' + rng.IntN(90)))
			}
			FromContext(r.Context()).Set("blob", b.String())
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		if reported := len(got) == 1 && errors.Is(got[0], ErrCookieTooLarge); reported != tt.reported || len(got) > 1 {
			t.Errorf("MaxCookieSize %d: reported %v, want a too-large report: %v", tt.limit, got, tt.reported)
		}
	}
}
