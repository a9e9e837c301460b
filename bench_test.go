package flasksession

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// flaskLoginCookie is Flask's cookie for the vector "flask-login-like":
// {_fresh, _id (128 hex), _permanent, _user_id, csrf_token}, compressed.
const flaskLoginCookie = ".eJw9zk1KBUEMBOC79NpF_ySd5F1mSLoTFHGUnnkr8e42CG6LKur7Tkcsv17T415Pf0nH20yPpMxDvTKDayeXbK23HIOdG8pQBOvsZqAjU1TEWfoIzB2mlSIwO4UbejCjZ6FOWCKLcHEfmrNRBdy7Ogu1EOYaMptgG41mMUgb8uXrQ08_73_a8_L154O6G-Nacdyf737upO1DcoNMbMq9um0lqvpkk0o2K5YCe_fzC1TsRjw.ZVPxAA.0ns6ohS3l-EoYvhFkuVkgVeYEfw"

// benchWriter is a minimal ResponseWriter whose header map is reused, so
// that benchmarks measure the middleware rather than a recorder.
type benchWriter struct {
	h    http.Header
	code int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }

func (w *benchWriter) reset() {
	clear(w.h)
	w.code = 0
}

func runBench(b *testing.B, h http.Handler, cookie string) {
	r := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		r.Header.Set("Cookie", "session="+cookie)
	}
	w := &benchWriter{h: make(http.Header)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.reset()
		h.ServeHTTP(w, r)
	}
}

var bareHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(200)
})

func benchManager() *Manager {
	m := New("dev-secret")
	m.Now = frozenNow
	m.ErrorHandler = func(_ *http.Request, err error) { panic(err) }
	return m
}

// BenchmarkBare is the handler alone: the baseline for the untouched case.
func BenchmarkBare(b *testing.B) { runBench(b, bareHandler, "") }

// BenchmarkNoCookieUntouched: no session cookie, handler never touches the
// session. Target: at most 150 ns and 3 allocations over BenchmarkBare.
func BenchmarkNoCookieUntouched(b *testing.B) {
	runBench(b, benchManager().Middleware(bareHandler), "")
}

// BenchmarkContextOnly is the unavoidable part of any session middleware:
// a context value and r.WithContext (two allocations), for comparison with
// BenchmarkNoCookieUntouched on a loaded machine.
func BenchmarkContextOnly(b *testing.B) {
	type key struct{}
	v := new(int)
	runBench(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bareHandler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, v)))
	}), "")
}

// BenchmarkFlaskLoginRead reads _user_id from a Flask-Login cookie, with
// SESSION_REFRESH_EACH_REQUEST off so that nothing is written.
func BenchmarkFlaskLoginRead(b *testing.B) {
	m := benchManager()
	m.RefreshEachRequest = false
	runBench(b, m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if FromContext(r.Context()).GetString("_user_id") != "42" {
			panic("bad session")
		}
	})), flaskLoginCookie)
}

// BenchmarkFlaskLoginReadRefresh is the same read with Flask's default
// refresh: the permanent session is re-signed and sent on every request.
func BenchmarkFlaskLoginReadRefresh(b *testing.B) {
	runBench(b, benchManager().Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if FromContext(r.Context()).GetString("_user_id") != "42" {
			panic("bad session")
		}
	})), flaskLoginCookie)
}

// BenchmarkFlaskLoginReadModifySave reads the Flask-Login cookie, sets one
// key and saves. Target: at most 2.5x BenchmarkFloorFlaskLogin.
func BenchmarkFlaskLoginReadModifySave(b *testing.B) {
	runBench(b, benchManager().Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		if s.GetString("_user_id") != "42" {
			panic("bad session")
		}
		s.Set("csrf_token", "0123456789abcdef0123456789abcdef01234567")
	})), flaskLoginCookie)
}

// largeSession is about 3 KB of JSON, ~150 short strings.
func largeSession() map[string]any {
	m := map[string]any{"_user_id": "42"}
	for i := 0; i < 150; i++ {
		m[fmt.Sprintf("k%03d", i)] = fmt.Sprintf("value-%d", i*7919)
	}
	return m
}

// BenchmarkLargeReadModifySave reads a ~3 KB compressed session, sets one
// key and saves.
func BenchmarkLargeReadModifySave(b *testing.B) {
	m := benchManager()
	cookie, err := m.EncodeCookie(largeSession())
	if err != nil {
		b.Fatal(err)
	}
	runBench(b, m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("k000", s.GetString("k001"))
	})), cookie)
}

// flaskLoginJSON is the JSON inside flaskLoginCookie.
const flaskLoginJSON = `{"_fresh":true,"_id":"a88cae2884ea67e90b3630fc8e8359ca54b68ebb4ac07f255d16cf5064db1194d67feb5ef885e0976751f09981eeca00b7245f252d173f9882f9d3953c37d1b4","_permanent":true,"_user_id":"42","csrf_token":"37fe7eb4078ba862ebca55aaed8b927bd2511442"}`

// floor is the bare standard-library work a read + modify + save of the
// Flask-Login session needs: base64, HMAC-SHA1 (derived key precomputed),
// and encoding/json into map[string]any and back; withZlib adds
// compress/zlib's inflate and deflate (Flask compresses this session).
func floor(b *testing.B, withZlib bool) {
	key := func() []byte {
		mac := hmac.New(sha1.New, []byte("dev-secret"))
		mac.Write([]byte("cookie-session"))
		return mac.Sum(nil)
	}()
	mac := hmac.New(sha1.New, key)
	ts := []byte("ZVPxAA")
	raw := []byte(flaskLoginJSON)
	if withZlib {
		var zb bytes.Buffer
		zw := zlib.NewWriter(&zb)
		zw.Write(raw)
		zw.Close()
		raw = zb.Bytes()
	}
	signed := []byte(base64.RawURLEncoding.EncodeToString(raw) + "." + string(ts))
	mac.Write(signed)
	cookie := string(signed) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	// The zlib pieces are reused across iterations (Reset), as the
	// standard library allows at its fastest.
	var zin bytes.Reader
	var zr io.ReadCloser
	var zout bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&zout, 6)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		payload, rest, _ := strings.Cut(cookie, ".")
		_, sig, _ := strings.Cut(rest, ".")
		mac.Reset()
		mac.Write([]byte(cookie[:len(cookie)-len(sig)-1]))
		want, _ := base64.RawURLEncoding.DecodeString(sig)
		if !hmac.Equal(mac.Sum(nil), want) {
			b.Fatal("bad signature")
		}
		data, err := base64.RawURLEncoding.DecodeString(payload)
		if err != nil {
			b.Fatal(err)
		}
		if withZlib {
			zin.Reset(data)
			if zr == nil {
				zr, err = zlib.NewReader(&zin)
			} else {
				err = zr.(zlib.Resetter).Reset(&zin, nil)
			}
			if err != nil {
				b.Fatal(err)
			}
			data, _ = io.ReadAll(zr)
		}
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
		v["csrf_token"] = "0123456789abcdef0123456789abcdef01234567"
		out, _ := json.Marshal(v)
		if withZlib {
			zout.Reset()
			zw.Reset(&zout)
			zw.Write(out)
			zw.Close()
			out = zout.Bytes()
		}
		enc := base64.RawURLEncoding.EncodeToString(out)
		mac.Reset()
		mac.Write([]byte(enc))
		mac.Write([]byte{'.'})
		mac.Write(ts)
		_ = base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	}
}

// BenchmarkFloorFlaskLogin: HMAC + base64 + JSON for the Flask-Login
// read + modify + save (the floor).
func BenchmarkFloorFlaskLogin(b *testing.B) { floor(b, false) }

// BenchmarkFloorFlaskLoginZlib adds compress/zlib's inflate and deflate.
func BenchmarkFloorFlaskLoginZlib(b *testing.B) { floor(b, true) }

// TestUntouchedAllocs pins the untouched, cookie-less request to the two
// allocations it needs (the request copy, and one for wrapper, session
// and context), and checks that other requests' cookies are not parsed.
func TestUntouchedAllocs(t *testing.T) {
	h := benchManager().Middleware(bareHandler)
	for _, cookie := range []string{"", "a=1; b=2; c=3"} {
		r := httptest.NewRequest("GET", "/", nil)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		w := &benchWriter{h: make(http.Header)}
		n := testing.AllocsPerRun(1000, func() {
			w.reset()
			h.ServeHTTP(w, r)
		})
		if n > 2 {
			t.Errorf("cookie %q: %v allocations per untouched request, want <= 2", cookie, n)
		}
	}
}

// BenchmarkDecodeCookie is the open work alone (no HTTP), for comparison
// with BenchmarkFlaskLoginRead: the difference is the middleware's cost.
func BenchmarkDecodeCookie(b *testing.B) {
	m := benchManager()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := m.DecodeCookie(flaskLoginCookie); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeCookie is the save work alone (no HTTP).
func BenchmarkEncodeCookie(b *testing.B) {
	m := benchManager()
	v, err := m.DecodeCookie(flaskLoginCookie)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.EncodeCookie(v); err != nil {
			b.Fatal(err)
		}
	}
}
