package tagjson

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// pyStr is Python's str() of a decoded value, which is what Markup(value)
// makes of a non-string under the " m" tag. keys gives the insertion order
// of a top-level dict; nested dicts decoded into Go maps have lost theirs
// and are shown in sorted order.
func pyStr(v any, keys []string) string {
	var b strings.Builder
	switch x := v.(type) {
	case string:
		return x
	case Markup:
		return string(x)
	case float64:
		return pyFloatStr(x)
	case UUID:
		return x.String()
	case time.Time:
		return pyDatetimeStr(x)
	case map[string]any:
		writeDict(&b, x, keys)
		return b.String()
	}
	writeRepr(&b, v)
	return b.String()
}

func pyFloatStr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return string(appendPyFloat(nil, f))
}

func pyDatetimeStr(t time.Time) string {
	s := t.Format("2006-01-02 15:04:05")
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	s += fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
	if off%60 != 0 {
		s += fmt.Sprintf(":%02d", off%60)
	}
	return s
}

func writeDict(b *strings.Builder, m map[string]any, keys []string) {
	if len(keys) != len(m) {
		keys = sortedKeys(m)
	}
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		writeStrRepr(b, k)
		b.WriteString(": ")
		writeRepr(b, m[k])
	}
	b.WriteByte('}')
}

// writeRepr writes Python's repr() of a decoded value.
func writeRepr(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case *big.Int:
		b.WriteString(x.String())
	case float64:
		b.WriteString(pyFloatStr(x))
	case string:
		writeStrRepr(b, x)
	case Markup:
		b.WriteString("Markup(")
		writeStrRepr(b, string(x))
		b.WriteByte(')')
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, item)
		}
		b.WriteByte(']')
	case Tuple:
		b.WriteByte('(')
		for i, item := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, item)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case map[string]any:
		writeDict(b, x, nil)
	case Ordered:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeStrRepr(b, m.Key)
			b.WriteString(": ")
			writeRepr(b, m.Value)
		}
		b.WriteByte('}')
	case []byte:
		writeBytesRepr(b, x)
	case UUID:
		b.WriteString("UUID('" + x.String() + "')")
	case time.Time:
		fmt.Fprintf(b, "datetime.datetime(%d, %d, %d, %d, %d", x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute())
		if x.Second() != 0 {
			fmt.Fprintf(b, ", %d", x.Second())
		}
		_, off := x.Zone()
		if off == 0 {
			b.WriteString(", tzinfo=datetime.timezone.utc)")
		} else {
			days, secs := off/86400, off%86400
			if secs < 0 {
				days, secs = days-1, secs+86400
			}
			b.WriteString(", tzinfo=datetime.timezone(datetime.timedelta(")
			if days != 0 {
				fmt.Fprintf(b, "days=%d", days)
				if secs != 0 {
					b.WriteString(", ")
				}
			}
			if secs != 0 {
				fmt.Fprintf(b, "seconds=%d", secs)
			}
			b.WriteString(")))")
		}
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

// writeStrRepr writes Python's repr of a str. Printability follows Go's
// unicode.IsPrint, which matches Python's str.isprintable up to Unicode
// version differences.
func writeStrRepr(b *strings.Builder, s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if sr, ok := wtf8Surrogate(s[i:]); ok {
				r, size = sr, 3
			}
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case r >= 0xd800 && r < 0xe000 || !unicode.IsPrint(r):
			switch {
			case r <= 0xff:
				fmt.Fprintf(b, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(b, `\u%04x`, r)
			default:
				fmt.Fprintf(b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
}

func writeBytesRepr(b *strings.Builder, p []byte) {
	quote := byte('\'')
	if strings.IndexByte(string(p), '\'') >= 0 && strings.IndexByte(string(p), '"') < 0 {
		quote = '"'
	}
	b.WriteString("b")
	b.WriteByte(quote)
	for _, c := range p {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
}
