package flasklogin

import (
	"crypto/sha512"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

// Identifier returns the session identifier Flask-Login's
// _create_identifier computes for r, byte for byte: the SHA-512 hex digest
// of "ADDR|UA", where ADDR is Python's bytes repr of the first item of
// X-Forwarded-For (or of the remote address without port or IPv6
// brackets, which is what Werkzeug's remote_addr holds) and UA the bytes
// repr of the User-Agent header, each written as None when missing. The
// header bytes are seen as WSGI presents them, Latin-1 characters encoded
// again as UTF-8, so a byte 0xE9 is hashed as the repr b'\xc3\xa9'.
func Identifier(r *http.Request) string {
	var buf [512]byte
	b := appendIdentifierInput(buf[:0], r)
	if id, ok := identifiers.get(b); ok {
		return id
	}
	id := hashIdentifier(b)
	identifiers.put(b, id)
	return id
}

// identifiers remembers the identifiers of recent clients: each request of
// a logged-in user computes its identifier (session protection), from the
// same headers each time.
var identifiers = newMemo()

// hashIdentifier is the SHA-512 hex digest of the text Identifier hashes.
func hashIdentifier(b []byte) string {
	sum := sha512.Sum512(b)
	var out [2 * sha512.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// appendIdentifierInput appends the text _create_identifier hashes.
func appendIdentifierInput(b []byte, r *http.Request) []byte {
	if xff, ok := r.Header["X-Forwarded-For"]; ok && len(xff) > 0 {
		first := xff[0]
		if i := strings.IndexByte(first, ','); i >= 0 {
			first = first[:i]
		}
		b = appendWSGIBytesRepr(b, trimPyBytesSpace(first))
	} else if addr := remoteAddr(r); addr != "" {
		b = appendWSGIBytesRepr(b, addr)
	} else {
		b = append(b, "None"...)
	}
	b = append(b, '|')
	if ua, ok := r.Header["User-Agent"]; ok && len(ua) > 0 {
		b = appendWSGIBytesRepr(b, ua[0])
	} else {
		b = append(b, "None"...)
	}
	return b
}

// remoteAddr is Werkzeug's request.remote_addr for r: the host part of
// RemoteAddr, without port or IPv6 brackets.
func remoteAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// trimPyBytesSpace is bytes.strip(): ASCII whitespace from both ends.
func trimPyBytesSpace(s string) string {
	return strings.Trim(s, " \t\n\r\x0b\x0c")
}

// appendWSGIBytesRepr appends repr(s.encode("utf-8")) for the str a WSGI
// server makes of header bytes s (each byte one Latin-1 character).
func appendWSGIBytesRepr(dst []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return pyrepr.AppendBytes(dst, s)
	}
	enc := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		enc = utf8.AppendRune(enc, rune(s[i]))
	}
	return pyrepr.AppendBytes(dst, enc)
}
