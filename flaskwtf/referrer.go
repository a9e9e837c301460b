package flaskwtf

import (
	"net/netip"
	"strings"
)

// sameOrigin is Flask-WTF's same_origin(current_uri, compare_uri): the two
// URLs, split as Python's urllib.parse.urlparse splits them, have equal
// scheme, hostname and port. Where Python raises ValueError (an invalid
// port, unbalanced IPv6 brackets), which Flask answers with a 500, it
// reports false.
func sameOrigin(current, compare string) bool {
	a, ok := parseOrigin(current)
	if !ok {
		return false
	}
	b, ok := parseOrigin(compare)
	if !ok {
		return false
	}
	return a == b
}

// origin is what same_origin compares. An empty host or a port of -1 is
// Python's None.
type origin struct {
	scheme, host string
	port         int
}

// parseOrigin follows CPython 3.11's urlsplit and the hostname and port
// properties of its result. ok is false where they raise ValueError.
func parseOrigin(u string) (o origin, ok bool) {
	o.port = -1
	// urlsplit: strip leading C0 controls and spaces, drop tabs and
	// newlines anywhere.
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.ContainsAny(u, "\t\r\n") {
		u = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(u)
	}
	if i := strings.IndexByte(u, ':'); i > 0 && isAlpha(u[0]) && allSchemeChars(u[:i]) {
		o.scheme, u = lowerLatin1(u[:i]), u[i+1:]
	}
	if !strings.HasPrefix(u, "//") {
		return o, true
	}
	netloc := u[2:]
	if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
		netloc = netloc[:i]
	}
	open, closed := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
	if open != closed {
		return o, false // "Invalid IPv6 URL"
	}
	hostinfo := netloc
	if i := strings.LastIndexByte(hostinfo, '@'); i >= 0 {
		hostinfo = hostinfo[i+1:]
	}
	var host, port string
	if before, bracketed, found := strings.Cut(hostinfo, "["); found {
		h, after, _ := strings.Cut(bracketed, "]")
		if before != "" || (after != "" && after[0] != ':') || !validBracketedHost(h) {
			return o, false // _check_bracketed_netloc
		}
		host = h
		_, port, _ = strings.Cut(after, ":")
	} else {
		host, port, _ = strings.Cut(hostinfo, ":")
		if open && !validBracketedHost(host) {
			// Brackets before the "@": _check_bracketed_netloc checks
			// the unbracketed host as if it were bracketed.
			return o, false
		}
	}
	if host != "" {
		name, zone, hasZone := strings.Cut(host, "%")
		o.host = lowerLatin1(name)
		if hasZone {
			o.host += "%" + zone // the zone keeps its case
		}
	}
	if port != "" {
		n := 0
		for i := 0; i < len(port); i++ {
			c := port[i]
			if c < '0' || c > '9' {
				return o, false // "Port could not be cast to integer value"
			}
			if n = n*10 + int(c-'0'); n > 65535 {
				return o, false // "Port out of range 0-65535"
			}
		}
		o.port = n
	}
	return o, true
}

// validBracketedHost is _check_bracketed_host: an IPv6 address (with an
// optional zone) or an IPvFuture literal ("v1.x").
func validBracketedHost(h string) bool {
	if strings.HasPrefix(h, "v") {
		// r"\Av[a-fA-F0-9]+\..+\Z"
		hexPart, rest, ok := strings.Cut(h[1:], ".")
		if !ok || hexPart == "" || rest == "" {
			return false
		}
		for i := 0; i < len(hexPart); i++ {
			if !isHex(hexPart[i]) {
				return false
			}
		}
		return !strings.Contains(rest, "\n")
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Is6()
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

// allSchemeChars reports whether s holds only urllib.parse.scheme_chars.
func allSchemeChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// lowerLatin1 is Python's str.lower on a header value, which WSGI decodes
// as Latin-1: A-Z and À-Þ (but ×) become lower case.
func lowerLatin1(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0xC0 && c <= 0xDE && c != 0xD7 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' || c >= 0xC0 && c <= 0xDE && c != 0xD7 {
					b[j] = c + 0x20
				}
			}
			return string(b)
		}
	}
	return s
}
