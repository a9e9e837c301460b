// The comparison benchmarks, all in one `go test -bench .` run of this module:
//
//	BenchmarkBareMux               a bare net/http request (httptest) through a ServeMux
//	BenchmarkNoCookieUntouched     a request with no cookie whose handler never touches the session
//	BenchmarkUntouchedHandler      the same without httptest: one request and writer reused, the
//	                               handler called directly, so only the middleware's cost remains
//	BenchmarkRequest               full httptest requests carrying the SMALL/MEDIUM/LARGE cookie:
//	                               this project's middleware and gorilla/sessions' CookieStore,
//	                               read only, and read + write + save
//	BenchmarkOpen / BenchmarkSave  this project's cookie codec alone vs the standard-library floor
//	BenchmarkFloorPieces           each piece of the floor alone
//
// Every benchmark first checks, outside the timer, that its request or call
// does what it claims (the session was read, the cookie was written), so a
// silently failing path cannot be measured as a fast one.
package bench_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/bench/fixtures"
)

var okBody = []byte("ok")

func okHandler(w http.ResponseWriter, r *http.Request) { w.Write(okBody) }

// serve runs one full request through h the way every benchmark here does:
// a new httptest request (with cookie, if not empty) and a new recorder.
func serve(h http.Handler, cookie string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func muxWith(h http.HandlerFunc) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/", h)
	return mux
}

func BenchmarkBareMux(b *testing.B) {
	h := muxWith(okHandler)
	loop(b, func() {
		serve(h, "")
	})
}

// nopWriter is the cheapest ResponseWriter: a reused header map.
type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header         { return w.h }
func (w *nopWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nopWriter) WriteHeader(int)             {}

// nextHandler is okHandler behind an interface the compiler cannot see
// through, as a middleware's next handler is: the request copy it gets
// then escapes to the heap, as it does in every real middleware.
var nextHandler http.Handler = http.HandlerFunc(okHandler)

// BenchmarkUntouchedHandler times the untouched, cookie-less request at the
// handler: the same request and writer every time, so the difference
// between "bare" and "flasksession" is the middleware's own work and
// allocations, without httptest's 18 allocations of noise around it.
// "context-only" is what any middleware that hands the handler a context
// value pays (r.WithContext of context.WithValue): the floor.
func BenchmarkUntouchedHandler(b *testing.B) {
	type key struct{}
	val := new(int)
	m := fixtures.NewManager()
	m.ErrorHandler = failOnError(b)
	for _, c := range []struct {
		name string
		h    http.Handler
	}{
		{"bare", http.HandlerFunc(okHandler)},
		{"context-only", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			nextHandler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, val)))
		})},
		{"flasksession", m.Middleware(nextHandler)},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			w := &nopWriter{h: make(http.Header)}
			c.h.ServeHTTP(w, req)
			if len(w.h) != 0 {
				b.Fatalf("untouched request wrote headers %v", w.h)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.h.ServeHTTP(w, req)
			}
		})
	}
}

func BenchmarkNoCookieUntouched(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		h := muxWith(okHandler)
		loop(b, func() {
			serve(h, "")
		})
	})
	b.Run("flasksession", func(b *testing.B) {
		m := fixtures.NewManager()
		m.ErrorHandler = failOnError(b)
		h := m.Middleware(muxWith(okHandler))
		rec := serve(h, "")
		if rec.Code != 200 || rec.Header().Get("Set-Cookie") != "" || rec.Header().Get("Vary") != "" {
			b.Fatalf("untouched request: status %d, Set-Cookie %q, Vary %q", rec.Code, rec.Header().Get("Set-Cookie"), rec.Header().Get("Vary"))
		}
		loop(b, func() {
			serve(h, "")
		})
	})
}

// readHandler reads the logged-in user, as most requests of a Flask-Login
// app do.
func readHandler(w http.ResponseWriter, r *http.Request) {
	s := flasksession.FromContext(r.Context())
	io.WriteString(w, s.GetString("_user_id"))
}

// writeHandler reads the user and changes one key, so the session is saved.
func writeHandler(w http.ResponseWriter, r *http.Request) {
	s := flasksession.FromContext(r.Context())
	user := s.GetString("_user_id")
	s.Set("_fresh", false)
	io.WriteString(w, user)
}

func BenchmarkRequest(b *testing.B) {
	flask := fixtures.MustFlask()
	for _, name := range fixtures.Names {
		cookie := "session=" + flask.Sessions[name].Cookie
		b.Run(name, func(b *testing.B) {
			b.Run("flasksession/read", func(b *testing.B) {
				m := fixtures.NewManager()
				m.ErrorHandler = failOnError(b)
				// Read only: with RefreshEachRequest (Flask's default) a
				// permanent session is re-signed on every request, which
				// readwrite measures; here the session is only opened.
				m.RefreshEachRequest = false
				h := m.Middleware(muxWith(readHandler))
				rec := serve(h, cookie)
				if rec.Body.String() != "42" || rec.Header().Get("Set-Cookie") != "" {
					b.Fatalf("read request: body %q, Set-Cookie %q", rec.Body.String(), rec.Header().Get("Set-Cookie"))
				}
				runRequests(b, h, cookie)
			})
			b.Run("flasksession/readwrite", func(b *testing.B) {
				m := fixtures.NewManager()
				m.ErrorHandler = failOnError(b)
				h := m.Middleware(muxWith(writeHandler))
				rec := serve(h, cookie)
				if rec.Body.String() != "42" || !strings.HasPrefix(rec.Header().Get("Set-Cookie"), "session=.") {
					b.Fatalf("readwrite request: body %q, Set-Cookie %q", rec.Body.String(), rec.Header().Get("Set-Cookie"))
				}
				runRequests(b, h, cookie)
			})
			g := newGorilla(b, name)
			b.Run("gorilla/read", func(b *testing.B) {
				h := muxWith(g.readHandler(b))
				rec := serve(h, g.cookie)
				if rec.Body.String() != "42" {
					b.Fatalf("gorilla read request: body %q", rec.Body.String())
				}
				runRequests(b, h, g.cookie)
			})
			b.Run("gorilla/readwrite", func(b *testing.B) {
				h := muxWith(g.writeHandler(b))
				rec := serve(h, g.cookie)
				if rec.Body.String() != "42" || rec.Header().Get("Set-Cookie") == "" {
					b.Fatalf("gorilla readwrite request: body %q, Set-Cookie %q", rec.Body.String(), rec.Header().Get("Set-Cookie"))
				}
				runRequests(b, h, g.cookie)
			})
		})
	}
}

func runRequests(b *testing.B, h http.Handler, cookie string) {
	loop(b, func() { serve(h, cookie) })
}

// loop times f as the benchmark's operation. Besides Go's wall-clock ns/op
// it reports cpu-ns/op, the process's CPU time (all threads, GC included)
// per operation, which time spent waiting for a core does not inflate: on
// a shared machine it is the steadier figure. cmd/report uses it.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		f()
	}
	c1 := cpuTime()
	b.StopTimer()
	if c0 > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkOpen(b *testing.B) {
	flask := fixtures.MustFlask()
	for _, name := range fixtures.Names {
		cookie := flask.Sessions[name].Cookie
		b.Run(name, func(b *testing.B) {
			b.Run("flasksession", func(b *testing.B) {
				m := fixtures.NewManager()
				got, err := m.DecodeCookie(cookie)
				if err != nil || len(got) != len(fixtures.Session(name)) {
					b.Fatalf("DecodeCookie: %d keys, %v", len(got), err)
				}
				loop(b, func() {
					if _, err := m.DecodeCookie(cookie); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("floor", func(b *testing.B) {
				f := newFloor()
				got, err := f.open(cookie)
				if err != nil || len(got) != len(fixtures.Session(name)) {
					b.Fatalf("floor open: %d keys, %v", len(got), err)
				}
				loop(b, func() {
					if _, err := f.open(cookie); err != nil {
						b.Fatal(err)
					}
				})
			})
		})
	}
}

func BenchmarkSave(b *testing.B) {
	flask := fixtures.MustFlask()
	for _, name := range fixtures.Names {
		b.Run(name, func(b *testing.B) {
			b.Run("flasksession", func(b *testing.B) {
				m := fixtures.NewManager()
				values := fixtures.Session(name)
				v, err := m.EncodeCookie(values)
				if err != nil || !strings.HasPrefix(v, ".") {
					b.Fatalf("EncodeCookie: %q, %v", v, err)
				}
				loop(b, func() {
					if _, err := m.EncodeCookie(values); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("floor", func(b *testing.B) {
				f := newFloor()
				// The floor saves what encoding/json decoded from Flask's
				// JSON: the tags are already plain JSON objects there.
				var values map[string]any
				if err := json.Unmarshal([]byte(flask.Sessions[name].JSON), &values); err != nil {
					b.Fatal(err)
				}
				v, err := f.save(values, fixtures.Now.Unix())
				if err != nil {
					b.Fatal(err)
				}
				if back, err := f.open(v); err != nil || len(back) != len(values) {
					b.Fatalf("floor save does not round-trip: %d keys, %v", len(back), err)
				}
				loop(b, func() {
					if _, err := f.save(values, fixtures.Now.Unix()); err != nil {
						b.Fatal(err)
					}
				})
			})
		})
	}
}

// BenchmarkFloorPieces times each standard-library piece of the SMALL open
// and save alone, to show where the floor's time goes.
func BenchmarkFloorPieces(b *testing.B) {
	flask := fixtures.MustFlask()
	s := flask.Sessions["SMALL"]
	f := newFloor()
	payload, ts, sig := splitCookie(s.Cookie)
	signed := s.Cookie[:len(s.Cookie)-len(sig)-1]
	compressed, _ := base64.RawURLEncoding.DecodeString(payload[1:])
	raw := []byte(s.JSON)
	var values map[string]any
	if err := json.Unmarshal(raw, &values); err != nil {
		b.Fatal(err)
	}
	_ = ts
	b.Run("open/base64", func(b *testing.B) {
		loop(b, func() {
			f.buf, _ = base64.RawURLEncoding.AppendDecode(f.buf[:0], []byte(payload[1:]))
			f.sig, _ = base64.RawURLEncoding.AppendDecode(f.sig[:0], []byte(sig))
		})
	})
	b.Run("open/hmac", func(b *testing.B) {
		loop(b, func() {
			f.mac.Reset()
			io.WriteString(f.mac, signed)
			f.sum = f.mac.Sum(f.sum[:0])
		})
	})
	b.Run("open/inflate", func(b *testing.B) {
		loop(b, func() {
			if _, err := f.inflate(compressed); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("open/json", func(b *testing.B) {
		loop(b, func() {
			var m map[string]any
			if err := json.Unmarshal(raw, &m); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("save/json", func(b *testing.B) {
		loop(b, func() {
			if _, err := json.Marshal(values); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("save/deflate", func(b *testing.B) {
		loop(b, func() {
			f.deflate(raw)
		})
	})
	b.Run("save/hmac", func(b *testing.B) {
		loop(b, func() {
			f.mac.Reset()
			io.WriteString(f.mac, signed)
			f.sum = f.mac.Sum(f.sum[:0])
		})
	})
	b.Run("save/base64", func(b *testing.B) {
		loop(b, func() {
			f.out = base64.RawURLEncoding.AppendEncode(f.out[:0], compressed)
			f.out = base64.RawURLEncoding.AppendEncode(f.out, f.sum)
		})
	})
}

// failOnError is a Manager.ErrorHandler that fails the benchmark: the
// fixtures are valid, so any reported error means the path measured is not
// the one claimed.
func failOnError(tb testing.TB) func(*http.Request, error) {
	return func(_ *http.Request, err error) { tb.Errorf("session error reported: %v", err) }
}
