package flasksession

import (
	"net/http/httptest"
	"testing"
)

func TestSessionContains(t *testing.T) {
	m := New("dev-secret")
	cookie, err := m.EncodeCookie(map[string]any{"csrf_token": "abc"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, cookie, key string
		want              bool
	}{
		{"present key", cookie, "csrf_token", true},
		{"absent key", cookie, "user", false},
		{"no cookie", "", "csrf_token", false},
		{"rejected cookie", cookie + "x", "csrf_token", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tt.cookie != "" {
				r.Header.Set("Cookie", "session="+tt.cookie)
			}
			s, _ := m.Open(r) // a rejected cookie gives an empty session
			if got := s.Contains(tt.key); got != tt.want {
				t.Errorf("Contains(%q) = %v, want %v", tt.key, got, tt.want)
			}
			if s.Accessed() {
				t.Error("Contains marked the session accessed; Python's `in` does not")
			}
		})
	}
}
