package flasksession

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/itsdangerous"
)

// signedPayload returns a cookie value whose signature is valid for
// fuzzManager but whose payload is the given (possibly hostile) JSON.
func signedPayload(tb testing.TB, m *Manager, json string) string {
	st, err := m.state()
	if err != nil {
		tb.Fatal(err)
	}
	return string(st.codec.ser.AppendSignedPayload(nil, []byte(json)))
}

func fuzzManager() (*Manager, *errLog) {
	m, log := testManager("dev-secret")
	m.SecretKeyFallbacks = []string{"old-2", "old-1"}
	return m, log
}

// FuzzOpen feeds arbitrary Cookie headers to the open path. It must never
// panic, always give a usable session, report every rejected cookie with
// one of the documented errors, and re-encode whatever it accepted.
// Seeds: testdata/fuzz/FuzzOpen (every cookie of the vectors and
// malformed headers) plus hostile payloads signed with the right key.
func FuzzOpen(f *testing.F) {
	m, _ := fuzzManager()
	for _, js := range []string{
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000), // deep nesting
		`{"a":` + strings.Repeat("9", 5000) + `}`,               // long int
		`{"a":"` + strings.Repeat("x", 70000) + `"}`,            // compresses into a bomb
		`{"a":{" t":5}}`, `{"a":{" d":"garbage"}}`, `[["a",1],"bc"]`, `[[1,2]]`, `{" di":{" t__":1}}`,
		"{\"a\":\"\xff\"}", `{"a":NaN,"b":-Infinity}`, `null`, `"s"`, `[1,2]`,
	} {
		f.Add("session=" + signedPayload(f, m, js))
	}
	f.Fuzz(func(t *testing.T, header string) {
		m, log := fuzzManager()
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Cookie"] = []string{header}
		s, err := m.Open(r)
		if s == nil {
			t.Fatal("nil session")
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidCookie) && !errors.Is(err, ErrUndecodable) && !errors.Is(err, ErrCookieValueTooLong) {
				t.Fatalf("undocumented error: %v", err)
			}
			if errors.Is(err, ErrInvalidCookie) != errors.Is(err, itsdangerous.ErrBadSignature) {
				t.Fatalf("ErrInvalidCookie without a bad signature: %v", err)
			}
			if s.Len() != 0 {
				t.Fatalf("rejected cookie left %d keys", s.Len())
			}
		}
		values := s.Values()
		if err == nil && len(values) > 0 {
			if _, err := m.EncodeCookie(values); err != nil {
				t.Fatalf("accepted session does not re-encode: %v", err)
			}
		}
		s.Set("k", "v")
		w := httptest.NewRecorder()
		if err := m.Save(w, s); err != nil && !errors.Is(err, ErrCookieTooLarge) {
			t.Fatalf("save: %v", err)
		}
		if len(w.Result().Header["Set-Cookie"]) != 1 {
			t.Fatalf("Set-Cookie %q", w.Result().Header["Set-Cookie"])
		}

		// The same header through the middleware: no panic, nothing
		// reported but the open error.
		h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = FromContext(r.Context()).Len()
		}))
		h.ServeHTTP(httptest.NewRecorder(), r)
		for _, e := range log.all() {
			if !errors.Is(e, ErrInvalidCookie) && !errors.Is(e, ErrUndecodable) && !errors.Is(e, ErrCookieValueTooLong) {
				t.Fatalf("reported: %v", e)
			}
		}
	})
}

// TestBounds checks each bound the Manager puts on hostile cookies: over it,
// a fresh session and the error reported.
func TestBounds(t *testing.T) {
	m, _ := fuzzManager()
	tests := []struct {
		name   string
		cookie string
		want   error
	}{
		{"value longer than MaxCookieValueLen", strings.Repeat("A", DefaultMaxCookieValueLen+1), ErrCookieValueTooLong},
		{"zlib bomb over MaxDecompressedSize", signedPayload(t, m, `{"a":"`+strings.Repeat("x", DefaultMaxDecompressedSize+10)+`"}`), itsdangerous.ErrPayloadTooLarge},
		{"nesting deeper than MaxDepth", signedPayload(t, m, strings.Repeat("[", DefaultMaxDepth+1)+strings.Repeat("]", DefaultMaxDepth+1)), ErrUndecodable},
		{"int longer than MaxIntDigits", signedPayload(t, m, `{"a":`+strings.Repeat("7", DefaultMaxIntDigits+1)+`}`), ErrUndecodable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, log := fuzzManager()
			w := serve(t, m, "session="+tt.cookie, func(w http.ResponseWriter, r *http.Request) {
				if n := FromContext(r.Context()).Len(); n != 0 {
					t.Errorf("session has %d keys", n)
				}
			})
			if len(w.Result().Header["Set-Cookie"]) != 0 {
				t.Error("Set-Cookie sent")
			}
			errs := log.all()
			if len(errs) != 1 || !errors.Is(errs[0], tt.want) {
				t.Errorf("errors %v, want %v", errs, tt.want)
			}
		})
	}
	// Just under the bounds still opens.
	ok := signedPayload(t, m, `{"a":`+strings.Repeat("7", DefaultMaxIntDigits)+`}`)
	if v, err := m.DecodeCookie(ok); err != nil || len(v) != 1 {
		t.Errorf("int of MaxIntDigits digits: %v, %v", v, err)
	}
}
