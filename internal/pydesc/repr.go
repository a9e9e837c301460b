package pydesc

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/flasksession/flasksession/tagjson"
)

// Repr prints v as Python's repr() prints the value it stands for, e.g.
// {'a': 1, 't': (1,), 'm': Markup('<b>')}. Mapping keys are printed in
// sorted order (the order a sort_keys payload loads in); tagjson.Ordered
// keeps its order.
func Repr(v any) string {
	var b strings.Builder
	repr(&b, v)
	return b.String()
}

func repr(b *strings.Builder, v any) {
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
	case int:
		b.WriteString(strconv.Itoa(x))
	case *big.Int:
		b.WriteString(x.String())
	case float64:
		b.WriteString(FloatRepr(x))
	case string:
		b.WriteString(StrRepr(x))
	case tagjson.Markup:
		b.WriteString("Markup(")
		b.WriteString(StrRepr(string(x)))
		b.WriteString(")")
	case []byte:
		b.WriteString(BytesRepr(x))
	case tagjson.UUID:
		b.WriteString("UUID('" + x.String() + "')")
	case time.Time:
		b.WriteString(datetimeRepr(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			repr(b, e)
		}
		b.WriteByte(']')
	case tagjson.Tuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			repr(b, e)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(StrRepr(k))
			b.WriteString(": ")
			repr(b, x[k])
		}
		b.WriteByte('}')
	case tagjson.Ordered:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(StrRepr(m.Key))
			b.WriteString(": ")
			repr(b, m.Value)
		}
		b.WriteByte('}')
	case map[int64]any:
		keys := make([]int64, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatInt(k, 10))
			b.WriteString(": ")
			repr(b, x[k])
		}
		b.WriteByte('}')
	case Date:
		fmt.Fprintf(b, "datetime.date(%d, %d, %d)", x.Year(), int(x.Month()), x.Day())
	case Decimal:
		b.WriteString("Decimal(" + StrRepr(string(x)) + ")")
	case Dataclass:
		b.WriteString(x.Name + "(")
		for i, m := range x.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(m.Key + "=")
			repr(b, m.Value)
		}
		b.WriteByte(')')
	default:
		fmt.Fprintf(b, "<%T %v>", v, v)
	}
}

// FloatRepr is Python's repr(float): shortest round-trip digits,
// scientific notation below 1e-4 and from 1e16 on, ".0" on integral values.
func FloatRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expS, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expS)
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	sign := ""
	if neg {
		sign = "-"
	}
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// StrRepr is Python's repr(str).
func StrRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// BytesRepr is Python's repr(bytes).
func BytesRepr(p []byte) string {
	q := byte('\'')
	if strings.IndexByte(string(p), '\'') >= 0 && strings.IndexByte(string(p), '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(q)
	for _, c := range p {
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// datetimeRepr prints an aware datetime as Python does; a UTC time gets
// tzinfo=datetime.timezone.utc.
func datetimeRepr(t time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "datetime.datetime(%d, %d, %d, %d, %d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute())
	us := t.Nanosecond() / 1000
	if t.Second() != 0 || us != 0 {
		fmt.Fprintf(&b, ", %d", t.Second())
	}
	if us != 0 {
		fmt.Fprintf(&b, ", %d", us)
	}
	_, off := t.Zone()
	if off == 0 {
		b.WriteString(", tzinfo=datetime.timezone.utc)")
	} else {
		fmt.Fprintf(&b, ", tzinfo=datetime.timezone(datetime.timedelta(seconds=%d)))", off)
	}
	return b.String()
}
