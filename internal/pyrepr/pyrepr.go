// Package pyrepr prints Go values as Python's repr() and str() print the
// Python values they stand for, and formats floats as Python's
// float.__repr__ does. It is the one place this module does so: tagjson uses
// it for Markup(str(value)) and its JSON float output; the test helpers use
// it to compare with the *_repr strings of the golden vectors.
//
// Go to Python: nil None, bool, int and int64 int, *big.Int int, float64
// float, string str, []byte bytes, []any list, map[string]any and
// map[int64]any dict (keys sorted), time.Time an aware datetime. Packages
// with their own types (tagjson's Tuple, Markup, UUID, Ordered) add them
// with Register.
//
// Strings may hold lone surrogates in WTF-8 form (ED A0..BF 80..BF), the
// convention tagjson uses for Python strings that are not valid Unicode.
package pyrepr

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Ext writes the repr of v to w and reports whether it knows v's type.
type Ext func(w *Writer, v any) bool

var exts []Ext

// Register adds ext to the printers tried for types this package does not
// know. Call it from an init function: Register is not safe for use
// concurrently with printing.
func Register(ext Ext) { exts = append(exts, ext) }

// Writer accumulates Python source text; Ext functions write through it.
type Writer struct{ strings.Builder }

// Repr returns Python's repr() of the value v stands for.
func Repr(v any) string {
	var w Writer
	w.Repr(v)
	return w.String()
}

// Str returns Python's str() of the value v stands for: a str is itself, a
// float and a datetime have their own str(), and anything else prints as
// its repr().
func Str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return Float(x)
	case time.Time:
		return datetimeStr(x)
	}
	return Repr(v)
}

// Float returns Python's repr(float): the shortest digits that round-trip,
// fixed notation with a fractional part when the decimal exponent is in
// [-4, 16), d.ddde±XX otherwise, and nan, inf, -inf.
func Float(f float64) string {
	return string(AppendFloat(nil, f))
}

// Repr writes Python's repr() of the value v stands for.
func (w *Writer) Repr(v any) {
	switch x := v.(type) {
	case nil:
		w.WriteString("None")
	case bool:
		if x {
			w.WriteString("True")
		} else {
			w.WriteString("False")
		}
	case int:
		w.WriteString(strconv.Itoa(x))
	case int64:
		w.WriteString(strconv.FormatInt(x, 10))
	case *big.Int:
		w.WriteString(x.String())
	case float64:
		w.WriteString(Float(x))
	case string:
		w.StrRepr(x)
	case []byte:
		w.BytesRepr(x)
	case []any:
		w.Seq('[', x, ']')
	case map[string]any:
		writeDict(w, x)
	case map[int64]any:
		writeDict(w, x)
	case time.Time:
		w.datetimeRepr(x)
	default:
		for _, ext := range exts {
			if ext(w, v) {
				return
			}
		}
		fmt.Fprintf(w, "<%T %v>", v, v)
	}
}

// writeDict writes a dict with its keys in sorted order.
func writeDict[K cmp.Ordered](w *Writer, m map[K]any) {
	w.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		w.Item(i, k, m[k])
	}
	w.WriteByte('}')
}

// Seq writes items between open and close, separated by ", "; a tuple
// (open '(') of one item gets its trailing comma.
func (w *Writer) Seq(open byte, items []any, close byte) {
	w.WriteByte(open)
	for i, item := range items {
		if i > 0 {
			w.WriteString(", ")
		}
		w.Repr(item)
	}
	if open == '(' && len(items) == 1 {
		w.WriteByte(',')
	}
	w.WriteByte(close)
}

// Item writes the i-th key: value pair of a dict, preceded by ", " after
// the first.
func (w *Writer) Item(i int, key, value any) {
	if i > 0 {
		w.WriteString(", ")
	}
	w.Repr(key)
	w.WriteString(": ")
	w.Repr(value)
}

// StrRepr writes Python's repr of a str. Printability follows Go's
// unicode.IsPrint, which matches Python's str.isprintable up to Unicode
// version differences; lone surrogates are escaped.
func (w *Writer) StrRepr(s string) {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	w.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if sr, ok := Surrogate(s[i:]); ok {
				r, size = sr, 3
			}
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			w.WriteByte('\\')
			w.WriteRune(r)
		case r == '\t':
			w.WriteString(`\t`)
		case r == '\n':
			w.WriteString(`\n`)
		case r == '\r':
			w.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(w, `\x%02x`, r)
		case r < 0x7f:
			w.WriteRune(r)
		case r >= 0xd800 && r < 0xe000 || !unicode.IsPrint(r):
			switch {
			case r <= 0xff:
				fmt.Fprintf(w, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(w, `\u%04x`, r)
			default:
				fmt.Fprintf(w, `\U%08x`, r)
			}
		default:
			w.WriteRune(r)
		}
	}
	w.WriteByte(quote)
}

// Bytes returns Python's repr of a bytes object, b'...'. Every byte
// outside printable ASCII is escaped, so the result is safe to log.
func Bytes(p []byte) string {
	var w Writer
	w.Grow(len(p) + 3)
	w.BytesRepr(p)
	return w.String()
}

// BytesRepr writes Python's repr of a bytes object (see Bytes).
func (w *Writer) BytesRepr(p []byte) {
	var buf [64]byte
	w.Write(AppendBytes(buf[:0], p))
}

// What a byte asks of a bytes repr, as bits of bytesReprClass: written
// other than as itself (a backslash, control or non-ASCII byte), a single
// quote, a double quote. One table look-up per byte finds the quote and
// whether the bytes go out unchanged.
const (
	reprEscaped = 1 << iota
	reprSingle
	reprDouble
)

var bytesReprClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c < 0x20 || c >= 0x7f || c == '\\':
			t[c] = reprEscaped
		case c == '\'':
			t[c] = reprSingle
		case c == '"':
			t[c] = reprDouble
		}
	}
	return t
}()

// PlainBytes reports whether Python's repr of the bytes p is p itself
// between b'...': every byte printable ASCII, none a single quote or a
// backslash. It tests 8 bytes at a time (a header value on every request
// goes through it; the last word overlaps the one before it), each test
// exact for bytes below 0x80 so that no borrow or carry crosses from one
// byte to the next.
func PlainBytes[T ~string | ~[]byte](p T) bool {
	if len(p) < 8 {
		var seen uint8
		for i := 0; i < len(p); i++ {
			seen |= bytesReprClass[p[i]]
		}
		return seen&(reprEscaped|reprSingle) == 0
	}
	var bad uint64
	for i := 0; i+8 <= len(p); i += 8 {
		bad |= unplainWord(word8(p, i))
	}
	return (bad|unplainWord(word8(p, len(p)-8)))&0x8080808080808080 == 0
}

// word8 is the 8 bytes of p from i, the first the lowest.
func word8[T ~string | ~[]byte](p T, i int) uint64 {
	w := p[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// unplainWord sets the high bit of each byte of x that PlainBytes refuses.
func unplainWord(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	low := x &^ highs
	return x&highs | // 0x80 and above
		^((x | highs) - 0x20*ones) | // below 0x20
		(low + ones) | // 0x7f
		^((low ^ '\\'*ones | highs) - ones) | // a backslash
		^((low ^ '\''*ones | highs) - ones) // a single quote
}

// AppendBytes appends Python's repr of a bytes object (see Bytes), the
// bytes given as a []byte or a string, to dst.
func AppendBytes[T ~string | ~[]byte](dst []byte, p T) []byte {
	const hexDigits = "0123456789abcdef"
	if PlainBytes(p) {
		dst = append(dst, 'b', '\'')
		dst = append(dst, p...)
		return append(dst, '\'')
	}
	var seen uint8
	for i := 0; i < len(p); i++ {
		seen |= bytesReprClass[p[i]]
	}
	quote := byte('\'')
	if seen&(reprSingle|reprDouble) == reprSingle {
		quote = '"'
	}
	dst = append(dst, 'b', quote)
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == quote || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\t':
			dst = append(dst, `\t`...)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c < 0x20 || c >= 0x7f:
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, quote)
}

// datetimeRepr writes the repr of an aware datetime: seconds when they or
// the microseconds are non-zero, and the offset as a timezone (utc, or a
// timedelta normalized as Python does: days=-1, seconds=... west of UTC).
func (w *Writer) datetimeRepr(t time.Time) {
	fmt.Fprintf(w, "datetime.datetime(%d, %d, %d, %d, %d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute())
	us := t.Nanosecond() / 1000
	if t.Second() != 0 || us != 0 {
		fmt.Fprintf(w, ", %d", t.Second())
	}
	if us != 0 {
		fmt.Fprintf(w, ", %d", us)
	}
	_, off := t.Zone()
	if off == 0 {
		w.WriteString(", tzinfo=datetime.timezone.utc)")
		return
	}
	days, secs := off/86400, off%86400
	if secs < 0 {
		days, secs = days-1, secs+86400
	}
	w.WriteString(", tzinfo=datetime.timezone(datetime.timedelta(")
	if days != 0 {
		fmt.Fprintf(w, "days=%d", days)
		if secs != 0 {
			w.WriteString(", ")
		}
	}
	if secs != 0 {
		fmt.Fprintf(w, "seconds=%d", secs)
	}
	w.WriteString(")))")
}

// datetimeStr is str() of an aware datetime: "2024-01-02 03:04:05+00:00",
// with .ffffff when the microseconds are non-zero and :SS on an offset
// with seconds.
func datetimeStr(t time.Time) string {
	s := t.Format("2006-01-02 15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
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

// Surrogate decodes a lone surrogate code point written as three
// UTF-8-style bytes (ED A0..BF 80..BF) at the start of s: the WTF-8 form
// tagjson uses for Python strings holding lone surrogates.
func Surrogate(s string) (rune, bool) {
	if len(s) < 3 || s[0] != 0xed || s[1] < 0xa0 || s[1] > 0xbf || s[2] < 0x80 || s[2] > 0xbf {
		return 0, false
	}
	return 0xd000 | rune(s[1]&0x3f)<<6 | rune(s[2]&0x3f), true
}
