package main

import (
	"net/http"
	"strings"
)

// styledErrors answers the requests mux has no handler for (404, or 405
// for a path that takes other methods) with the demo's own page instead of
// net/http's plain text, keeping the status and the Allow header.
func (d *demoServer) styledErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// ServeMux's own answer: find out which it is without sending it.
		probe := &statusProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.code != http.StatusNotFound && probe.code != http.StatusMethodNotAllowed {
			mux.ServeHTTP(w, r) // a redirect to a cleaned path, say
			return
		}
		p := d.frame(r, "error", http.StatusText(probe.code), false)
		p.Status, p.Path, p.Method = probe.code, r.URL.Path, r.Method
		if allow := probe.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
			p.Allow = strings.ReplaceAll(allow, ", ", " or ")
		}
		d.renderStatus(w, "error", p, probe.code)
	})
}

// statusProbe records the status and headers a handler answers with and
// drops the body.
type statusProbe struct {
	header http.Header
	code   int
}

func (s *statusProbe) Header() http.Header { return s.header }

func (s *statusProbe) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
}

func (s *statusProbe) Write(b []byte) (int, error) {
	s.WriteHeader(http.StatusOK)
	return len(b), nil
}
