package flasklogin

import (
	"crypto/sha512"
	"encoding/binary"
)

// SHA-512 digests travel as Python's hexdigest() writes them: 128
// lower-case hex digits. These helpers convert between that form and the
// raw digest through tables, without allocating; they are on the path of
// every logged-in request (session protection) and remember cookie.

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

// hexPairs[b] is the two digits of byte b, the first in the low byte, so
// that a little-endian store writes them in order.
var hexPairs = func() (t [256]uint16) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = uint16(digits[i>>4]) | uint16(digits[i&0xf])<<8
	}
	return t
}()

// encodeLowerHex writes sum's hexdigest() into dst, the digits of 4 bytes
// with one store.
func encodeLowerHex(dst *[2 * sha512.Size]byte, sum *[sha512.Size]byte) {
	for i := 0; i < sha512.Size; i += 4 {
		s := sum[i : i+4]
		binary.LittleEndian.PutUint64(dst[2*i:], uint64(hexPairs[s[0]])|uint64(hexPairs[s[1]])<<16|
			uint64(hexPairs[s[2]])<<32|uint64(hexPairs[s[3]])<<48)
	}
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
