package flasksession

import (
	"net/http"
	"testing"
)

func TestCookieValue(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		want   string
		wantOK bool
	}{
		{"among others", []string{"theme=dark; session=abc.def; lang=en"}, "abc.def", true},
		{"first of two wins", []string{"session=first; session=second"}, "first", true},
		{"first header line wins", []string{"a=1", "session=one", "session=two"}, "one", true},
		{"quoted value is unquoted", []string{`session="a\"b\073c"`}, `a"b;c`, true},
		{"surrounding spaces are stripped", []string{"session =  abc  ; x=1"}, "abc", true},
		{"names are case-sensitive", []string{"Session=abc"}, "", false},
		{"no cookie header", nil, "", false},
		{"empty value is present", []string{"session=; x=1"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tt.lines {
				h.Add("Cookie", l)
			}
			got, ok := CookieValue(h, "session")
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("CookieValue(%q) = %q, %v; want %q, %v", tt.lines, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
