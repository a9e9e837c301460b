package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHostCheck(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	loopback := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	tests := []struct {
		name string
		addr net.Addr
		host string
		want int
	}{
		{"the listen address", loopback, "127.0.0.1:8080", http.StatusOK},
		{"localhost with the port", loopback, "localhost:8080", http.StatusOK},
		{"localhost in capitals", loopback, "LOCALHOST:8080", http.StatusOK},
		{"a rebinding name", loopback, "rebind.attacker.example:8080", http.StatusMisdirectedRequest},
		{"the right host on another port", loopback, "127.0.0.1:9090", http.StatusMisdirectedRequest},
		{"no port", loopback, "127.0.0.1", http.StatusMisdirectedRequest},
		{"empty host", loopback, "", http.StatusMisdirectedRequest},
		{"IPv6 loopback", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "[::1]:8080", http.StatusOK},
		{"IPv6 loopback, other name", &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "evil.example:8080", http.StatusMisdirectedRequest},
		{"port 80, left out by the browser", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}, "localhost", http.StatusOK},
		{"port 80, the address without it", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}, "127.0.0.1", http.StatusOK},
		{"port 80, IPv6 without it", &net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "[::1]", http.StatusOK},
		{"port 80, a rebinding name", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80}, "rebind.attacker.example", http.StatusMisdirectedRequest},
		{"not loopback: no check", &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "anything.example", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Host = tt.host
			w := httptest.NewRecorder()
			hostCheck(tt.addr, ok).ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("Host %q: status %d, want %d", tt.host, w.Code, tt.want)
			}
		})
	}
}

// TestDemoRefusesRebinding sends a request with a foreign Host header to a
// running demo, as a page using DNS rebinding would.
func TestDemoRefusesRebinding(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "k"})
	req, _ := http.NewRequest(http.MethodGet, d.URL+"session", nil)
	req.Host = "rebind.attacker.example:8080"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("status %d, want 421", resp.StatusCode)
	}
}
