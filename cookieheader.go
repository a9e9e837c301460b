package flasksession

import "time"

// SetCookieHeader returns the Set-Cookie header value Werkzeug's
// dump_cookie writes for a cookie with these options and value, with an
// Expires attribute when expires is not zero and no Max-Age, as
// Response.set_cookie(name, value, expires=...) sends it. A value holding
// characters outside RFC 6265's cookie-octets is written in double quotes
// with Werkzeug's backslash escapes (\" \\ and \ooo octal for control
// bytes, comma, semicolon and bytes from 0x7f). It returns ErrConfig when
// the options are invalid.
func (o CookieOptions) SetCookieHeader(value string, expires time.Time) (string, error) {
	f, err := o.format()
	if err != nil {
		return "", err
	}
	b, _ := f.appendSetCookie(make([]byte, 0, len(f.name)+len(value)+len(f.domain)+len(f.tail)+40), expires, func(dst []byte) ([]byte, error) {
		return appendCookieValue(dst, value), nil
	})
	return string(b), nil
}

// DeleteCookieHeader returns the Set-Cookie header value with which
// Werkzeug's Response.delete_cookie deletes the cookie (empty value,
// Expires in 1970, Max-Age=0, then these options' attributes). Flask's
// delete_cookie passes only the name, domain and path (and whatever else
// the caller gives); set only those fields to match such a call.
func (o CookieOptions) DeleteCookieHeader() (string, error) {
	f, err := o.format()
	if err != nil {
		return "", err
	}
	return f.delete, nil
}

// appendCookieValue appends value as Werkzeug 3's dump_cookie writes it:
// as it is when it matches [\w!#$%&'()*+\-./:<=>?@\[\]^`{|}~]* (ASCII \w),
// else in double quotes with ", \ escaped by a backslash and the bytes
// 0x00-0x19, comma, semicolon and 0x7f-0xff as \ooo.
func appendCookieValue(dst []byte, value string) []byte {
	plain := true
	for i := 0; i < len(value); i++ {
		if !cookieValuePlain(value[i]) {
			plain = false
			break
		}
	}
	if plain {
		return append(dst, value...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c <= 0x19 || c == ',' || c == ';' || c >= 0x7f:
			dst = append(dst, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// cookieValuePlain reports whether Werkzeug writes c in a cookie value
// without quoting the value.
func cookieValuePlain(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '_', '!', '#', '$', '%', '&', '\'', '(', ')', '*', '+', '-', '.', '/', ':', '<', '=', '>', '?', '@', '[', ']', '^', '`', '{', '|', '}', '~':
		return true
	}
	return false
}
