package flasksession

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
	"github.com/google/go-cmp/cmp"
)

// open returns a loaded session of m for a request with the given cookie.
func openWith(t *testing.T, m *Manager, cookie string) *Session {
	t.Helper()
	r := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		r.Header.Set("Cookie", "session="+cookie)
	}
	s, err := m.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTypedGetters(t *testing.T) {
	m, _ := testManager("dev-secret")
	s := openWith(t, m, "")
	big2 := new(big.Int).Lsh(big.NewInt(1), 70)
	s.Update(map[string]any{
		"s": "x", "m": tagjson.Markup("<b>"), "i": int64(7), "n": 3, "big": big2, "smallbig": big.NewInt(5),
		"f": 1.5, "b": true, "nil": nil,
	})
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"string", s.GetString("s"), "x"},
		{"markup as string", s.GetString("m"), "<b>"},
		{"string of int", s.GetString("i"), ""},
		{"missing string", s.GetString("zz"), ""},
		{"int64", s.GetInt("i"), int64(7)},
		{"go int", s.GetInt("n"), int64(3)},
		{"big int too large", s.GetInt("big"), int64(0)},
		{"big int that fits", s.GetInt("smallbig"), int64(5)},
		{"int of string", s.GetInt("s"), int64(0)},
		{"float", s.GetFloat("f"), 1.5},
		{"float of int", s.GetFloat("i"), 7.0},
		{"bool", s.GetBool("b"), true},
		{"bool of int", s.GetBool("i"), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v (%T), want %v", tt.name, tt.got, tt.got, tt.want)
		}
	}
	if v, ok := s.Get("nil"); !ok || v != nil {
		t.Errorf("Get(nil) = %v, %v", v, ok)
	}
	if diff := cmp.Diff([]string{"b", "big", "f", "i", "m", "n", "nil", "s", "smallbig"}, s.Keys()); diff != "" {
		t.Errorf("Keys (-want +got):\n%s", diff)
	}
	if s.Len() != 9 {
		t.Errorf("Len = %d", s.Len())
	}
}

// TestModifiedAccessed checks Flask 3.1.3's flags (Flask's sessions.py
// SecureCookieSession: modified on writes, accessed on reads).
func TestModifiedAccessed(t *testing.T) {
	const cookieA = "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0" // {"a": 1}
	tests := []struct {
		name             string
		op               func(s *Session)
		modified, access bool
	}{
		{"nothing", func(s *Session) {}, false, false},
		{"Modified and Accessed are not uses", func(s *Session) { s.Modified(); s.Accessed() }, false, false},
		{"Get", func(s *Session) { s.Get("a") }, false, true},
		{"Len", func(s *Session) { s.Len() }, false, true},
		{"Keys", func(s *Session) { s.Keys() }, false, true},
		{"Permanent", func(s *Session) { s.Permanent() }, false, true},
		{"Set same value", func(s *Session) { s.Set("a", int64(1)) }, true, true},
		{"Delete missing", func(s *Session) { s.Delete("x") }, false, true},
		{"Delete present", func(s *Session) { s.Delete("a") }, true, true},
		{"Pop missing", func(s *Session) { s.Pop("x") }, false, true},
		{"SetDefault present", func(s *Session) { s.SetDefault("a", 2) }, false, true},
		{"SetDefault absent", func(s *Session) { s.SetDefault("b", 2) }, true, true},
		{"Clear", func(s *Session) { s.Clear() }, true, true},
		{"Update empty", func(s *Session) { s.Update(nil) }, true, true},
		{"SetPermanent false", func(s *Session) { s.SetPermanent(false) }, true, true},
		{"MarkModified", func(s *Session) { s.MarkModified() }, true, true},
		{"Flashes without flashes", func(s *Session) { s.Flashes() }, false, true},
		{"Flash", func(s *Session) { s.Flash("x", "") }, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := testManager("dev-secret")
			s := openWith(t, m, cookieA)
			tt.op(s)
			if s.Modified() != tt.modified || s.Accessed() != tt.access {
				t.Errorf("modified %v accessed %v, want %v %v", s.Modified(), s.Accessed(), tt.modified, tt.access)
			}
		})
	}
}

func TestPermanentTruthiness(t *testing.T) {
	m, _ := testManager("dev-secret")
	for _, tt := range []struct {
		v    any
		want bool
	}{{true, true}, {false, false}, {int64(1), true}, {int64(0), false}, {"", false}, {"x", true}, {[]any{}, false}, {nil, false}} {
		s := openWith(t, m, "")
		s.Set(PermanentKey, tt.v)
		if s.Permanent() != tt.want {
			t.Errorf("_permanent=%#v: Permanent() = %v", tt.v, !tt.want)
		}
	}
}

// A nested change is not noticed until MarkModified (Flask's sessions.py
// SecureCookieSession only sees writes to the top-level dict).
func TestNestedChangeNeedsMarkModified(t *testing.T) {
	m, _ := testManager("dev-secret")
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		prefs, _ := s.Get("prefs")
		prefs.(map[string]any)["theme"] = "dark"
		if r.URL.Query().Has("mark") {
			s.MarkModified()
		}
	}))
	cookie, err := m.EncodeCookie(map[string]any{"prefs": map[string]any{"theme": "light"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, mark := range []bool{false, true} {
		url := "/"
		if mark {
			url = "/?mark"
		}
		r := httptest.NewRequest("GET", url, nil)
		r.Header.Set("Cookie", "session="+cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		sc := w.Result().Header["Set-Cookie"]
		if (len(sc) == 1) != mark {
			t.Fatalf("mark=%v: Set-Cookie %q", mark, sc)
		}
		if mark {
			c, _ := http.ParseSetCookie(sc[0])
			v, err := m.DecodeCookie(c.Value)
			if err != nil || v["prefs"].(map[string]any)["theme"] != "dark" {
				t.Errorf("saved %v, %v", v, err)
			}
		}
	}
}

func TestNullSession(t *testing.T) {
	m, log := testManager("")
	var got []any
	w := serve(t, m, "session=eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0", func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		v, ok := s.Get("a")
		got = append(got, v, ok, s.Len(), len(s.Flashes()))
		s.Set("a", 2)
		s.Flash("x", "")
		s.Clear()
		got = append(got, s.Len())
	})
	if diff := cmp.Diff([]any{nil, false, 0, 0, 0}, got); diff != "" {
		t.Errorf("reads (-want +got):\n%s", diff)
	}
	if len(w.Result().Header["Set-Cookie"]) != 0 || w.Result().Header.Get("Vary") != "" {
		t.Errorf("headers %v", w.Result().Header)
	}
	errs := log.all()
	if len(errs) != 3 {
		t.Fatalf("errors %v, want 3", errs)
	}
	for _, e := range errs {
		if !errors.Is(e, ErrNoSecretKey) {
			t.Errorf("error %v", e)
		}
	}
	if _, err := m.EncodeCookie(map[string]any{"a": 1}); !errors.Is(err, ErrNoSecretKey) {
		t.Errorf("EncodeCookie: %v", err)
	}
}

func TestFlashes(t *testing.T) {
	m, _ := testManager("dev-secret")
	s := openWith(t, m, "")
	s.Flash("one", "")
	s.Flash("two", "error")
	s.FlashMarkup("<b>three</b>", "errors")
	// round trip through a cookie, as the next request would see it
	cookie, err := m.EncodeCookie(s.Values())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		get  func(s *Session) []Flash
		want []Flash
	}{
		{"all", func(s *Session) []Flash { return s.Flashes() }, []Flash{
			{"message", "one", false}, {"error", "two", false}, {"errors", "<b>three</b>", true}}},
		{"exact categories", func(s *Session) []Flash { return s.Flashes("error") }, []Flash{{"error", "two", false}}},
		{"substring filter like Python", func(s *Session) []Flash { return s.FlashesSubstring("errors") }, []Flash{
			{"error", "two", false}, {"errors", "<b>three</b>", true}}},
		{"empty substring filter is all", func(s *Session) []Flash { return s.FlashesSubstring("") }, []Flash{
			{"message", "one", false}, {"error", "two", false}, {"errors", "<b>three</b>", true}}},
		{"no match", func(s *Session) []Flash { return s.Flashes("info") }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openWith(t, m, cookie)
			if diff := cmp.Diff(tt.want, tt.get(s)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if _, ok := s.Get(FlashesKey); ok || !s.Modified() {
				t.Error("flashes not removed from the session")
			}
		})
	}
	// stored exactly as Flask stores them
	v, _ := m.DecodeCookie(cookie)
	want := []any{tagjson.Tuple{"message", "one"}, tagjson.Tuple{"error", "two"}, tagjson.Tuple{"errors", tagjson.Markup("<b>three</b>")}}
	if diff := cmp.Diff(want, v[FlashesKey]); diff != "" {
		t.Errorf("_flashes (-want +got):\n%s", diff)
	}
}

func TestEncodeErrors(t *testing.T) {
	m, log := testManager("dev-secret")
	w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("ch", make(chan int))
	})
	if len(w.Result().Header["Set-Cookie"]) != 0 {
		t.Error("cookie sent for an unencodable session")
	}
	errs := log.all()
	if len(errs) != 1 || !errors.Is(errs[0], ErrEncode) || !errors.Is(errs[0], tagjson.ErrUnsupported) {
		t.Errorf("errors %v", errs)
	}
	if _, err := m.EncodeCookie(map[string]any{"f": func() {}}); !errors.Is(err, ErrEncode) {
		t.Errorf("EncodeCookie: %v", err)
	}
}

func TestCookieTooLargeReported(t *testing.T) {
	m, log := testManager("dev-secret")
	w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
		// incompressible: hex of distinct numbers
		var b strings.Builder
		for i := 0; b.Len() < 5000; i++ {
			b.WriteString(big.NewInt(int64(i) * 7919 * 104729).Text(36))
		}
		FromContext(r.Context()).Set("blob", b.String())
	})
	sc := w.Result().Header["Set-Cookie"]
	if len(sc) != 1 || len(sc[0]) <= 4093 {
		t.Fatalf("Set-Cookie not sent or small: %d", len(sc))
	}
	errs := log.all()
	var tl *CookieTooLargeError
	if len(errs) != 1 || !errors.As(errs[0], &tl) || !errors.Is(errs[0], ErrCookieTooLarge) {
		t.Fatalf("errors %v", errs)
	}
	if tl.HeaderLen != len(sc[0]) || tl.Limit != 4093 || !strings.Contains(tl.Error(), "MaxCookieSize") {
		t.Errorf("%+v: %v", tl, tl)
	}
	// A negative limit disables the check
	m2, log2 := testManager("dev-secret")
	m2.MaxCookieSize = -1
	serve(t, m2, "", func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("blob", strings.Repeat("x", 9000)+"\x00"+sc[0])
	})
	if len(log2.all()) != 0 {
		t.Errorf("MaxCookieSize -1: %v", log2.all())
	}
}

func TestExpiredAndRotated(t *testing.T) {
	const cookieA = "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0" // dev-secret at 1700000000
	m := New("new")
	m.SecretKeyFallbacks = []string{"dev-secret"}
	m.Now = func() time.Time { return frozen.Add(24 * time.Hour) }
	if v, err := m.DecodeCookie(cookieA); err != nil || v["a"] != int64(1) {
		t.Errorf("fallback key: %v %v", v, err)
	}
	m2 := New("dev-secret")
	m2.Lifetime = time.Hour
	m2.Now = func() time.Time { return frozen.Add(2 * time.Hour) }
	_, err := m2.DecodeCookie(cookieA)
	var exp *itsdangerous.SignatureExpiredError
	if !errors.Is(err, ErrInvalidCookie) || !errors.Is(err, itsdangerous.ErrSignatureExpired) || !errors.As(err, &exp) {
		t.Fatalf("expired: %v", err)
	}
	if !exp.DateSigned.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("DateSigned %v", exp.DateSigned)
	}
	if strings.Contains(err.Error(), cookieA) || strings.Contains(err.Error(), "dev-secret") {
		t.Errorf("error leaks the cookie or key: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		set  func(m *Manager)
	}{
		{"negative lifetime", func(m *Manager) { m.Lifetime = -time.Second }},
		{"bad SameSite", func(m *Manager) { m.Cookie.SameSite = 99 }},
		{"empty cookie name", func(m *Manager) { m.Cookie.Name = "" }},
		{"bad domain", func(m *Manager) { m.Cookie.Domain = "a..b" }},
		{"bad key derivation", func(m *Manager) { m.KeyDerivation = "rot13" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New("k")
			tt.set(m)
			if err := m.Validate(); !errors.Is(err, ErrConfig) {
				t.Errorf("Validate = %v, want ErrConfig", err)
			}
			s, err := m.Open(httptest.NewRequest("GET", "/", nil))
			if s == nil || !errors.Is(err, ErrConfig) {
				t.Errorf("Open = %v, %v", s, err)
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

func TestSaveLowLevel(t *testing.T) {
	m, _ := testManager("dev-secret")
	s := openWith(t, m, "")
	s.Set("a", 1)
	s.SetPermanent(true)
	w := httptest.NewRecorder()
	w.Header().Set("Vary", "Accept-Encoding")
	if err := m.Save(w, s); err != nil {
		t.Fatal(err)
	}
	want := "session=eyJfcGVybWFuZW50Ijp0cnVlLCJhIjoxfQ.ZVPxAA.Eok23TjXqONmsDkb0DxhZ9Y_tLI; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/"
	if got := w.Header().Get("Set-Cookie"); got != want {
		t.Errorf("Set-Cookie %q", got)
	}
	if got := w.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding, Cookie" {
		t.Errorf("Vary %q", got)
	}
	ctx := NewContext(context.Background(), s)
	if FromContext(ctx) != s || FromContext(context.Background()) != nil {
		t.Error("NewContext/FromContext")
	}
}

func TestErrReturnsOpenError(t *testing.T) {
	m, log := testManager("dev-secret")
	serve(t, m, "session=garbage", func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		if err := s.Err(); !errors.Is(err, ErrInvalidCookie) {
			t.Errorf("Err = %v", err)
		}
		if s.Accessed() {
			t.Error("Err counted as a use")
		}
	})
	if len(log.all()) != 1 {
		t.Errorf("errors %v", log.all())
	}
}

func TestDecodeCookieEdges(t *testing.T) {
	m, _ := testManager("dev-secret")
	if v, err := m.DecodeCookie(""); err != nil || v == nil || len(v) != 0 {
		t.Errorf(`DecodeCookie("") = %v, %v; want an empty session`, v, err)
	}
	// JSON null decodes to an empty (non-nil) map, as Flask's dict(None)...
	if v, err := m.DecodeCookie("bnVsbA.ZVPxAA.XyTPwkxucTMGAMDjRZcCun0A7IE"); err != nil || v == nil || len(v) != 0 {
		t.Errorf("null payload: %v, %v", v, err)
	}
	// ...and a list of pairs to a mapping (Python's dict() in Flask's
	// sessions.py open_session).
	if v, err := m.DecodeCookie("W1siYSIsMV1d.ZVPxAA.zpfTu4Ns8mMMrl5GwIlYfd7KOdQ"); err != nil || v["a"] != int64(1) {
		t.Errorf("pairs payload: %v, %v", v, err)
	}
	if _, err := m.DecodeCookie("WzEsMl0.ZVPxAA.ShddaoV4Oz6jGfJmMJMPoW8I6Jk"); !errors.Is(err, ErrUndecodable) {
		t.Errorf("[1,2] payload: %v", err)
	}
}

func TestDefaultErrorLog(t *testing.T) {
	var buf strings.Builder
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(old)
	m := New("dev-secret")
	m.Now = frozenNow
	cookie := "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBAA" // tampered
	serve(t, m, "session="+cookie, func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Len()
		io.WriteString(w, "x")
		s.Set("late", 1)
	})
	out := buf.String()
	if !strings.Contains(out, "level=DEBUG") || !strings.Contains(out, "level=WARN") || !strings.Contains(out, "path=/") {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, cookie) || strings.Contains(out, "dev-secret") {
		t.Errorf("log leaks the cookie or key:\n%s", out)
	}
}

func TestPermanentTruthinessOfOtherGoKinds(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want bool
	}{
		{"uint8 zero", uint8(0), false},
		{"int32 one", int32(1), true},
		{"float32 zero", float32(0), false},
		{"empty []string", []string{}, false},
		{"non-empty map[string]string", map[string]string{"a": "b"}, true},
		{"nil *int", (*int)(nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truthy(tt.v); got != tt.want {
				t.Errorf("truthy(%#v) = %v, want %v (Python's bool of the encoded value)", tt.v, got, tt.want)
			}
		})
	}
}
