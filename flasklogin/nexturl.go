package flasklogin

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyutf8"
)

// requestURL is Werkzeug 3's request.url: scheme, the host as get_host
// gives it (lower-cased by uri_to_iri, without the scheme's default port,
// empty when it holds characters Werkzeug refuses), the path with its
// leading slashes collapsed to one (get_current_url strips them, so a
// request for "//other.example/" never yields a next URL naming another
// host), and the path and query quoted by get_current_url and then
// unquoted again by uri_to_iri, which leaves only spaces, controls, "%"
// and the characters that would change the URL's meaning
// percent-encoded (see iriPath and iriQuery).
func requestURL(r *http.Request) string {
	var b strings.Builder
	host := r.Host
	if r.TLS != nil {
		b.WriteString("https://")
		host = strings.TrimSuffix(host, ":443")
	} else {
		b.WriteString("http://")
		host = strings.TrimSuffix(host, ":80")
	}
	if validHost(host) {
		b.WriteString(strings.ToLower(host))
	}
	b.WriteString(iriPath(r.URL.Path))
	if r.URL.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(iriQuery(r.URL.RawQuery))
	}
	return b.String()
}

// validHost is Werkzeug 3.1's host_is_trusted without a trusted list: the
// host is [a-z0-9.-]+ or a bracketed IPv6 address ([a-f0-9]*:[a-f0-9.:]+),
// case-insensitively, with an optional :port of digits.
func validHost(h string) bool {
	if h == "" {
		return false
	}
	name := h
	if h[0] == '[' {
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return false
		}
		addr := strings.ToLower(h[1:end])
		colon := strings.IndexByte(addr, ':')
		if colon < 0 || colon == len(addr)-1 || strings.Trim(addr[:colon], "0123456789abcdef") != "" || strings.Trim(addr[colon+1:], "0123456789abcdef.:") != "" {
			return false
		}
		name, h = "", h[end+1:]
	} else {
		if i := strings.IndexByte(h, ':'); i >= 0 {
			name, h = h[:i], h[i:]
		} else {
			h = ""
		}
		if name == "" {
			return false
		}
	}
	for i := 0; i < len(name); i++ {
		if c := name[i] | 0x20; !('a' <= c && c <= 'z' || '0' <= name[i] && name[i] <= '9' || name[i] == '.' || name[i] == '-') {
			return false
		}
	}
	if h == "" {
		return true
	}
	return len(h) > 1 && h[0] == ':' && strings.Trim(h[1:], "0123456789") == ""
}

const upperHex = "0123456789ABCDEF"

// iriUnsafe reports whether uri_to_iri keeps byte c percent-encoded in
// every part: controls, space, "%" and DEL.
func iriUnsafe(c byte) bool { return c <= 0x20 || c == '%' || c == 0x7f }

// iriPath is the path as it appears in request.url: one "/" first,
// whatever the path starts with, then the path decoded as Werkzeug decodes
// it (UTF-8, errors="replace"), quoted by get_current_url and unquoted
// again by uri_to_iri, which keeps "/", "?" and "#" escapes. Like
// Werkzeug, this leaves a literal "%" of the path as it is, so that
// "%41" in the decoded path (sent as "%2541") reads "A".
func iriPath(p string) string {
	p = "/" + strings.TrimLeft(p, "/")
	return uriToIRI(pyQuote(pyutf8.Decode(p), "!$&'()*+,/:;=@%"), func(c byte) bool {
		return iriUnsafe(c) || c == '/' || c == '?' || c == '#'
	})
}

// iriQuery is the query string as it appears in request.url: quoted with
// get_current_url's safe set, then unquoted by uri_to_iri, which keeps the
// & = + # escapes.
func iriQuery(q string) string {
	return uriToIRI(pyQuote(q, "!$&'()*+,/:;=?@%"), func(c byte) bool {
		return iriUnsafe(c) || c == '&' || c == '=' || c == '+' || c == '#'
	})
}

// pyQuote is urllib.parse.quote(s, safe) on the UTF-8 bytes of s.
func pyQuote(s, safe string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '.' || c == '-' || c == '~' || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}

// uriToIRI is one part of Werkzeug's uri_to_iri (_make_unquote_part):
// every %XX run decoded as UTF-8 except the escapes of the bytes keep
// reports, which stay as written, and bytes that are not UTF-8, which are
// quoted again (in upper case).
func uriToIRI(s string, keep func(byte) bool) string {
	var out strings.Builder
	var pending []byte
	flush := func() {
		for len(pending) > 0 {
			r, n := utf8.DecodeRune(pending)
			if r == utf8.RuneError && n == 1 {
				out.WriteByte('%')
				out.WriteByte(upperHex[pending[0]>>4])
				out.WriteByte(upperHex[pending[0]&15])
			} else {
				out.Write(pending[:n])
			}
			pending = pending[n:]
		}
	}
	for i := 0; i < len(s); {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			if keep(c) {
				flush()
				out.WriteString(s[i : i+3])
			} else {
				pending = append(pending, c)
			}
			i += 3
			continue
		}
		flush()
		out.WriteByte(s[i])
		i++
	}
	flush()
	return out.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// splitURL is Python's urllib.parse.urlsplit for the URLs handled here.
type splitURL struct{ scheme, netloc, path, query, fragment string }

func urlsplit(u string) splitURL {
	var p splitURL
	if i := strings.IndexByte(u, ':'); i > 0 && isScheme(u[:i]) {
		p.scheme, u = strings.ToLower(u[:i]), u[i+1:]
	}
	if strings.HasPrefix(u, "//") {
		end := strings.IndexAny(u[2:], "/?#")
		if end < 0 {
			end = len(u) - 2
		}
		p.netloc, u = u[2:2+end], u[2+end:]
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, p.fragment = u[:i], u[i+1:]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u, p.query = u[:i], u[i+1:]
	}
	p.path = u
	return p
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !alpha && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// urlunsplit is Python's urllib.parse.urlunsplit.
func (p splitURL) String() string {
	u := p.path
	if p.netloc != "" || (p.scheme != "" && usesNetloc(p.scheme) && !strings.HasPrefix(u, "//")) {
		if u != "" && u[0] != '/' {
			u = "/" + u
		}
		u = "//" + p.netloc + u
	}
	if p.scheme != "" {
		u = p.scheme + ":" + u
	}
	if p.query != "" {
		u += "?" + p.query
	}
	if p.fragment != "" {
		u += "#" + p.fragment
	}
	return u
}

func usesNetloc(scheme string) bool {
	switch scheme {
	case "http", "https", "ftp", "ws", "wss", "file", "":
		return true
	}
	return false
}

// makeNextParam is Flask-Login's make_next_param: the current URL without
// scheme and host when the login URL is on the same scheme and host (or
// names neither).
func makeNextParam(loginURL, currentURL string) string {
	l, c := urlsplit(loginURL), urlsplit(currentURL)
	if (l.scheme == "" || l.scheme == c.scheme) && (l.netloc == "" || l.netloc == c.netloc) {
		return splitURL{path: c.path, query: c.query}.String()
	}
	return currentURL
}

// loginURL is Flask-Login 0.6.3's login_url(login_view, next_url): the
// view's query parsed with parse_qs (keeping blank values and the order),
// "next" set (replacing one already there, else last), and the query
// encoded again with urlencode; FORCE_HOST_FOR_REDIRECTS replaces the host.
func loginURL(view, nextURL, forceHost string) string {
	if nextURL == "" {
		return view
	}
	p := urlsplit(view)
	var keys []string
	vals := map[string][]string{}
	for _, field := range strings.Split(p.query, "&") {
		if field == "" {
			continue
		}
		k, v, _ := strings.Cut(field, "=")
		k, v = unquotePlus(k), unquotePlus(v)
		if _, seen := vals[k]; !seen {
			keys = append(keys, k)
		}
		vals[k] = append(vals[k], v)
	}
	if _, seen := vals["next"]; !seen {
		keys = append(keys, "next")
	}
	vals["next"] = []string{makeNextParam(view, nextURL)}
	var q strings.Builder
	for _, k := range keys {
		for _, v := range vals[k] {
			if q.Len() > 0 {
				q.WriteByte('&')
			}
			q.WriteString(url.QueryEscape(k))
			q.WriteByte('=')
			q.WriteString(url.QueryEscape(v))
		}
	}
	p.query = q.String()
	if forceHost != "" {
		p.netloc = forceHost
	}
	return p.String()
}

// unquotePlus is urllib.parse.unquote_plus (UTF-8, errors="replace").
func unquotePlus(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return pyutf8.Decode(string(b))
}
