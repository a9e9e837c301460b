package tagjson

import "github.com/flasksession/flasksession/internal/pyrepr"

func init() { pyrepr.Register(writeRepr) }

// writeRepr writes Python's repr() of this package's own types.
func writeRepr(w *pyrepr.Writer, v any) bool {
	switch x := v.(type) {
	case Markup:
		w.WriteString("Markup(")
		w.StrRepr(string(x))
		w.WriteByte(')')
	case Tuple:
		w.Seq('(', x, ')')
	case Ordered:
		w.WriteByte('{')
		for i, m := range x {
			w.Item(i, m.Key, m.Value)
		}
		w.WriteByte('}')
	case UUID:
		w.WriteString("UUID('" + x.String() + "')")
	default:
		return false
	}
	return true
}

// pyStr is Python's str() of a decoded value, which is what Markup(value)
// makes of a non-string under the " m" tag. keys gives the insertion order
// of a top-level dict; nested dicts decoded into Go maps have lost theirs
// and are shown in sorted order.
func pyStr(v any, keys []string) string {
	switch x := v.(type) {
	case Markup:
		return string(x)
	case UUID:
		return x.String()
	case map[string]any:
		if len(keys) == len(x) {
			o := make(Ordered, len(keys))
			for i, k := range keys {
				o[i] = Member{Key: k, Value: x[k]}
			}
			return pyrepr.Repr(o)
		}
	}
	return pyrepr.Str(v)
}
