package main

import (
	"strings"
	"testing"
)

const vectorCookie = "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0"

func TestParseToken(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		cookie  string // cookie name; "" means "session"
		want    string
		wantErr string // substring of the error; "" means success
	}{
		{name: "bare value", input: vectorCookie, want: vectorCookie},
		{name: "bare compressed value keeps its leading dot", input: ".eJyrVkpUsjKsBQAIKgIJ.ZVPxAA.AOVw", want: ".eJyrVkpUsjKsBQAIKgIJ.ZVPxAA.AOVw"},
		{name: "surrounding spaces and newline", input: "  " + vectorCookie + " \r\n", want: vectorCookie},
		{name: "wrapped across lines", input: "eyJhIjoxfQ.ZVPx\n  AA.TE-YsgGFCpwCffY7vO3X6YOKBN0", want: vectorCookie},
		{name: "session=value", input: "session=" + vectorCookie, want: vectorCookie},
		{name: "session=value with spaces (werkzeug strips)", input: "session=  " + vectorCookie + "  ", want: vectorCookie},
		{name: "double-quoted value", input: `session="` + vectorCookie + `"`, want: vectorCookie},
		{name: "double-quoted bare value", input: `"` + vectorCookie + `"`, want: vectorCookie},
		{name: "shell single quotes around a pair", input: `'session=` + vectorCookie + `'`, want: vectorCookie},
		{name: "shell double quotes around a header", input: `"Cookie: session=` + vectorCookie + `"`, want: vectorCookie},
		{name: "cookie header among others", input: "Cookie: theme=dark; session=" + vectorCookie + "; lang=en", want: vectorCookie},
		{name: "cookie header any case, no space", input: "cookie:session=" + vectorCookie, want: vectorCookie},
		{name: "cookie header pair without = skipped", input: "Cookie: flag; session=" + vectorCookie, want: vectorCookie},
		{name: "duplicate cookie: first wins", input: "Cookie: session=" + vectorCookie + "; session=garbage", want: vectorCookie},
		{name: "duplicate cookie: first wins even if garbage", input: "Cookie: session=garbage; session=" + vectorCookie, want: "garbage"},
		{name: "set-cookie header with attributes", input: "Set-Cookie: session=" + vectorCookie + "; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/", want: vectorCookie},
		{name: "SET-COOKIE upper case", input: "SET-COOKIE : session=" + vectorCookie + "; HttpOnly", want: vectorCookie},
		{name: "pasted Set-Cookie value without header name", input: "session=" + vectorCookie + "; HttpOnly; Path=/", want: vectorCookie},
		{name: "custom cookie name", input: "Cookie: app_session=" + vectorCookie, cookie: "app_session", want: vectorCookie},
		{name: "quoted value with werkzeug escapes", input: `session="a\"b\\c\073d"`, want: `a"b\c;d`},
		{name: "quoted value with octal escape of a plain char", input: `session="ab\056cd"`, want: "ab.cd"},

		{name: "empty input", input: "   ", wantErr: "empty"},
		{name: "deleted cookie in set-cookie", input: "Set-Cookie: session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/", wantErr: "empty"},
		{name: "cookie name is case-sensitive", input: "Session=" + vectorCookie, wantErr: `no cookie named "session"`},
		{name: "header without the session cookie", input: "Cookie: a=1; b=2", wantErr: `found "a", "b"`},
		{name: "set-cookie of another cookie", input: "Set-Cookie: remember_token=x; Path=/", wantErr: `sets cookie "remember_token"`},
		{name: "set-cookie without pair", input: "Set-Cookie: HttpOnly", wantErr: "no name=value"},
		{name: "cookie header without pair", input: "Cookie: ;;", wantErr: "no name=value"},

		// What is not a well-formed cookie value is kept as Werkzeug keeps
		// it, for the verifier to refuse.
		{name: "unterminated quote is part of the value", input: `session="abc`, want: `"abc`},
		// Pasted bytes are read as a browser's Cookie header is read by
		// Werkzeug: as Latin-1, so the UTF-8 bytes of "é" are two characters.
		{name: "non-ASCII byte", input: "eyJhIjoxfQ.ZVPxAA.TE-Ysg\u00e9", want: "eyJhIjoxfQ.ZVPxAA.TE-Ysg\u00c3\u00a9"},
		{name: "comma inside a bare value", input: "abc,def", want: "abc,def"},
		{name: "lone backslash in quotes is kept", input: `session="abc\"`, want: `abc\`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.cookie
			if name == "" {
				name = "session"
			}
			got, err := parseToken(tt.input, name)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("parseToken(%q) = %q, want an error containing %q", tt.input, got, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseToken(%q) error = %q, want it to contain %q", tt.input, err, tt.wantErr)
				}
				if strings.ContainsAny(err.Error(), "\r\n") {
					t.Errorf("error %q spans lines", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseToken(%q) error: %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("parseToken(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

// TestParseTokenErrorHidesLongInput checks that an error quotes only a short
// prefix of what was pasted, never a whole cookie.
func TestParseTokenErrorHidesLongInput(t *testing.T) {
	long := strings.Repeat("A", 200) + "=" + vectorCookie
	_, err := parseToken(long, "session")
	if err == nil {
		t.Fatal("want an error for a cookie of another name")
	}
	if strings.Contains(err.Error(), vectorCookie) || len(err.Error()) > 200 {
		t.Errorf("error %q quotes too much of the input", err)
	}
	// Found by FuzzParseToken: a long --cookie-name was quoted whole.
	_, err = parseToken(" ", strings.Repeat("n", 500))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("empty input with a 500-byte cookie name: error %v, want a short one", err)
	}
}

// isPlainName reports whether s is a cookie name the fuzz properties can
// wrap a token with unambiguously.
func isPlainName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// isCookieValue reports whether s holds only RFC 6265 cookie-octets, which
// every token does and any Cookie header carries unquoted and unchanged.
func isCookieValue(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == 0x21 || (0x23 <= c && c <= 0x2b) || (0x2d <= c && c <= 0x3a) ||
			(0x3c <= c && c <= 0x5b) || (0x5d <= c && c <= 0x7e)) {
			return false
		}
	}
	return true
}

func FuzzParseToken(f *testing.F) {
	// More seeds are in testdata/fuzz/FuzzParseToken.
	f.Add(vectorCookie, "session")
	f.Add("Cookie: a=b; session=\""+vectorCookie+"\"", "session")
	f.Fuzz(func(t *testing.T, input, name string) {
		got, err := parseToken(input, name)
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || len(msg) > 1000 {
				t.Fatalf("error for %q is not one short line: %q", input, msg)
			}
			return
		}
		if got == "" {
			t.Fatalf("parseToken(%q) = \"\" without an error", input)
		}
		if strings.ContainsAny(got, " \t\n\r\v\f") {
			t.Fatalf("parseToken(%q) = %q holds whitespace, which no token has", input, got)
		}
		if !isPlainName(name) || !isCookieValue(got) {
			return
		}
		// However the token is wrapped, the same token comes back.
		other := "zz9"
		if name == other {
			other = "zz8"
		}
		wraps := []string{
			name + "=" + got,
			" " + name + " = \"" + got + "\" ",
			"Cookie: " + other + "=1; " + name + "=" + got + "; " + name + "=second",
			"Set-Cookie: " + name + "=" + got + "; Path=/; HttpOnly",
			"'" + name + "=" + got + "'",
		}
		if !strings.ContainsAny(got, "=:'") {
			wraps = append(wraps, got, "\n"+got+"\n")
		}
		for _, w := range wraps {
			again, err := parseToken(w, name)
			if err != nil || again != got {
				t.Fatalf("parseToken(%q) = %q, %v; want %q (the result of parsing %q)", w, again, err, got, input)
			}
		}
	})
}
