package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDemoErrorPages checks that a missing page and a wrong method get the
// demo's styled page with the right status (and Allow header), not
// net/http's plain text.
func TestDemoErrorPages(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	tests := []struct {
		name, method, path string
		status             int
		allow              string
		want               string
	}{
		{"missing page", http.MethodGet, "/nope", http.StatusNotFound, "", "The Go half has no page at <code>/nope</code>."},
		{"a form's path as a link", http.MethodGet, "/logout", http.StatusMethodNotAllowed, "POST", "does not answer a GET request (it answers POST)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, strings.TrimSuffix(d.URL, "/")+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
				t.Errorf("status %d, Allow %q; want %d, %q", resp.StatusCode, resp.Header.Get("Allow"), tt.status, tt.allow)
			}
			page := string(body)
			if !strings.Contains(page, `<link rel="stylesheet" href="/static/demo.css">`) || !strings.Contains(page, tt.want) {
				t.Errorf("not the styled page saying %q: %.400s", tt.want, page)
			}
		})
	}
}
