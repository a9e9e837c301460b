package main

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/flasksession/flasksession"
)

// errNoToken is returned by parseToken when the input holds nothing that
// could be a cookie value.
var errNoToken = errors.New("no token in the input")

// errNotToken is the reason verify and decode give for a value without
// any '.', which cannot be an itsdangerous token.
var errNotToken = errors.New("not an itsdangerous token: it has no '.' (a session cookie is PAYLOAD.TIMESTAMP.SIGNATURE)")

// parseToken extracts a session cookie value (a signed itsdangerous token)
// from what a person is likely to paste: a bare token, "session=TOKEN", a
// whole "Cookie:" request header (the cookie named name is picked), a
// "Set-Cookie:" response header with its attributes, a double-quoted
// cookie value, or any of these wrapped in shell quotes, surrounded by
// spaces or wrapped across lines.
//
// The cookie itself is found and unquoted by flasksession.CookieValue, as
// Flask's request.cookies would hold it; this is only the layer for
// pasted text around it: header names, shell quotes, and whitespace
// inside the value (a token never holds any). Whether the result is a
// well-formed token is for the verifier to say. Errors are one line and
// quote at most a short, sanitized prefix of the input.
func parseToken(input, name string) (string, error) {
	s := stripShellQuotes(trimSpace(input))
	header, s := cutHeaderName(s)
	s = trimSpace(s)
	line := s
	switch {
	case header == "set-cookie":
		// Only the first name=value pair is the cookie; the rest are
		// attributes (Path=/; HttpOnly ...).
		first, _, _ := strings.Cut(s, ";")
		k, _, ok := strings.Cut(first, "=")
		if !ok {
			return "", fmt.Errorf("set-cookie header has no name=value pair")
		}
		if k = trimSpace(k); k != name {
			return "", &cookieNameError{Want: name, Found: []string{k}, SetCookie: true}
		}
		line = first
	case header == "cookie" || strings.ContainsAny(s, "=;"):
	default:
		line = name + "=" + s // a bare value
	}
	v, ok := flasksession.CookieValue(http.Header{"Cookie": {line}}, name)
	if !ok {
		return "", noCookie(line, name, header == "cookie")
	}
	if v = removeSpace(v); v == "" {
		return "", fmt.Errorf("%w: the %s cookie is empty (a deleted cookie?)", errNoToken, quoteShort(name))
	}
	return v, nil
}

// noCookie explains why a Cookie line holds no cookie called name, naming
// a few of the cookies it does hold.
func noCookie(line, name string, isHeader bool) error {
	var seen []string
	for _, part := range strings.Split(line, ";") {
		if k, _, ok := strings.Cut(part, "="); ok && len(seen) < 4 {
			seen = append(seen, trimSpace(k))
		}
	}
	switch {
	case len(seen) > 0:
		return &cookieNameError{Want: name, Found: seen}
	case isHeader:
		return fmt.Errorf("cookie header has no name=value pair")
	}
	return fmt.Errorf("input has '=' or ';' but no name=value pair")
}

// pastedSetCookie gives back a pasted "Set-Cookie:" line for the cookie
// name, whose value parseToken read as value: name=value and the pasted
// attributes, each trimmed (a line wrapped when pasted is joined again),
// separated by "; " as Werkzeug's dump_cookie writes them. ok is false
// when the input is not a Set-Cookie line.
func pastedSetCookie(input, name, value string) (line string, ok bool) {
	header, rest := cutHeaderName(stripShellQuotes(trimSpace(input)))
	if header != "set-cookie" {
		return "", false
	}
	parts := []string{name + "=" + value}
	_, attrs, _ := strings.Cut(rest, ";")
	for _, a := range strings.Split(attrs, ";") {
		if a = strings.Join(strings.Fields(a), " "); a != "" {
			parts = append(parts, a)
		}
	}
	return strings.Join(parts, "; "), true
}

// cookieNameError is parseToken's answer to input holding cookies, none
// of them called Want. Its message is the command line's (it names the
// --cookie-name flag); the demo's inspector words its own from the fields.
type cookieNameError struct {
	Want      string
	Found     []string // the first few cookie names seen, as pasted
	SetCookie bool     // the input was a Set-Cookie line
}

func (e *cookieNameError) Error() string {
	if e.SetCookie {
		return fmt.Sprintf("set-cookie header sets cookie %s, not %s (use --cookie-name)", quoteShort(e.Found[0]), quoteShort(e.Want))
	}
	return fmt.Sprintf("no cookie named %s in the input (found %s; use --cookie-name)", quoteShort(e.Want), e.FoundList())
}

// FoundList is the names seen, each quoted and shortened.
func (e *cookieNameError) FoundList() string {
	quoted := make([]string, len(e.Found))
	for i, k := range e.Found {
		quoted[i] = quoteShort(k)
	}
	return strings.Join(quoted, ", ")
}

// cutHeaderName recognises "Cookie:" and "Set-Cookie:" (any case) at the
// start of s and returns the lower-cased header name and the rest.
func cutHeaderName(s string) (header, rest string) {
	for _, h := range [...]string{"set-cookie", "cookie"} {
		if len(s) > len(h) && strings.EqualFold(s[:len(h)], h) {
			r := strings.TrimLeft(s[len(h):], " \t")
			if strings.HasPrefix(r, ":") {
				return h, r[1:]
			}
		}
	}
	return "", s
}

// stripShellQuotes removes one pair of single quotes, or of double quotes
// around a whole header line or name=value pair (a lone quoted cookie value
// is left for the cookie parser, which unescapes it).
func stripShellQuotes(s string) string {
	if len(s) < 2 {
		return s
	}
	first, last := s[0], s[len(s)-1]
	if first == '\'' && last == '\'' {
		return trimSpace(s[1 : len(s)-1])
	}
	if first == '"' && last == '"' && strings.ContainsAny(s[1:len(s)-1], "=:") && !strings.Contains(s[1:len(s)-1], `"`) {
		return trimSpace(s[1 : len(s)-1])
	}
	return s
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func removeSpace(s string) string {
	if !strings.ContainsAny(s, " \t\n\r\v\f") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// quoteShort quotes at most 24 bytes of s for an error message, so that a
// pasted cookie never ends up whole in an error.
func quoteShort(s string) string {
	if len(s) > 24 {
		return fmt.Sprintf("%q...", s[:24])
	}
	return fmt.Sprintf("%q", s)
}
