package pydesc

import (
	"fmt"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

func init() { pyrepr.Register(writeRepr) }

// writeRepr writes Python's repr() of Date, Decimal and Dataclass, for
// pyrepr.Repr.
func writeRepr(w *pyrepr.Writer, v any) bool {
	switch x := v.(type) {
	case Date:
		fmt.Fprintf(w, "datetime.date(%d, %d, %d)", x.Year(), int(x.Month()), x.Day())
	case Decimal:
		w.WriteString("Decimal(")
		w.StrRepr(string(x))
		w.WriteByte(')')
	case Dataclass:
		w.WriteString(x.Name + "(")
		for i, m := range x.Fields {
			if i > 0 {
				w.WriteString(", ")
			}
			w.WriteString(m.Key + "=")
			w.Repr(m.Value)
		}
		w.WriteByte(')')
	default:
		return false
	}
	return true
}
