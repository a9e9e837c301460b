package flasksession

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
	// an empty "Domain=" attribute, as it does in Flask.
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
	if o.Name == "" {
		return f, fmt.Errorf("%w: Cookie.Name is empty", ErrConfig)
	}
	if strings.ContainsAny(o.Name, "=;, \t\r\n\"") {
		return f, fmt.Errorf("%w: Cookie.Name %q contains a character not allowed in a cookie name", ErrConfig, o.Name)
	}
	f.name = o.Name
	if o.Domain != "" {
		d, err := cookieDomain(o.Domain)
		if err != nil {
			return f, fmt.Errorf("%w: Cookie.Domain %q: %v", ErrConfig, o.Domain, err)
		}
		// A Domain that strips to nothing (".", ":8080") is still written,
		// empty, as Werkzeug writes it.
		f.domain = "; Domain=" + d
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
// Werkzeug's http.py dump_cookie quotes the path.
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

// cookieDomain is Werkzeug's domain.partition(":")[0].lstrip(".") followed
// by Python's "idna" codec (IDNA 2003), as Werkzeug's http.py dump_cookie
// encodes the domain.
func cookieDomain(d string) (string, error) {
	if i := strings.IndexByte(d, ':'); i >= 0 {
		d = d[:i]
	}
	d = strings.TrimLeft(d, ".")
	if d == "" {
		return "", nil
	}
	return idnaEncode(d)
}

// idnaEncode follows CPython's encodings.idna: an all-ASCII name is kept
// as it is (case included) after label length checks; otherwise each label
// is nameprep'd and, if still non-ASCII, punycoded with the "xn--" prefix.
// Nameprep here is the common subset (see nameprep).
func idnaEncode(d string) (string, error) {
	ascii := true
	for i := 0; i < len(d); i++ {
		if d[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		labels := strings.Split(d, ".")
		for _, l := range labels[:len(labels)-1] {
			if len(l) == 0 || len(l) >= 64 {
				return "", fmt.Errorf("label empty or too long")
			}
		}
		if len(labels[len(labels)-1]) >= 64 {
			return "", fmt.Errorf("label too long")
		}
		return d, nil
	}
	if !utf8.ValidString(d) {
		return "", fmt.Errorf("not valid UTF-8")
	}
	labels := splitIDNALabels(d)
	trailingDot := false
	if len(labels) > 0 && labels[len(labels)-1] == "" {
		trailingDot = true
		labels = labels[:len(labels)-1]
	}
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		a, err := idnaLabel(l)
		if err != nil {
			return "", err
		}
		out = append(out, a)
	}
	s := strings.Join(out, ".")
	if trailingDot {
		s += "."
	}
	return s, nil
}

// splitIDNALabels splits on the dots IDNA 2003 recognises, keeping empty
// labels.
func splitIDNALabels(d string) []string {
	var out []string
	start := 0
	for i, r := range d {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			out = append(out, d[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, d[start:])
}

func idnaLabel(l string) (string, error) {
	if isASCII(l) {
		if len(l) == 0 || len(l) >= 64 {
			return "", fmt.Errorf("label empty or too long")
		}
		return l, nil
	}
	l = nameprep(l)
	if isASCII(l) {
		if len(l) == 0 || len(l) >= 64 {
			return "", fmt.Errorf("label empty or too long")
		}
		return l, nil
	}
	if strings.HasPrefix(strings.ToLower(l), "xn--") {
		return "", fmt.Errorf("label starts with ACE prefix")
	}
	p, err := punycodeEncode(l)
	if err != nil {
		return "", err
	}
	a := "xn--" + p
	if len(a) >= 64 {
		return "", fmt.Errorf("label empty or too long")
	}
	return a, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nameprep applies the parts of RFC 3491 that matter for host names met
// in practice: table B.1 (mapped to nothing), B.2 case folding and the
// fullwidth forms of NFKC. Other NFKC mappings are not applied.
func nameprep(l string) string {
	var b strings.Builder
	for _, r := range l {
		switch {
		case r == 0xAD || r == 0x34F || r == 0x1806 || (r >= 0x180B && r <= 0x180D) ||
			(r >= 0x200B && r <= 0x200D) || r == 0x2060 || (r >= 0xFE00 && r <= 0xFE0F) || r == 0xFEFF:
			continue
		case r == 'ß':
			b.WriteString("ss")
		case r >= 0xFF01 && r <= 0xFF5E:
			// NFKC of the fullwidth ASCII forms, the part of
			// normalisation host names meet in practice.
			b.WriteRune(unicode.ToLower(r - 0xFF01 + 0x21))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// punycodeEncode is the RFC 3492 encoder (section 6.3).
func punycodeEncode(s string) (string, error) {
	const (
		base        = 36
		tmin        = 1
		tmax        = 26
		skew        = 38
		damp        = 700
		initialBias = 72
		initialN    = 128
	)
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(runes) {
		m := int(^uint(0) >> 1)
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		if (m-n)*(h+1) > (1<<31-1)-delta {
			return "", fmt.Errorf("punycode overflow")
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if int(r) < n {
				delta++
			}
			if int(r) == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), nil
}
