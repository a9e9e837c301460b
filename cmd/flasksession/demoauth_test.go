package main

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var loginHowRE = regexp.MustCompile(`<span id="login-how">([^<]*)</span>`)

// TestDemoLoginState follows one login through the states the Go home
// page tells apart: fresh with a remember cookie, restored from it on
// this request, restored earlier, and marked not fresh by session
// protection when another user agent sends the session.
func TestDemoLoginState(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	b := newBrowser(t, d.URL)
	loginHow := func(userAgent string) string {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, d.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if userAgent != "" {
			req.Header.Set("User-Agent", userAgent)
		}
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		m := loginHowRE.FindStringSubmatch(string(body))
		if m == nil {
			t.Fatalf("no login state on the home page: %.400s", body)
		}
		return html.UnescapeString(m[1])
	}
	forgetSession := func() {
		u, _ := url.Parse(d.URL)
		b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "", Path: "/", MaxAge: -1}})
	}

	b.postForm("/login", url.Values{"user": {"bob"}, "remember": {"on"}})
	steps := []struct {
		name, userAgent string
		before          func()
		want            string
	}{
		{"fresh login with remember me", "", nil, "fresh login; remember me is on"},
		{"session lost, restored this request", "", forgetSession, "restored from the remember cookie on this request, so not fresh"},
		{"the request after the restore", "", nil, "not fresh: the session holds no _id"},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		if got := loginHow(s.userAgent); !strings.HasPrefix(got, s.want) {
			t.Errorf("%s: login state %q, want it to start with %q", s.name, got, s.want)
		}
	}

	b2 := newBrowser(t, d.URL)
	b2.postForm("/login", url.Values{"user": {"eve"}})
	b = b2
	if got := loginHow(""); got != "fresh login" {
		t.Errorf("fresh login without remember me: %q", got)
	}
	if got := loginHow("another browser/1.0"); !strings.Contains(got, "session protection marked it not fresh") || strings.Contains(got, "permanent") {
		t.Errorf("another user agent: %q, want session protection named", got)
	}
}
