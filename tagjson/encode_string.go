package tagjson

import (
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

// plainByte marks the ASCII bytes Python's encoder writes as they are
// (U+0020..U+007E except '"' and '\\'). DEL is escaped with ensure_ascii;
// '/', '<', '>', '&' and '\” are not.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendString appends s as a quoted JSON string the way CPython's json
// module writes it (Lib/json/encoder.py py_encode_basestring_ascii).
func appendString(dst []byte, s string, ensureASCII bool) []byte {
	dst = appendStringOpen(dst, s, ensureASCII)
	return append(dst, '"')
}

// appendStringOpen is appendString without the closing quote, so that the
// " di" escape can add its "__" suffix.
func appendStringOpen(dst []byte, s string, ensureASCII bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainWord(load64(s, i), false) {
			i += 8
			continue
		}
		c := s[i]
		if plainByte[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf && !ensureASCII {
			// Valid UTF-8 other than surrogates is written as it is.
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size > 1 {
				i += size
				continue
			}
		}
		if c == 0x7f && !ensureASCII {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
			i++
		case '\\':
			dst = append(dst, '\\', '\\')
			i++
		case '\n':
			dst = append(dst, '\\', 'n')
			i++
		case '\r':
			dst = append(dst, '\\', 'r')
			i++
		case '\t':
			dst = append(dst, '\\', 't')
			i++
		case '\b':
			dst = append(dst, '\\', 'b')
			i++
		case '\f':
			dst = append(dst, '\\', 'f')
			i++
		default:
			if c < utf8.RuneSelf {
				dst = appendU(dst, rune(c))
				i++
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				// A lone surrogate held as WTF-8 (how the decoder stores
				// "\ud800") goes back out as its escape; any other invalid
				// byte becomes U+FFFD, as encoding/json does.
				if sr, ok := pyrepr.Surrogate(s[i:]); ok {
					r, size = sr, 3
				} else {
					r = utf8.RuneError
				}
			}
			i += size
			if !ensureASCII {
				if r >= 0xd800 && r < 0xe000 {
					dst = appendU(dst, r)
				} else {
					dst = utf8.AppendRune(dst, r)
				}
				break
			}
			if r >= 0x10000 {
				r -= 0x10000
				dst = appendU(dst, 0xd800+(r>>10))
				dst = appendU(dst, 0xdc00+(r&0x3ff))
			} else {
				dst = appendU(dst, r)
			}
		}
		start = i
	}
	return append(dst, s[start:]...)
}

func appendU(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// appendWTF8 appends r in UTF-8, writing surrogates as WTF-8 bytes.
func appendWTF8(dst []byte, r rune) []byte {
	if r >= 0xd800 && r < 0xe000 {
		return append(dst, 0xed, byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
	}
	return utf8.AppendRune(dst, r)
}
