// Package pyutf8 decodes bytes as Python's bytes.decode("utf-8",
// errors="replace") does, which is how Werkzeug turns the bytes of a
// cookie, path or query into text, and tells ASCII text (which any
// decoding leaves as it is) from the rest. Python's decoding differs from
// Go's conversions (strings.ToValidUTF8 replaces a whole run of bad bytes
// with one U+FFFD, a range over a string one per byte): it replaces each
// maximal ill-formed subpart, so a truncated sequence counts once.
package pyutf8

import "unicode/utf8"

// Decode returns s with each maximal ill-formed subpart replaced by
// U+FFFD; a valid s is returned as it is.
func Decode(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(AppendDecode(make([]byte, 0, len(s)+8), s))
}

// AppendDecode appends s to dst with each maximal ill-formed subpart
// replaced by U+FFFD.
func AppendDecode(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || n > 1 {
			dst = append(dst, s[i:i+n]...)
			i += n
			continue
		}
		dst = append(dst, "\uFFFD"...)
		i += illFormedPrefix(s[i:])
	}
	return dst
}

// illFormedPrefix returns the length of the maximal subpart at the start
// of s, which does not begin with a well-formed UTF-8 sequence: the lead
// byte and the continuation bytes that could still have completed it
// (Unicode 15, section 3.9, table 3-7).
func illFormedPrefix(s string) int {
	lo, hi, need := byte(0x80), byte(0xbf), 0
	switch c := s[0]; {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c == 0xe0:
		lo, need = 0xa0, 2
	case c == 0xed:
		hi, need = 0x9f, 2
	case c >= 0xe1 && c <= 0xef:
		need = 2
	case c == 0xf0:
		lo, need = 0x90, 3
	case c == 0xf4:
		hi, need = 0x8f, 3
	case c >= 0xf1 && c <= 0xf3:
		need = 3
	default:
		return 1
	}
	n := 1
	for ; n <= need && n < len(s); n++ {
		if s[n] < lo || s[n] > hi {
			break
		}
		lo, hi = 0x80, 0xbf
	}
	return n
}

// ASCII reports whether s has no byte from 0x80 up, eight bytes at a time:
// it runs on a cookie or a User-Agent on every request, which is nearly
// always ASCII.
func ASCII[T ~string | ~[]byte](s T) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
