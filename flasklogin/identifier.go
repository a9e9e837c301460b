package flasklogin

import (
	"crypto/sha512"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/internal/pyutf8"
)

// Identifier returns the session identifier Flask-Login's
// _create_identifier computes for r, byte for byte: the SHA-512 hex digest
// of "ADDR|UA", where ADDR is Python's bytes repr of the first item of
// X-Forwarded-For (or of the remote address without port or IPv6
// brackets, which is what Werkzeug's remote_addr holds) and UA the bytes
// repr of the User-Agent header, each written as None when missing.
// Repeated headers are read as Flask reads them, joined with ",". The
// header bytes are seen as WSGI presents them, Latin-1 characters encoded
// again as UTF-8, so a byte 0xE9 is hashed as the repr b'\xc3\xa9'.
func Identifier(r *http.Request) string {
	id := identifierHex(r)
	return string(id[:])
}

// identifierBufSize holds the hashed text of a browser's request on the
// stack: two reprs and a "|" around a User-Agent of a few hundred bytes.
// A longer text moves to the heap.
const identifierBufSize = 512

// identifierHex is Identifier without the string: the text is built on
// the stack and the digest written as hex into the array returned, so
// that session protection can compare it with the stored "_id" without
// allocating.
func identifierHex(r *http.Request) [2 * sha512.Size]byte {
	var buf [identifierBufSize]byte
	sum := sha512.Sum512(appendIdentifierInput(buf[:0], r))
	var out [2 * sha512.Size]byte
	encodeLowerHex(&out, &sum)
	return out
}

// appendIdentifierInput appends the text _create_identifier hashes.
func appendIdentifierInput(b []byte, r *http.Request) []byte {
	if xff := r.Header["X-Forwarded-For"]; len(xff) > 0 {
		// The first item of the list the WSGI server joined with ","
		// lies in the first header.
		first := xff[0]
		if i := strings.IndexByte(first, ','); i >= 0 {
			first = first[:i]
		}
		b = appendWSGIBytesRepr(b, trimPyBytesSpace(first))
	} else if addr := remoteAddr(r.RemoteAddr); addr != "" {
		b = appendWSGIBytesRepr(b, addr)
	} else {
		b = append(b, "None"...)
	}
	b = append(b, '|')
	switch ua := r.Header["User-Agent"]; len(ua) {
	case 0:
		b = append(b, "None"...)
	case 1:
		b = appendWSGIBytesRepr(b, ua[0])
	default:
		// A WSGI server joins repeated headers with "," (Werkzeug's
		// serving.py make_environ), so request.headers.get gives them
		// all; the join is made on the stack when it fits.
		var joinBuf [identifierBufSize / 2]byte
		joined := joinBuf[:0]
		for i, v := range ua {
			if i > 0 {
				joined = append(joined, ',')
			}
			joined = append(joined, v...)
		}
		b = appendWSGIBytesRepr(b, joined)
	}
	return b
}

// remoteAddr is Werkzeug's request.remote_addr for a RemoteAddr: the
// host part, without port or IPv6 brackets. An IPv4 "host:port", what a
// server sees from most clients, is split here without net.SplitHostPort,
// whose result it equals.
func remoteAddr(addr string) string {
	colon, colons := -1, 0
	for i := 0; i < len(addr); i++ {
		switch addr[i] {
		case ':':
			colon, colons = i, colons+1
		case '[', ']':
			colons = 2
		}
	}
	if colons == 1 {
		return addr[:colon]
	}
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// trimPyBytesSpace is bytes.strip(): ASCII whitespace from both ends.
func trimPyBytesSpace(s string) string {
	return strings.Trim(s, " \t\n\r\x0b\x0c")
}

// appendWSGIBytesRepr appends repr(s.encode("utf-8")) for the str a WSGI
// server makes of header bytes s (each byte one Latin-1 character).
func appendWSGIBytesRepr[T ~string | ~[]byte](dst []byte, s T) []byte {
	if pyrepr.PlainBytes(s) {
		// What a browser sends: the repr is the bytes between quotes.
		dst = append(dst, 'b', '\'')
		dst = append(dst, s...)
		return append(dst, '\'')
	}
	if pyutf8.ASCII(s) {
		return pyrepr.AppendBytes(dst, s)
	}
	var encBuf [256]byte
	enc := encBuf[:0]
	for i := 0; i < len(s); i++ {
		enc = utf8.AppendRune(enc, rune(s[i]))
	}
	return pyrepr.AppendBytes(dst, enc)
}
