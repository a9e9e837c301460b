package flasksession

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// findCookie returns the value of the first cookie called name in the
// request's Cookie headers, parsed the way Werkzeug's parse_cookie parses
// them (werkzeug/sansio/http.py): the first cookie of that name wins, names are
// case-sensitive, surrounding whitespace is stripped and a "..." value is
// unquoted with its \ooo and \c escapes. Only the session cookie is looked
// at; the other cookies are neither parsed nor allocated.
func findCookie(h http.Header, name string) (string, bool) {
	for _, line := range h["Cookie"] {
		if v, ok := scanCookieLine(line, name); ok {
			return v, true
		}
	}
	return "", false
}

// isRegexSpace is \s of Python's re in ASCII mode.
func isRegexSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// scanCookieLine walks one Cookie header the way Werkzeug's _cookie_re
// does on `line + ";"`:
//
//	([^=;]*) (?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))? \s*;\s*
func scanCookieLine(line, name string) (string, bool) {
	i, n := 0, len(line)
	for i < n {
		// name: up to '=' or ';'
		j := i
		for j < n && line[j] != '=' && line[j] != ';' {
			j++
		}
		key := line[i:j]
		var val string
		if j < n && line[j] == '=' {
			k := j + 1
			for k < n && isRegexSpace(line[k]) {
				k++
			}
			end, next, quoted := -1, -1, false
			if k < n && line[k] == '"' {
				// quoted alternative: ends at the first unescaped quote and
				// must be followed by \s* then ';' or the end of the line.
				q, closed := k+1, false
				for q < n {
					c := line[q]
					if c == '"' {
						closed = true
						break
					}
					if c == '\\' {
						if q+1 < n && line[q+1] != '\n' {
							q += 2
							continue
						}
						break
					}
					q++
				}
				if closed {
					e := q + 1
					for e < n && isRegexSpace(line[e]) {
						e++
					}
					if e == n || line[e] == ';' {
						end, next, quoted = q+1, e, true
					}
				}
			}
			if !quoted {
				// lazy .*? up to the first ';'
				e := k
				for e < n && line[e] != ';' {
					e++
				}
				end, next = e, e
			}
			val = line[k:end]
			j = next
		}
		// consume ';' and following whitespace
		if j < n && line[j] == ';' {
			j++
		}
		for j < n && isRegexSpace(line[j]) {
			j++
		}
		if pyStrip(key) == name {
			return unquoteCookie(pyStrip(val)), true
		}
		if j <= i {
			j = i + 1
		}
		i = j
	}
	return "", false
}

// unquoteCookie removes Werkzeug's "..." quoting: \ooo (first digit 0-3)
// gives that byte, \c gives c. Invalid UTF-8 that results becomes U+FFFD,
// as Python's decode(errors="replace") does.
func unquoteCookie(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 >= len(v) {
			b = append(b, c)
			continue
		}
		if i+3 < len(v) && v[i+1] >= '0' && v[i+1] <= '3' && isOct(v[i+2]) && isOct(v[i+3]) {
			b = append(b, (v[i+1]-'0')<<6|(v[i+2]-'0')<<3|(v[i+3]-'0'))
			i += 3
			continue
		}
		if v[i+1] == '\n' {
			b = append(b, c)
			continue
		}
		b = append(b, v[i+1])
		i++
	}
	if !utf8.Valid(b) {
		// Python's decode(errors="replace"): one U+FFFD per invalid byte
		// here (Python groups a truncated multi-byte sequence into one;
		// such a value never verifies either way).
		var r strings.Builder
		for len(b) > 0 {
			c, n := utf8.DecodeRune(b)
			if c == utf8.RuneError && n == 1 {
				r.WriteString("\uFFFD")
			} else {
				r.Write(b[:n])
			}
			b = b[n:]
		}
		return r.String()
	}
	return string(b)
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

// addVaryCookie adds "Cookie" to the response's Vary header the way
// Werkzeug's response.vary.add does (its datastructures HeaderSet, called
// from Flask's save_session): nothing changes when a Vary item already
// equals "cookie" in any case; otherwise the items are joined with ", "
// into one header, "Cookie" last.
func addVaryCookie(h http.Header) { addVaryCookieTo(h, nil) }

// addVaryCookieTo is addVaryCookie with the new one-element value backed
// by s (see Session.headerSlot) when s is not nil.
func addVaryCookieTo(h http.Header, s *Session) {
	lines := h["Vary"]
	if len(lines) == 0 {
		if s != nil {
			h["Vary"] = s.headerSlot(1, "Cookie")
		} else {
			h["Vary"] = []string{"Cookie"}
		}
		return
	}
	if varyHasCookie(lines) {
		return
	}
	var items []string
	for _, line := range lines {
		for _, it := range strings.Split(line, ",") {
			it = strings.TrimSpace(it)
			if it == "" {
				continue
			}
			dup := false
			for _, have := range items {
				if strings.EqualFold(have, it) {
					dup = true
					break
				}
			}
			if !dup {
				items = append(items, it)
			}
		}
	}
	items = append(items, "Cookie")
	h["Vary"] = []string{strings.Join(items, ", ")}
}

// varyHasCookie reports whether an item of the Vary lines equals "cookie"
// in any case, without splitting them.
func varyHasCookie(lines []string) bool {
	for _, line := range lines {
		for line != "" {
			it, rest, _ := strings.Cut(line, ",")
			if strings.EqualFold(strings.TrimSpace(it), "cookie") {
				return true
			}
			line = rest
		}
	}
	return false
}
