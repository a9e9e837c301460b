package flasklogin

import (
	"crypto/sha512"
	"encoding/hex"
)

// SHA-512 digests travel as Python's hexdigest() writes them: 128
// lower-case hex digits. These helpers convert between that form and the
// raw digest without allocating; they are on the path of every logged-in
// request (session protection) and remember cookie.

// hexValue[c] is the value of the lower-case hex digit c, or 0xff.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c - '0'
	}
	for c := byte('a'); c <= 'f'; c++ {
		t[c] = c - 'a' + 10
	}
	return t
}()

// encodeLowerHex writes sum's hexdigest() into dst.
func encodeLowerHex(dst *[2 * sha512.Size]byte, sum *[sha512.Size]byte) {
	hex.Encode(dst[:], sum[:])
}

// decodeLowerHex decodes a digest as hexdigest() writes it: exactly 128
// lower-case digits (an upper-case digit does not match Python's string
// comparison, so it is refused here).
func decodeLowerHex(dst *[sha512.Size]byte, s string) bool {
	if len(s) != 2*sha512.Size {
		return false
	}
	var bad byte
	for i := range dst {
		hi, lo := hexValue[s[2*i]], hexValue[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad&0xf0 == 0
}
