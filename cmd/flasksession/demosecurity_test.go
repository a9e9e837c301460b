package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDemoFlaskChildOnlyThroughProxy asks the Flask half's own loopback
// port directly, as a local process or a DNS-rebound page would: without
// the Go side's Host check it would log anyone in and sign the session.
func TestDemoFlaskChildOnlyThroughProxy(t *testing.T) {
	py := demoPython(t, false)
	d := startTestDemo(t, demoConfig{Secret: "k", Flask: true, Python: py.Path})
	for _, tc := range []struct {
		name, method, path, host, proxyHeader string
	}{
		{"rebound name", "GET", "/flask/", "rebind.attacker.example", ""},
		{"loopback name", "GET", "/flask/login", d.flask.Addr, ""},
		{"login post", "POST", "/flask/login", d.flask.Addr, ""},
		{"guessed token", "GET", "/flask/", d.flask.Addr, "guess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, "http://"+d.flask.Addr+tc.path, strings.NewReader(url.Values{"user": {"admin"}}.Encode()))
			req.Host = tc.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.proxyHeader != "" {
				req.Header.Set(demoProxyHeader, tc.proxyHeader)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden || len(resp.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("direct %s %s: status %d, Set-Cookie %q; want 403 and no cookie", tc.method, tc.path, resp.StatusCode, resp.Header.Values("Set-Cookie"))
			}
		})
	}
	// A client's own copy of the header is replaced by the proxy's.
	req, _ := http.NewRequest("GET", d.URL+"flask/", nil)
	req.Header.Set(demoProxyHeader, "guess")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("through the demo: status %d, want 200", resp.StatusCode)
	}
}
