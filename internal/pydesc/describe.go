package pydesc

import (
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/tagjson"
)

// Describe returns the typed description of a Go value exactly as it is, the
// inverse of [Value]: the shape testdata/pydesc.py's describe() gives for
// the Python value. A string that is not valid UTF-8 (a lone surrogate in
// WTF-8) is given by its bytes, {"t": "str", "wtf8": hex}. A type with no
// Python counterpart gives {"t": "unexpected Go type T"}, which matches no
// description Python writes. A map's items are sorted by key, the order in
// which Flask's session serializer writes and so loads them.
func Describe(v any) map[string]any { return describe(v, false) }

// DescribeAsPython returns the description of what Python loads from v's
// tagged JSON: a time in UTC to the second (Flask's http_date), every Go
// integer kind an int, []string a list and map[string]string a dict.
func DescribeAsPython(v any) map[string]any { return describe(v, true) }

func describe(v any, asPython bool) map[string]any {
	d := func(t string, kv ...any) map[string]any {
		m := map[string]any{"t": t}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	list := func(t string, xs []any) map[string]any {
		items := make([]any, len(xs))
		for i, x := range xs {
			items[i] = describe(x, asPython)
		}
		return d(t, "items", items)
	}
	switch x := v.(type) {
	case nil:
		return d("none")
	case bool:
		return d("bool", "v", x)
	case string:
		return describeStr("str", x)
	case int64:
		return d("int", "v", strconv.FormatInt(x, 10))
	case *big.Int:
		return d("int", "v", x.String())
	case float64:
		return d("float", "v", pyrepr.Float(x))
	case []any:
		return list("list", x)
	case tagjson.Tuple:
		return list("tuple", x)
	case map[string]any:
		items := make([]any, 0, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			items = append(items, []any{describeStr("str", k), describe(x[k], asPython)})
		}
		return d("dict", "items", items)
	case tagjson.Ordered:
		items := make([]any, 0, len(x))
		for _, mem := range x {
			items = append(items, []any{describeStr("str", mem.Key), describe(mem.Value, asPython)})
		}
		return d("dict", "items", items)
	case tagjson.Markup:
		return describeStr("markup", string(x))
	case tagjson.UUID:
		h := hex.EncodeToString(x[:])
		return d("uuid", "v", h[0:8]+"-"+h[8:12]+"-"+h[12:16]+"-"+h[16:20]+"-"+h[20:])
	case []byte:
		return d("bytes", "hex", hex.EncodeToString(x))
	case time.Time:
		if asPython {
			x = x.UTC().Truncate(time.Second)
		}
		return d("datetime", "v", isoFormat(x))
	case Date:
		return d("date", "v", x.Format("2006-01-02"))
	case Decimal:
		return d("decimal", "v", string(x))
	}
	if asPython {
		switch x := v.(type) {
		case int, int8, int16, int32, uint, uint8, uint16, uint32, uint64:
			return d("int", "v", fmt.Sprint(x))
		case []string:
			items := make([]any, len(x))
			for i, s := range x {
				items[i] = describeStr("str", s)
			}
			return d("list", "items", items)
		case map[string]string:
			items := make([]any, 0, len(x))
			for _, k := range slices.Sorted(maps.Keys(x)) {
				items = append(items, []any{describeStr("str", k), describeStr("str", x[k])})
			}
			return d("dict", "items", items)
		}
	}
	return d(fmt.Sprintf("unexpected Go type %T", v), "v", fmt.Sprintf("%#v", v))
}

// describeStr describes a str or Markup; text that is not valid UTF-8 (a
// WTF-8 lone surrogate) is given by its bytes, as testdata/pydesc.py does.
func describeStr(t, s string) map[string]any {
	if utf8.ValidString(s) {
		return map[string]any{"t": t, "v": s}
	}
	return map[string]any{"t": t, "wtf8": hex.EncodeToString([]byte(s))}
}

// isoFormat formats t as Python's datetime.isoformat() for an aware
// datetime. Nanoseconds Python cannot hold are shown as "(+Nns)", so that
// such a time never equals a description Python wrote.
func isoFormat(t time.Time) string {
	s := t.Format("2006-01-02T15:04:05")
	if t.Nanosecond() != 0 {
		s += fmt.Sprintf(".%06d", t.Nanosecond()/1000)
		if t.Nanosecond()%1000 != 0 {
			s += fmt.Sprintf("(+%dns)", t.Nanosecond()%1000)
		}
	}
	return s + t.Format("-07:00")
}
