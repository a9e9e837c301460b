package main

import (
	"errors"
	"fmt"
	"strings"
)

// errNoToken is returned by parseToken when the input holds nothing that
// could be a cookie value.
var errNoToken = errors.New("no token in the input")

// parseToken extracts a session cookie value (a signed itsdangerous token)
// from what a person is likely to paste: a bare token, "session=TOKEN", a
// whole "Cookie:" request header (several cookies, the one named name is
// picked, the first one wins as in Werkzeug), a "Set-Cookie:" response header
// with its attributes, a double-quoted cookie value ("\"" escapes and \ooo
// octal escapes as Werkzeug writes them), or any of these wrapped in shell
// quotes, surrounded by spaces or wrapped across lines.
//
// The result is non-empty and holds only RFC 6265 cookie-octets (printable
// ASCII without space, '"', ',', ';' and '\'), so it can be passed on
// verbatim. Whether it is a well-formed token is for the verifier to say.
// Errors are one line and quote at most a short, sanitized prefix of the
// input.
func parseToken(input, name string) (string, error) {
	s := trimSpace(input)
	s = stripShellQuotes(s)

	header := ""
	if h, rest, ok := cutHeaderName(s); ok {
		header, s = h, trimSpace(rest)
	}
	switch {
	case header == "set-cookie":
		// Only the first name=value pair is the cookie; the rest are
		// attributes (Path=/; HttpOnly ...).
		first, _, _ := strings.Cut(s, ";")
		k, v, ok := strings.Cut(first, "=")
		if !ok {
			return "", fmt.Errorf("set-cookie header has no name=value pair")
		}
		if k = trimSpace(k); k != name {
			return "", fmt.Errorf("set-cookie header sets cookie %s, not %s (use --cookie-name)", quoteShort(k), quoteShort(name))
		}
		return cookieValue(v, name)
	case header == "cookie" || strings.ContainsAny(s, "=;"):
		return findCookie(s, name, header == "cookie")
	}
	return cookieValue(s, name)
}

// findCookie returns the value of the first cookie called name in a Cookie
// header value (or a lone name=value pair). Pairs without '=' are skipped,
// like Werkzeug does.
func findCookie(s, name string, isHeader bool) (string, error) {
	var seen []string
	for _, part := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		k = trimSpace(k)
		if k == name {
			return cookieValue(v, name)
		}
		if len(seen) < 4 {
			seen = append(seen, quoteShort(k))
		}
	}
	if len(seen) == 0 {
		if isHeader {
			return "", fmt.Errorf("cookie header has no name=value pair")
		}
		return "", fmt.Errorf("input has '=' or ';' but no name=value pair")
	}
	return "", fmt.Errorf("no cookie named %s in the input (found %s; use --cookie-name)", quoteShort(name), strings.Join(seen, ", "))
}

// cookieValue cleans one cookie value: surrounding spaces, Werkzeug-style
// double quotes with escapes, and whitespace inside (a token wrapped across
// lines) are removed, then the result is checked against the cookie-octet
// set.
func cookieValue(v, name string) (string, error) {
	v = trimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		u, err := unquoteCookie(v[1 : len(v)-1])
		if err != nil {
			return "", err
		}
		v = trimSpace(u)
	} else if strings.HasPrefix(v, `"`) {
		return "", fmt.Errorf("cookie value has an unterminated double quote")
	}
	v = removeSpace(v)
	if v == "" {
		return "", fmt.Errorf("%w: the %s cookie is empty (a deleted cookie?)", errNoToken, quoteShort(name))
	}
	for i := 0; i < len(v); i++ {
		if !isCookieOctet(v[i]) {
			return "", fmt.Errorf("token has byte %#02x at offset %d, which no cookie value may hold", v[i], i)
		}
	}
	return v, nil
}

// unquoteCookie undoes the quoting Werkzeug's dump_cookie applies to values
// outside the plain token set: \" and \\ and three-digit octal escapes.
func unquoteCookie(q string) (string, error) {
	if !strings.Contains(q, `\`) {
		return q, nil
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+3 < len(q) && isOctal(q[i+1]) && isOctal(q[i+2]) && isOctal(q[i+3]) && q[i+1] <= '3' {
			b.WriteByte((q[i+1]-'0')<<6 | (q[i+2]-'0')<<3 | (q[i+3] - '0'))
			i += 3
			continue
		}
		if i+1 < len(q) {
			b.WriteByte(q[i+1])
			i++
			continue
		}
		return "", fmt.Errorf("quoted cookie value ends with a lone backslash")
	}
	return b.String(), nil
}

// cutHeaderName recognises "Cookie:" and "Set-Cookie:" (any case) at the
// start of s and returns the lower-cased header name and the rest.
func cutHeaderName(s string) (header, rest string, ok bool) {
	for _, h := range [...]string{"set-cookie", "cookie"} {
		if len(s) > len(h) && strings.EqualFold(s[:len(h)], h) {
			r := strings.TrimLeft(s[len(h):], " \t")
			if strings.HasPrefix(r, ":") {
				return h, r[1:], true
			}
		}
	}
	return "", s, false
}

// stripShellQuotes removes one pair of single quotes, or of double quotes
// around a whole header line or name=value pair (a lone quoted cookie value
// is left for cookieValue, which unescapes it).
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

func isOctal(c byte) bool { return '0' <= c && c <= '7' }

// isCookieOctet reports whether c may appear in a cookie value unquoted
// (RFC 6265 section 4.1.1).
func isCookieOctet(c byte) bool {
	return c == 0x21 || (0x23 <= c && c <= 0x2b) || (0x2d <= c && c <= 0x3a) ||
		(0x3c <= c && c <= 0x5b) || (0x5d <= c && c <= 0x7e)
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
