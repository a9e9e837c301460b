package flaskwtf

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

func TestTokenGoldenFromFlaskWTF(t *testing.T) {
	g := loadGolden(t)
	fresh, old, otherKey, quoted := g[0], g[1], g[2], g[3]
	// A changed payload byte (the signature's last base64 character
	// carries ignored bits, as in Python).
	tampered := fresh.Token[:5] + string(fresh.Token[5]^1) + fresh.Token[6:]
	tests := []struct {
		name    string
		session map[string]any
		token   string
		now     int64
		limit   time.Duration
		want    error
	}{
		{"valid token", map[string]any{"csrf_token": fresh.Raw}, fresh.Token, fresh.SignedAt, 0, nil},
		{"valid against a Markup raw token", map[string]any{"csrf_token": tagjson.Markup(fresh.Raw)}, fresh.Token, fresh.SignedAt, 0, nil},
		{"escaped JSON payload", map[string]any{"csrf_token": quoted.Raw}, quoted.Token, quoted.SignedAt, 0, nil},
		{"3600 s old is still valid", map[string]any{"csrf_token": old.Raw}, old.Token, old.SignedAt + 3600, 0, nil},
		{"3601 s old has expired", map[string]any{"csrf_token": old.Raw}, old.Token, old.SignedAt + 3601, 0, ErrTokenExpired},
		{"no limit accepts an old token", map[string]any{"csrf_token": old.Raw}, old.Token, old.SignedAt + 1e6, -1, nil},
		{"custom limit", map[string]any{"csrf_token": old.Raw}, old.Token, old.SignedAt + 11, 10 * time.Second, ErrTokenExpired},
		{"dated in the future has expired", map[string]any{"csrf_token": fresh.Raw}, fresh.Token, fresh.SignedAt - 1, 0, ErrTokenExpired},
		{"another key is invalid", map[string]any{"csrf_token": otherKey.Raw}, otherKey.Token, otherKey.SignedAt, 0, ErrTokenInvalid},
		{"tampered is invalid", map[string]any{"csrf_token": fresh.Raw}, tampered, fresh.SignedAt, 0, ErrTokenInvalid},
		{"token over 4 KiB is invalid", map[string]any{"csrf_token": fresh.Raw}, fresh.Token + strings.Repeat("A", 5000), fresh.SignedAt, 0, ErrTokenInvalid},
		{"garbage is invalid", map[string]any{"csrf_token": fresh.Raw}, "not a token", fresh.SignedAt, 0, ErrTokenInvalid},
		{"empty token is missing", map[string]any{"csrf_token": fresh.Raw}, "", fresh.SignedAt, 0, ErrTokenMissing},
		{"missing beats no session token", map[string]any{}, "", fresh.SignedAt, 0, ErrTokenMissing},
		{"no session token", map[string]any{"user": "ann"}, fresh.Token, fresh.SignedAt, 0, ErrSessionTokenMissing},
		{"session token mismatch", map[string]any{"csrf_token": "f" + fresh.Raw[1:]}, fresh.Token, fresh.SignedAt, 0, ErrTokensMismatch},
		{"non-string session token mismatches", map[string]any{"csrf_token": int64(5)}, fresh.Token, fresh.SignedAt, 0, ErrTokensMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(tt.now, 0)
			m, c := frozen(&now)
			c.TimeLimit = tt.limit
			var got error
			within(t, m, c, tt.session, func(r *http.Request) { got = ValidateCSRF(r, tt.token) })
			if !errors.Is(got, tt.want) || (tt.want == nil) != (got == nil) {
				t.Fatalf("ValidateCSRF = %v, want %v", got, tt.want)
			}
			if got != nil {
				if !errors.Is(got, ErrCSRF) {
					t.Errorf("%v does not match ErrCSRF", got)
				}
				if got.Error() != tt.want.Error() {
					t.Errorf("message %q, want Flask-WTF's %q", got.Error(), tt.want.Error())
				}
			}
		})
	}
}

func TestTokenErrorsWrapTheirCause(t *testing.T) {
	g := loadGolden(t)
	now := time.Unix(g[1].SignedAt+4000, 0)
	m, c := frozen(&now)
	var got error
	within(t, m, c, map[string]any{"csrf_token": g[1].Raw}, func(r *http.Request) { got = ValidateCSRF(r, g[1].Token) })
	var exp *itsdangerous.SignatureExpiredError
	if !errors.As(got, &exp) || !errors.Is(got, itsdangerous.ErrSignatureExpired) {
		t.Fatalf("%v does not wrap the itsdangerous expiry", got)
	}
	if exp.DateSigned.Unix() != g[1].SignedAt {
		t.Errorf("DateSigned %v", exp.DateSigned)
	}
}

func TestGenerateCSRFMakesFlaskWTFsToken(t *testing.T) {
	g := loadGolden(t)
	for _, gc := range []goldenCase{g[0], g[3]} {
		now := time.Unix(gc.SignedAt, 0)
		m, c := frozen(&now)
		var tok string
		var err error
		within(t, m, c, map[string]any{"csrf_token": gc.Raw}, func(r *http.Request) { tok, err = GenerateCSRF(r) })
		if err != nil || tok != gc.Token {
			t.Errorf("GenerateCSRF = %q, %v; Flask-WTF made %q", tok, err, gc.Token)
		}
	}
}

var rawTokenRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

func TestGenerateCSRF(t *testing.T) {
	tests := []struct {
		name     string
		session  map[string]any
		keepsRaw bool
	}{
		{"no session creates the raw token", nil, false},
		{"session without a raw token", map[string]any{"user": "ann"}, false},
		{"existing raw token is kept", map[string]any{"csrf_token": "kept"}, true},
		{"raw token that is not a string is replaced", map[string]any{"csrf_token": int64(7)}, false},
		{"bytes raw token is replaced, as Flask-WTF does", map[string]any{"csrf_token": []byte("x")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1700000000, 0)
			m, c := frozen(&now)
			var first, second string
			var verr error
			rec := within(t, m, c, tt.session, func(r *http.Request) {
				var err error
				if first, err = GenerateCSRF(r); err != nil {
					t.Fatal(err)
				}
				now = now.Add(2 * time.Second) // a later call must not sign again
				if second, err = GenerateCSRF(r); err != nil {
					t.Fatal(err)
				}
				verr = ValidateCSRF(r, first)
			})
			if first != second {
				t.Errorf("two calls gave %q and %q", first, second)
			}
			if verr != nil {
				t.Errorf("own token rejected: %v", verr)
			}
			got := sessionOf(t, m, rec)
			raw, _ := got["csrf_token"].(string)
			switch {
			case tt.keepsRaw:
				if got != nil {
					t.Errorf("session rewritten to %v", got)
				}
			case !rawTokenRE.MatchString(raw):
				t.Errorf("session raw token %q, want 40 hex digits", raw)
			}
			if tt.session["user"] != nil && got["user"] != "ann" {
				t.Errorf("other keys lost: %v", got)
			}
		})
	}
}

func TestGenerateCSRFRequiresTheMiddlewares(t *testing.T) {
	m := flasksession.New(testKey)
	c := New(m)
	req := formPost("/", "")
	if _, err := GenerateCSRF(req); !errors.Is(err, ErrNotProtected) {
		t.Errorf("bare request: %v", err)
	}
	if err := ValidateCSRF(req, "x"); !errors.Is(err, ErrNotProtected) {
		t.Errorf("bare request: %v", err)
	}
	var err error
	c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err = GenerateCSRF(r)
	})).ServeHTTP(nil, httptestGet())
	if !errors.Is(err, ErrNoSession) {
		t.Errorf("without Manager.Middleware: %v", err)
	}
}

func TestGenerateCSRFWithNullSession(t *testing.T) {
	m := flasksession.New("")
	m.ErrorHandler = func(*http.Request, error) {}
	c := New(m)
	c.SecretKey = "csrf only"
	var err error
	within(t, m, c, nil, func(r *http.Request) { _, err = GenerateCSRF(r) })
	if !errors.Is(err, flasksession.ErrNoSecretKey) {
		t.Errorf("GenerateCSRF without a session key: %v", err)
	}
}

func TestGenerateCSRFConcurrentCallsAgree(t *testing.T) {
	m := flasksession.New(testKey)
	c := New(m)
	tokens := make([]string, 8)
	rec := within(t, m, c, nil, func(r *http.Request) {
		var wg sync.WaitGroup
		for i := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tokens[i], _ = GenerateCSRF(r)
			}()
		}
		wg.Wait()
	})
	for _, tok := range tokens {
		if tok == "" || tok != tokens[0] {
			t.Fatalf("tokens differ: %q", tokens)
		}
	}
	if raw, _ := sessionOf(t, m, rec)["csrf_token"].(string); !rawTokenRE.MatchString(raw) {
		t.Errorf("raw token %q", raw)
	}
}
