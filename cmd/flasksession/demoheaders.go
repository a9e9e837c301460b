package main

import (
	"net/http"
	"net/url"
	"strings"
)

// guardResponses wraps the whole demo, the Go pages and the Flask half
// alike. Pages that show a session's contents, a remember cookie or a key
// pasted into /inspect are not stored by any cache (no-store); no other site
// may frame a page and trick a click on its log-out or clear buttons
// (frame-ancestors, and X-Frame-Options for older browsers); and no other
// site may post to a form. Flask-WTF and the flaskwtf package check a token
// on their forms, but the plain-Flask fallback has none, so a page elsewhere
// could log the visitor in as a user of its choosing (login CSRF). The
// origin check is the one net/http's CrossOriginProtection makes: a browser
// says where a request comes from in Sec-Fetch-Site, older ones in Origin.
func guardResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if !strings.HasPrefix(r.URL.Path, "/static/") && !strings.HasPrefix(r.URL.Path, "/favicon.") {
			h.Set("Cache-Control", "no-store")
		}
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		if !crossOriginAllowed(r) {
			http.Error(w, "403 forbidden: a form on another site cannot post to this demo", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crossOriginAllowed reports whether r is a safe method or comes from this
// origin (or from no browser at all: curl sends neither header).
func crossOriginAllowed(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}
