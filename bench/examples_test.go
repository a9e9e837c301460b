package bench_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/justinas/alice"

	"github.com/flasksession/flasksession"
)

// counter counts the visits of one browser in its session.
func counter(w http.ResponseWriter, r *http.Request) {
	s := flasksession.FromContext(r.Context())
	n := s.GetInt("visits") + 1
	s.Set("visits", n)
	fmt.Fprintf(w, "visit %d", n)
}

// browse sends n GET requests to h the way a browser would, carrying the
// session cookie each response sets into the next request, and prints the
// bodies.
func browse(h http.Handler, path string, n int) {
	cookie := ""
	for i := 0; i < n; i++ {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if sc := rec.Header().Get("Set-Cookie"); sc != "" {
			cookie, _, _ = strings.Cut(sc, ";")
		}
		fmt.Println(rec.Code, rec.Body.String())
	}
}

// The middleware is a method value of type func(http.Handler) http.Handler,
// so it goes straight into an alice chain.
func Example_alice() {
	m := flasksession.New("example-secret-key")
	chain := alice.New(m.Middleware).ThenFunc(counter)
	browse(chain, "/", 3)
	// Output:
	// 200 visit 1
	// 200 visit 2
	// 200 visit 3
}

// With chi, the middleware goes into Use like any other.
func Example_chi() {
	m := flasksession.New("example-secret-key")
	r := chi.NewRouter()
	r.Use(m.Middleware)
	r.Get("/count", counter)
	browse(r, "/count", 3)
	// Output:
	// 200 visit 1
	// 200 visit 2
	// 200 visit 3
}

// With the standard library alone, wrap the ServeMux.
func Example_serveMux() {
	m := flasksession.New("example-secret-key")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /count", counter)
	mux.HandleFunc("GET /peek", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "visits so far: %d", flasksession.FromContext(r.Context()).GetInt("visits"))
	})
	h := m.Middleware(mux)
	browse(h, "/count", 2)
	browse(h, "/peek", 1) // a new browser: no cookie, no visits
	// Output:
	// 200 visit 1
	// 200 visit 2
	// 200 visits so far: 0
}
