package tagjson

import (
	"errors"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// b64decodeStr is base64.b64decode(str): the string must be ASCII.
func b64decodeStr(key, s string) (any, error) {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return nil, &TagError{Key: key, Msg: "string argument should contain only ASCII characters"}
		}
	}
	return b64decodeLoose(key, []byte(s))
}

var b64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// b64decodeLoose follows CPython's binascii.a2b_base64 in its default,
// non-strict mode: bytes outside the standard alphabet are skipped, a pad
// sequence that completes a quad ends the input, and a final partial quad is
// an error ("Incorrect padding").
func b64decodeLoose(key string, src []byte) (any, error) {
	out := make([]byte, 0, len(src)*3/4+3)
	quad, pads := 0, 0
	var left byte
loop:
	for _, c := range src {
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					break loop
				}
			}
			continue
		}
		v := b64Value[c]
		if v == 0xff {
			continue
		}
		pads = 0
		switch quad {
		case 0:
			quad, left = 1, v
		case 1:
			out = append(out, left<<2|v>>4)
			quad, left = 2, v&0x0f
		case 2:
			out = append(out, left<<4|v>>2)
			quad, left = 3, v&0x03
		case 3:
			out = append(out, left<<6|v)
			quad, left = 0, 0
		}
	}
	if quad == 1 {
		return nil, &TagError{Key: key, Msg: "invalid base64: number of data characters is 1 more than a multiple of 4"}
	}
	if quad != 0 && quad+pads < 4 {
		return nil, &TagError{Key: key, Msg: "incorrect base64 padding"}
	}
	return out, nil
}

var errBadUUID = errors.New("badly formed hexadecimal UUID string")

// parsePyUUID is uuid.UUID(hex=s): remove every "urn:" and "uuid:", strip
// braces at both ends, remove dashes, require 32 characters, then int(s, 16).
func parsePyUUID(s string) (UUID, error) {
	if u, ok := fastUUID(s); ok {
		return u, nil
	}
	s = strings.ReplaceAll(s, "urn:", "")
	s = strings.ReplaceAll(s, "uuid:", "")
	s = strings.Trim(s, "{}")
	s = strings.ReplaceAll(s, "-", "")
	if utf8.RuneCountInString(s) != 32 {
		return UUID{}, errBadUUID
	}
	n, ok := pyInt(s, 16)
	if !ok {
		return UUID{}, errors.New("invalid literal for int() with base 16")
	}
	var u UUID
	if n.Sign() < 0 || n.BitLen() > 128 {
		return UUID{}, errors.New("int is out of range (need a 128-bit value)")
	}
	n.FillBytes(u[:])
	return u, nil
}

// pyInt is Python's int(s, base) for base 10 or 16: surrounding whitespace,
// a sign, a 0x prefix in base 16, single underscores between digits, and
// any Unicode decimal digit. CPython refuses more than 4300 digits in base
// 10.
func pyInt(s string, base int) (*big.Int, bool) {
	var b strings.Builder
	for _, r := range s {
		// As CPython's int(): ASCII is kept as it is (so only ASCII
		// whitespace is stripped), other whitespace becomes a space and
		// other decimal digits their ASCII digit.
		switch {
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		case pyIsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Nd, r):
			b.WriteByte(byte('0' + digitValue(r)))
		default:
			return nil, false
		}
	}
	t := strings.Trim(b.String(), " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	prefixed := false
	if base == 16 && len(t) >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		t = t[2:]
		prefixed = true
	}
	if prefixed && strings.HasPrefix(t, "_") {
		t = t[1:]
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return nil, false
	}
	t = strings.ReplaceAll(t, "_", "")
	for i := 0; i < len(t); i++ {
		// Only digits remain (big.Int.SetString would also take a second
		// sign, which Python refuses).
		if c := t[i]; !(c >= '0' && c <= '9' || base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
			return nil, false
		}
	}
	if base == 10 && len(t) > DefaultMaxIntDigits {
		return nil, false
	}
	n, ok := new(big.Int).SetString(t, base)
	if !ok {
		return nil, false
	}
	if neg {
		n.Neg(n)
	}
	return n, true
}

func digitValue(r rune) int {
	// Unicode decimal digits come in runs of ten, '0' first.
	v := 0
	for z := r - 1; v < 64 && unicode.Is(unicode.Nd, z); z-- {
		v++
	}
	return v % 10
}

// pyIsSpace approximates Python's str.isspace: Unicode White_Space plus the
// ASCII information separators U+001C..U+001F.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}
