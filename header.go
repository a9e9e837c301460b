package flasksession

import (
	"math"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyutf8"
)

// findRawCookie returns the value of the first cookie called name in the
// request's Cookie headers as sent: still quoted, its bytes untouched. The
// cookie is found as Werkzeug's sansio http.parse_cookie finds it in the
// header lines joined with ";" (Request.cookies): the first cookie of that
// name wins, names are case-sensitive, surrounding whitespace is stripped
// and a cookie without a name is skipped. Only the session cookie is looked
// at; the other cookies are neither parsed nor allocated, and the lines are
// read in place, never joined: a quoted value may run on from one line to
// the next (the ';' between them is then part of it), and only such a
// value, if it is the one looked for, is copied, at most maxRaw+1 bytes of
// it (maxRaw < 0: all), which is enough for the caller to refuse it as
// too long.
func findRawCookie(h http.Header, name string, maxRaw int) (string, bool) {
	lines := h["Cookie"]
	if name == "" {
		return "", false
	}
	for l, i := 0, 0; l < len(lines); {
		line := lines[l]
		n := len(line)
		if i >= n {
			l, i = l+1, 0
			continue
		}
		// name: up to '=' or ';'
		j := n
		if k := strings.IndexByte(line[i:], ';'); k >= 0 {
			j = i + k
		}
		if k := strings.IndexByte(line[i:j], '='); k >= 0 {
			j = i + k
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
				// quoted alternative: ends at the first unescaped quote,
				// perhaps on a later line, and must be followed by \s*
				// then ';' or the end of a line.
				if m, q, closed := closingQuote(lines, l, k+1); closed {
					ml := lines[m]
					e := q + 1
					for e < len(ml) && isRegexSpace(ml[e]) {
						e++
					}
					if e == len(ml) || ml[e] == ';' {
						if m != l {
							if pyStrip(key) == name {
								return joinedValue(lines, l, k, m, q+1, maxRaw), true
							}
							// go on after the value, on its last line
							l, line, n, i, j = m, ml, len(ml), -1, e
							goto separator
						}
						end, next, quoted = q+1, e, true
					}
				}
			}
			if !quoted {
				// lazy .*? up to the first ';'
				e := n
				if x := strings.IndexByte(line[k:], ';'); x >= 0 {
					e = k + x
				}
				end, next = e, e
			}
			val = line[k:end]
			j = next
		}
		if pyStrip(key) == name {
			return pyStrip(val), true
		}
	separator:
		// consume ';' and following whitespace
		if j < n && line[j] == ';' {
			j++
		}
		for j < n && isRegexSpace(line[j]) {
			j++
		}
		if j <= i {
			j = i + 1
		}
		i = j
	}
	return "", false
}

// isRegexSpace is \s of Python's re in ASCII mode.
func isRegexSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// closingQuote finds the quote that closes a quoted cookie value whose
// text starts at lines[l][q], as Werkzeug's "(?:[^\\"]|\\.)*" finds it in
// the lines joined with ";": the ';' between two lines is an ordinary
// character, or the one a backslash at the end of a line escapes. It
// reports the line and position of the quote, or false when the value is
// never closed or a backslash comes before a newline.
func closingQuote(lines []string, l, q int) (int, int, bool) {
	for ; l < len(lines); l, q = l+1, 0 {
		line := lines[l]
		for q < len(line) {
			switch line[q] {
			case '"':
				return l, q, true
			case '\\':
				if q+1 == len(line) {
					q++ // escapes the ';' that joins the next line
					continue
				}
				if line[q+1] == '\n' {
					return 0, 0, false
				}
				q += 2
				continue
			}
			q++
		}
	}
	return 0, 0, false
}

// joinedValue returns lines[l][k:] through lines[m][:end], the lines
// joined with ";", cut after maxRaw+1 bytes (maxRaw < 0: not cut).
func joinedValue(lines []string, l, k, m, end, maxRaw int) string {
	size := end - k + m - l
	for x := l; x < m; x++ {
		size += len(lines[x])
	}
	if maxRaw >= 0 && size > maxRaw+1 {
		size = maxRaw + 1
	}
	var b strings.Builder
	b.Grow(size)
	add := func(s string) bool {
		if maxRaw >= 0 && b.Len()+len(s) > maxRaw {
			b.WriteString(s[:maxRaw+1-b.Len()])
			return false
		}
		b.WriteString(s)
		return true
	}
	for x := l; x <= m; x++ {
		s := lines[x]
		if x == m {
			s = s[:end]
		}
		if x == l {
			s = s[k:]
		}
		if x > l && !add(";") || !add(s) {
			break
		}
	}
	return b.String()
}

// maxRawCookieLen is the longest value as sent that can hold a cookie text
// of max bytes (max < 0: no bound, -1): each text byte comes from at most
// four bytes of a quoted value (\ooo), plus the quotes.
func maxRawCookieLen(max int) int {
	if max < 0 || max >= (math.MaxInt-2)/4 {
		return -1
	}
	return 4*max + 2
}

// appendCookieText appends to dst the text Flask's request.cookies holds
// for raw, a cookie value as sent, in UTF-8: the text itsdangerous encodes
// as UTF-8 before it checks the signature. A WSGI server decodes the
// header as Latin-1, so each byte from 0x80 up is one character (two bytes
// in UTF-8). Werkzeug's sansio http.parse_cookie then unquotes a "..."
// value: it encodes the text as UTF-8, turns \ooo (first digit 0-3) into
// that byte and drops any other backslash before a byte but a newline, and
// decodes the result as UTF-8 with errors="replace".
//
// It reports false, with dst's new bytes unspecified, as soon as the text
// would pass max bytes (max < 0: no bound). Every text byte comes from at
// most four bytes of raw, so a raw value longer than 4*max+2 is refused
// before any work, and the text never grows past three times max (an
// escaped invalid byte becomes the three bytes of U+FFFD).
func appendCookieText(dst []byte, raw string, max int) ([]byte, bool) {
	if r := maxRawCookieLen(max); r >= 0 && len(raw) > r {
		return dst, false
	}
	quoted := len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"'
	if !quoted && pyutf8.ASCII(raw) {
		if max >= 0 && len(raw) > max {
			return dst, false
		}
		return append(dst, raw...), true
	}
	start := len(dst)
	if !quoted {
		for i := 0; i < len(raw); i++ {
			dst = appendLatin1(dst, raw[i])
			if max >= 0 && len(dst)-start > max {
				return dst, false
			}
		}
		return dst, true
	}
	v := raw[1 : len(raw)-1]
	valid := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) && v[i+1] != '\n' {
			if i+3 < len(v) && v[i+1] >= '0' && v[i+1] <= '3' && isOct(v[i+2]) && isOct(v[i+3]) {
				c = (v[i+1]-'0')<<6 | (v[i+2]-'0')<<3 | (v[i+3] - '0')
				i += 3
				valid = valid && c < 0x80
				dst = append(dst, c)
				continue
			}
			i++
			c = v[i]
		}
		dst = appendLatin1(dst, c)
		if max >= 0 && len(dst)-start > max {
			return dst, false
		}
	}
	if !valid && !utf8.Valid(dst[start:]) {
		// A copy: dst[start:] is rewritten in place.
		dst = pyutf8.AppendDecode(dst[:start], string(dst[start:]))
	}
	return dst, max < 0 || len(dst)-start <= max
}

// appendLatin1 appends the Latin-1 character c in UTF-8.
func appendLatin1(dst []byte, c byte) []byte {
	if c < 0x80 {
		return append(dst, c)
	}
	return append(dst, 0xc0|c>>6, 0x80|c&0x3f)
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }

// addVaryCookie adds "Cookie" to the response's Vary header as Flask's
// save_session does with response.vary.add("Cookie"). Werkzeug's vary
// property (sansio/response.py _set_property) parses only the first Vary
// line with http.parse_list_header into a HeaderSet, which keeps every
// item as written, repeats and case variants included. HeaderSet.add
// changes nothing when an item already equals "Cookie" ignoring case;
// otherwise the set is written back with HeaderSet.to_header as a single
// Vary line that replaces all of them: the items, each through
// quote_header_value, joined with ", ", and "Cookie" last.
func addVaryCookie(h http.Header) { addVaryCookieTo(h, nil) }

// addVaryCookieTo is addVaryCookie with the new one-element value backed
// by s (see Session.headerSlot) when s is not nil.
func addVaryCookieTo(h http.Header, s *Session) {
	var line string
	if lines := h["Vary"]; len(lines) > 0 {
		line = lines[0]
	}
	var items []string
	if strings.IndexByte(line, ',') < 0 && strings.IndexByte(line, '"') < 0 {
		// One item or none, as on a second save or the usual handler's
		// own Vary: no list to allocate.
		if it := pyStrip(line); it != "" {
			if asciiEqualFold(it, "cookie") {
				return
			}
			items = []string{it}
		}
	} else {
		items = parseListHeader(line)
	}
	var v string
	if len(items) == 0 {
		v = "Cookie"
	} else {
		for _, it := range items {
			if asciiEqualFold(it, "cookie") {
				return
			}
		}
		var b strings.Builder
		for _, it := range items {
			b.WriteString(quoteHeaderValue(it))
			b.WriteString(", ")
		}
		b.WriteString("Cookie")
		v = b.String()
	}
	if s != nil {
		h["Vary"] = s.headerSlot(1, v)
	} else {
		h["Vary"] = []string{v}
	}
}

// parseListHeader is Werkzeug's http.parse_list_header: items split at
// commas outside double quotes, stripped as str.strip strips a Latin-1
// header, empty ones dropped, and an item wholly in quotes unquoted. An
// unclosed quote makes the whole list empty.
func parseListHeader(v string) []string {
	var items []string
	start, quote, escape := 0, false, false
	for i := 0; i <= len(v); i++ {
		if i < len(v) {
			c := v[i]
			switch {
			case escape:
				escape = false
				continue
			case quote:
				if c == '\\' {
					escape = true
				} else if c == '"' {
					quote = false
				}
				continue
			case c == '"':
				quote = true
				continue
			case c != ',':
				continue
			}
		} else if quote {
			return nil
		}
		if it := pyStrip(v[start:i]); it != "" {
			items = append(items, unquoteHeaderValue(it))
		}
		start = i + 1
	}
	return items
}

// unquoteHeaderValue is Werkzeug's http.unquote_header_value: a value in
// double quotes loses them, and a backslash before any character but a
// newline (the regex \\(.)) is dropped.
func unquoteHeaderValue(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && v[i+1] != '\n' {
			i++
		}
		b = append(b, v[i])
	}
	return string(b)
}

// quoteHeaderValue is Werkzeug's http.quote_header_value: a value made
// only of RFC 9110 token characters is written as it is, anything else in
// double quotes with '"' and '\\' escaped.
func quoteHeaderValue(v string) string {
	plain := v != ""
	for i := 0; i < len(v) && plain; i++ {
		plain = isTokenChar(v[i])
	}
	if plain {
		return v
	}
	b := make([]byte, 0, len(v)+2)
	b = append(b, '"')
	for i := 0; i < len(v); i++ {
		if v[i] == '"' || v[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, v[i])
	}
	return string(append(b, '"'))
}

// asciiEqualFold is str.lower() equality on a Latin-1 header, where only
// ASCII letters fold to ASCII letters (unlike strings.EqualFold, which
// takes the Kelvin sign for a K).
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
