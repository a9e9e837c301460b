package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDemoHomeCounterWording says "1 time", then "2 times".
func TestDemoHomeCounterWording(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	b := newBrowser(t, d.URL)
	for _, want := range []string{`<strong id="counter">1</strong> time in`, `<strong id="counter">2</strong> times in`} {
		if page := b.get("/"); !strings.Contains(page, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}

// TestDemoSessionWithAnotherKey shows a cookie signed with another key
// on /session with its contents labelled NOT VERIFIED, while
// /session.json, the session the Go side loads, stays empty.
func TestDemoSessionWithAnotherKey(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	theirs := signedWith(t, "their-key", time.Now(), map[string]any{"who": "them"})
	get := func(path string) string {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.Host = strings.TrimSuffix(strings.TrimPrefix(d.URL, "http://"), "/")
		r.AddCookie(&http.Cookie{Name: "session", Value: theirs})
		w := httptest.NewRecorder()
		d.srv.Handler.ServeHTTP(w, r)
		return w.Body.String()
	}
	if page := get("/session"); !strings.Contains(page, "NOT VERIFIED") || !strings.Contains(page, "&#39;them&#39;") {
		t.Errorf("/session does not show the unverified contents: %.300s", page)
	}
	if js := get("/session.json"); !strings.HasPrefix(js, `{"session":{},`) {
		t.Errorf("/session.json = %.200s, want an empty session", js)
	}
}
