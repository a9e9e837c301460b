package flasksession

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// CookieOptions are Flask's SESSION_COOKIE_* settings. They are written into
// the Set-Cookie header byte for byte as Werkzeug's dump_cookie writes them,
// in its attribute order:
//
//	name=value; Domain=…; Expires=…; Max-Age=…; Secure; HttpOnly; Path=…; SameSite=…; Partitioned
type CookieOptions struct {
	// Name is SESSION_COOKIE_NAME. Default "session". Case-sensitive.
	Name string

	// Domain is SESSION_COOKIE_DOMAIN. Default "" (Flask's None: no Domain
	// attribute, a host-only cookie). As in Werkzeug, a port is dropped,
	// leading dots are stripped, ASCII case is kept and a non-ASCII name is
	// written in punycode (".Bücher.example:8080" gives
	// "xn--bcher-kva.example"); a value that strips to nothing (".") gives
	// an empty "Domain=" attribute, as it does in Flask. Non-ASCII names
	// are accepted in Latin-1 and Latin Extended-A, basic Greek and
	// Cyrillic, CJK, kana and Hangul letters (and fullwidth ASCII), where
	// the mapping matches Python's idna codec; write any other name in
	// punycode yourself.
	Domain string

	// Path is SESSION_COOKIE_PATH, falling back to APPLICATION_ROOT.
	// Default "/"; "" also means "/". It is percent-quoted as Python's
	// urllib.parse.quote does ("/app path" gives "/app%20path").
	Path string

	// Secure is SESSION_COOKIE_SECURE. Default false. Partitioned forces it.
	Secure bool

	// HTTPOnly is SESSION_COOKIE_HTTPONLY. Default true.
	HTTPOnly bool

	// SameSite is SESSION_COOKIE_SAMESITE. Default 0 (no attribute, as
	// Flask's None); http.SameSiteDefaultMode also omits it.
	// http.SameSiteLaxMode, StrictMode and NoneMode give "Lax", "Strict"
	// and "None".
	SameSite http.SameSite

	// Partitioned is SESSION_COOKIE_PARTITIONED (CHIPS). Default false.
	// When true the cookie is also Secure, as Werkzeug forces it.
	Partitioned bool
}

// cookieFormat is a CookieOptions checked and turned into the fixed parts
// of the Set-Cookie header.
type cookieFormat struct {
	name   string
	domain string // "; Domain=x" or ""
	tail   string // "; Secure; HttpOnly; Path=/; SameSite=Lax; Partitioned"
	delete string // whole header value that deletes the cookie
}

func (o CookieOptions) format() (cookieFormat, error) {
	var f cookieFormat
	if err := checkCookieName(o.Name); err != nil {
		return f, err
	}
	f.name = o.Name
	if o.Domain != "" {
		d, err := checkCookieDomain(o.Domain)
		if err != nil {
			return f, err
		}
		// A Domain that strips to nothing (".", ":8080") is still written,
		// empty, as Werkzeug writes it.
		f.domain = "; Domain=" + d
	}
	if err := checkCookiePath(o.Path); err != nil {
		return f, err
	}
	path := o.Path
	if path == "" {
		path = "/"
	}
	var tail strings.Builder
	if o.Secure || o.Partitioned {
		tail.WriteString("; Secure")
	}
	if o.HTTPOnly {
		tail.WriteString("; HttpOnly")
	}
	tail.WriteString("; Path=")
	tail.WriteString(quotePath(path))
	switch o.SameSite {
	case 0, http.SameSiteDefaultMode:
	case http.SameSiteLaxMode:
		tail.WriteString("; SameSite=Lax")
	case http.SameSiteStrictMode:
		tail.WriteString("; SameSite=Strict")
	case http.SameSiteNoneMode:
		tail.WriteString("; SameSite=None")
	default:
		return f, fmt.Errorf("%w: Cookie.SameSite %d is not Lax, Strict or None", ErrConfig, o.SameSite)
	}
	if o.Partitioned {
		tail.WriteString("; Partitioned")
	}
	f.tail = tail.String()
	// Werkzeug's Response.delete_cookie sets expires=0 and max_age=0.
	f.delete = f.name + "=" + f.domain + "; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0" + f.tail
	return f, nil
}

// appendSetCookie appends the Set-Cookie header value for a cookie value
// that Werkzeug writes unquoted (a session token: base64url and dots), with
// Expires when expires is not zero. appendValue appends the value itself,
// so that the middleware can sign straight into the header buffer; its
// error is returned as it is.
func (f *cookieFormat) appendSetCookie(dst []byte, expires time.Time, appendValue func([]byte) ([]byte, error)) ([]byte, error) {
	dst = append(dst, f.name...)
	dst = append(dst, '=')
	dst, err := appendValue(dst)
	if err != nil {
		return dst, err
	}
	dst = append(dst, f.domain...)
	if !expires.IsZero() {
		dst = append(dst, "; Expires="...)
		dst = appendHTTPDate(dst, expires)
	}
	return append(dst, f.tail...), nil
}

// appendHTTPDate appends Werkzeug's http_date: UTC, whole seconds, English
// names, "Wdy, DD Mon YYYY HH:MM:SS GMT".
func appendHTTPDate(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, "Mon, 02 Jan 2006 15:04:05 GMT")
}

// quotePath is urllib.parse.quote(path, safe="%!$&'()*+,/:=@"), as
// Werkzeug's dump_cookie quotes the path.
func quotePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("_.-~%!$&'()*+,/:=@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// cookieDomain is Werkzeug's dump_cookie rule,
// domain.partition(":")[0].lstrip(".") followed by Python's "idna" codec
// (IDNA 2003), with one check Werkzeug lacks: the port it drops must be
// digits and the name it writes must be letters, digits, '-' and '.', so
// that no configuration can add an attribute or a line to the header.
func cookieDomain(d string) (string, error) {
	if i := strings.IndexByte(d, ':'); i >= 0 {
		for j := i + 1; j < len(d); j++ {
			if d[j] < '0' || d[j] > '9' {
				return "", fmt.Errorf("the port after ':' must be digits")
			}
		}
		d = d[:i]
	}
	d = strings.TrimLeft(d, ".")
	if d == "" {
		return "", nil
	}
	a, err := idnaEncode(d)
	if err != nil {
		return "", err
	}
	for i := 0; i < len(a); i++ {
		if c := a[i]; !isLDH(c) && c != '.' {
			return "", fmt.Errorf("%q is not allowed in a host name (letters, digits, '-' and '.'; non-ASCII names are written in punycode)", c)
		}
	}
	return a, nil
}

// checkCookieDomain is cookieDomain with its error as a configuration
// error naming the field.
func checkCookieDomain(d string) (string, error) {
	a, err := cookieDomain(d)
	if err != nil {
		return "", fmt.Errorf("%w: Cookie.Domain %q: %v", ErrConfig, d, err)
	}
	return a, nil
}

// isLDH reports whether c is a letter, digit or hyphen, the characters
// of a host name label (RFC 1123).
func isLDH(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}

// isTokenChar reports whether c is a token character: visible ASCII without
// separators (RFC 9110's tchar, Werkzeug's http._token_chars). An RFC 6265
// cookie-name is such a token, and Werkzeug's quote_header_value leaves a
// value made of them unquoted.
func isTokenChar(c byte) bool {
	return c > ' ' && c < 0x7f && strings.IndexByte(`()<>@,;:\"/[]?={}`, c) < 0
}

// checkCookieName refuses a cookie name that browsers or Flask would not
// hand back. Werkzeug's dump_cookie writes any name, but a name outside
// RFC 6265's token characters may be dropped by browsers, and one with
// '=' or ';' is split differently by Werkzeug's parse_cookie. A non-ASCII
// name is written as UTF-8, while Werkzeug reads the request's Cookie
// header as Latin-1 (PEP 3333), so Flask never finds such a cookie again.
func checkCookieName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: Cookie.Name is empty", ErrConfig)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 0x80 {
			return fmt.Errorf("%w: Cookie.Name %q is not ASCII: Flask reads the Cookie header as Latin-1 and would never find it", ErrConfig, name)
		}
		if !isTokenChar(c) {
			return fmt.Errorf("%w: Cookie.Name %q contains %q: use letters, digits and !#$%%&'*+-.^_`|~", ErrConfig, name, c)
		}
	}
	return nil
}

// checkCookiePath refuses a path with a control character. quotePath
// would percent-encode it, as Werkzeug does, so the header stays well
// formed, but no route has one: such a path comes from a mistake (an
// unexpanded template, a pasted line). Other characters, ';' included,
// are percent-encoded as Werkzeug encodes them and cannot end the
// attribute.
func checkCookiePath(p string) error {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < ' ' || c == 0x7f {
			return fmt.Errorf("%w: Cookie.Path %q contains the control character %q", ErrConfig, p, c)
		}
	}
	return nil
}
