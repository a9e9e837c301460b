package tagjson

import "unicode/utf8"

// str parses a string starting at the opening quote.
func (d *decoder) str() (string, error) {
	data := d.data
	start := d.pos + 1
	for i := start; i < len(data); {
		if i+8 <= len(data) && plainWord(load64b(data, i), true) {
			i += 8
			continue
		}
		c := data[i]
		if strPlain[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			d.pos = i + 1
			return d.sub(start, i), nil
		case c == '\\':
			return d.strEscaped(start, i)
		case c < 0x20:
			d.pos = i
			return "", d.syntax("invalid control character in string")
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				d.pos = i
				return "", d.syntax("invalid UTF-8")
			}
			i += size
		}
	}
	d.pos = len(data)
	return "", d.syntax("unterminated string")
}

// strPlain marks the bytes that stand for themselves inside a string.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (d *decoder) sub(i, j int) string {
	if !d.useWhole {
		return string(d.data[i:j])
	}
	if d.whole == "" {
		d.whole = string(d.data)
	}
	return d.whole[i:j]
}

// strEscaped finishes a string that contains a backslash at i. Lone
// surrogate escapes are kept as WTF-8 bytes (see the package docs).
func (d *decoder) strEscaped(start, i int) (string, error) {
	data := d.data
	buf := append(d.scratch[:0], data[start:i]...)
	defer func() { d.scratch = buf[:0] }()
	for i < len(data) {
		c := data[i]
		switch {
		case strPlain[c]:
			buf = append(buf, c)
			i++
		case c == '"':
			d.pos = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(data) {
				d.pos = i
				return "", d.syntax("unterminated string")
			}
			e := data[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := hex4(data, i)
				if !ok {
					d.pos = i - 1
					return "", d.syntax("invalid \\uXXXX escape")
				}
				i += 4
				if r >= 0xd800 && r < 0xdc00 && i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
					r2, ok := hex4(data, i+2)
					if !ok {
						d.pos = i + 1
						return "", d.syntax("invalid \\uXXXX escape")
					}
					if r2 >= 0xdc00 && r2 < 0xe000 {
						r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
						i += 6
					}
				}
				buf = appendWTF8(buf, r)
			default:
				d.pos = i - 2
				return "", d.syntax("invalid \\escape")
			}
		case c < 0x20:
			d.pos = i
			return "", d.syntax("invalid control character in string")
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				d.pos = i
				return "", d.syntax("invalid UTF-8")
			}
			buf = append(buf, data[i:i+size]...)
			i += size
		}
	}
	d.pos = len(data)
	return "", d.syntax("unterminated string")
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
