package flasksession

import (
	"net/http"
	"testing"
)

func TestFindCookie(t *testing.T) {
	const v = "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0"
	tests := []struct {
		name   string
		header []string
		want   string
		found  bool
	}{
		{"plain", []string{"session=" + v}, v, true},
		{"first wins (good first)", []string{"session=" + v + "; session=garbage"}, v, true},
		{"first wins (garbage first)", []string{"session=garbage; session=" + v}, "garbage", true},
		{"quoted", []string{`session="` + v + `"`}, v, true},
		{"surrounding spaces", []string{"session=  " + v + "  "}, v, true},
		{"name case-sensitive", []string{"Session=" + v}, "", false},
		{"empty value", []string{"session="}, "", true},
		{"among others", []string{"a=1; b=\"x;y\"; session=" + v + "; c=3"}, v, true},
		{"no equals", []string{"session; x=1"}, "", true},
		{"spaces around name and equals", []string{"  session  =  abc ; x=1"}, "abc", true},
		{"quoted with escapes", []string{`session="a\"b\\c\101\q"`}, `a"b\cAq`, true},
		{"quoted then junk is raw", []string{`session="ab"cd; x=1`}, `"ab"cd`, true},
		{"quoted semicolon", []string{`session="a;b"`}, "a;b", true},
		{"unterminated quote", []string{`session="abc; x=1`}, `"abc`, true},
		{"second header line", []string{"a=1", "session=x"}, "x", true},
		{"empty name skipped", []string{"=1; session=y"}, "y", true},
		{"octal invalid utf-8 replaced", []string{`session="\377"`}, "\uFFFD", true},
		{"latin-1 nbsp stripped", []string{"session=\xa0abc\xa0"}, "abc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{"Cookie": tt.header}
			got, found := findCookie(h, "session")
			if got != tt.want || found != tt.found {
				t.Errorf("findCookie = %q, %v; want %q, %v", got, found, tt.want, tt.found)
			}
		})
	}
}

func TestAddVaryCookie(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"none", nil, []string{"Cookie"}},
		{"merged", []string{"Accept-Encoding,Accept-Language"}, []string{"Accept-Encoding, Accept-Language, Cookie"}},
		{"already there any case", []string{"accept-encoding, cOOkie"}, []string{"accept-encoding, cOOkie"}},
		{"star", []string{"*"}, []string{"*, Cookie"}},
		{"several lines", []string{"Accept", "Origin, accept"}, []string{"Accept, Origin, Cookie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.in != nil {
				h["Vary"] = append([]string(nil), tt.in...)
			}
			addVaryCookie(h)
			addVaryCookie(h) // idempotent: exactly once
			if got := h["Vary"]; len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Errorf("Vary = %q, want %q", got, tt.want)
			}
		})
	}
}
