package main

import "bytes"

// indentJSON re-indents one JSON text with two spaces per level. Unlike
// encoding/json.Indent it takes any token Python's json module writes
// (NaN, Infinity, -Infinity, huge integers), since it only tracks strings
// and brackets. Input that is not JSON comes out re-spaced but intact.
func indentJSON(src []byte) []byte {
	var out bytes.Buffer
	depth := 0
	inString, escaped := false, false
	newline := func() {
		out.WriteByte('\n')
		for range depth {
			out.WriteString("  ")
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			out.WriteByte(c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			// Insignificant whitespace; the indenter writes its own.
		case '"':
			inString = true
			out.WriteByte(c)
		case '{', '[':
			out.WriteByte(c)
			// Keep empty containers on one line: {} and [].
			if j := nextNonSpace(src, i+1); j < len(src) && (src[j] == '}' || src[j] == ']') {
				out.WriteByte(src[j])
				i = j
				continue
			}
			depth++
			newline()
		case '}', ']':
			if depth > 0 {
				depth--
			}
			newline()
			out.WriteByte(c)
		case ',':
			out.WriteByte(c)
			newline()
		case ':':
			out.WriteString(": ")
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}

func nextNonSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
