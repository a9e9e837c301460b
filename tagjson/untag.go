package tagjson

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

var (
	nan    any = math.NaN()
	posInf any = math.Inf(1)
	negInf any = math.Inf(-1)
)

// untag replaces a one-key object {key: val} by the registered tag's value
// (Flask's untag, flask/json/tag.py TaggedJSONSerializer.untag), or by an
// untagFailure when Flask's to_python raises. d.order describes val's keys
// when val is a map.
func (d *decoder) untag(t Tag, key string, val any) any {
	bt, ok := t.(*builtinTag)
	if !ok {
		out, err := t.ToGo(d.s, val)
		if err != nil {
			return d.fail(&TagError{Key: key, Msg: err.Error(), Err: err})
		}
		d.setOrderOf(out)
		return out
	}
	keys := d.keysOf(val)
	out, err := untagBuiltin(bt.kind, key, val, keys)
	if err != nil {
		return d.fail(err)
	}
	if bt.kind == kindDict {
		d.setOrderOf(out)
	} else {
		d.orderOK = false
	}
	return out
}

// fail records an untagging error as a value: the parse goes on, as Flask's
// json.loads reads the whole text before any tag is looked at.
func (d *decoder) fail(err error) *untagFailure {
	d.failed = true
	d.orderOK = false
	return &untagFailure{err}
}

// keysOf returns val's keys in insertion order, when val is an object.
func (d *decoder) keysOf(val any) []string {
	switch x := val.(type) {
	case map[string]any:
		if d.orderOK && len(d.order) == len(x) {
			return d.order
		}
		return sortedKeys(x)
	case Ordered:
		keys := make([]string, len(x))
		for i := range x {
			keys[i] = x[i].Key
		}
		return keys
	}
	return nil
}

func (d *decoder) setOrderOf(v any) {
	d.order = d.order[:0]
	d.orderOK = false
	switch x := v.(type) {
	case map[string]any:
		d.order = append(d.order, sortedKeys(x)...)
		d.orderOK = true
	case Ordered:
		for i := range x {
			d.order = append(d.order, x[i].Key)
		}
		d.orderOK = true
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// untagBuiltin is to_python of Flask's default tags, including what they do
// with values Flask itself never writes. keys lists val's keys in insertion
// order when val is an object.
func untagBuiltin(kind tagKind, key string, val any, keys []string) (any, error) {
	switch kind {
	case kindDict:
		// {key[:-2]: value[key]} with key the first key (TagDict.to_python).
		switch x := val.(type) {
		case map[string]any:
			if len(keys) == 0 {
				return nil, &TagError{Key: key, Msg: "empty object (StopIteration)"}
			}
			return map[string]any{dropLast2(keys[0]): x[keys[0]]}, nil
		case Ordered:
			if len(x) == 0 {
				return nil, &TagError{Key: key, Msg: "empty object (StopIteration)"}
			}
			return Ordered{{dropLast2(x[0].Key), x[0].Value}}, nil
		}
		return nil, &TagError{Key: key, Msg: "value is " + pyTypeName(val) + ", not an object"}
	case kindTuple:
		// tuple(value) (TagTuple.to_python).
		switch x := val.(type) {
		case []any:
			return Tuple(x), nil
		case Tuple:
			return x, nil
		case string:
			return stringChars(x), nil
		case Markup:
			return stringChars(string(x)), nil
		case map[string]any, Ordered:
			t := make(Tuple, len(keys))
			for i, k := range keys {
				t[i] = k
			}
			return t, nil
		case []byte:
			t := make(Tuple, len(x))
			for i, b := range x {
				t[i] = int64(b)
			}
			return t, nil
		}
		return nil, &TagError{Key: key, Msg: "'" + pyTypeName(val) + "' object is not iterable"}
	case kindBytes:
		// base64.b64decode(value), non-validating (TagBytes.to_python).
		switch x := val.(type) {
		case string:
			return b64decodeStr(key, x)
		case Markup:
			return b64decodeStr(key, string(x))
		case []byte:
			return b64decodeLoose(key, x)
		}
		return nil, &TagError{Key: key, Msg: "argument should be a bytes-like object or ASCII string, not '" + pyTypeName(val) + "'"}
	case kindMarkup:
		// Markup(value): str() of anything (TagMarkup.to_python).
		switch x := val.(type) {
		case string:
			return Markup(x), nil
		case Markup:
			return x, nil
		}
		return Markup(pyStr(val, keys)), nil
	case kindUUID:
		// uuid.UUID(value) (TagUUID.to_python).
		var s string
		switch x := val.(type) {
		case string:
			s = x
		case Markup:
			s = string(x)
		default:
			return nil, &TagError{Key: key, Msg: "'" + pyTypeName(val) + "' object has no attribute 'replace'"}
		}
		u, err := parsePyUUID(s)
		if err != nil {
			return nil, &TagError{Key: key, Msg: err.Error()}
		}
		return u, nil
	case kindDateTime:
		// werkzeug.http.parse_date(value) (TagDateTime.to_python).
		switch x := val.(type) {
		case nil:
			return nil, nil
		case string:
			return parsePyDate(key, x)
		case Markup:
			return parsePyDate(key, string(x))
		case []byte:
			// Falsy gives None; non-empty bytes fail on str arguments
			// inside the parser with TypeError, which parse_date catches.
			return nil, nil
		}
		if !pyTruthy(val) {
			return nil, nil
		}
		return nil, &TagError{Key: key, Msg: "'" + pyTypeName(val) + "' object has no attribute 'split'"}
	}
	return val, nil
}

// dropLast2 is Python's s[:-2] on code points (WTF-8 surrogates count as
// one).
func dropLast2(s string) string {
	end := len(s)
	for n := 0; n < 2 && end > 0; n++ {
		end = lastCharStart(s[:end])
	}
	return s[:end]
}

func lastCharStart(s string) int {
	if len(s) >= 3 {
		if _, ok := pyrepr.Surrogate(s[len(s)-3:]); ok {
			return len(s) - 3
		}
	}
	_, size := utf8.DecodeLastRuneInString(s)
	return len(s) - size
}

// stringChars is tuple(s): one string per code point.
func stringChars(s string) Tuple {
	t := make(Tuple, 0, len(s))
	for i := 0; i < len(s); {
		size := charLen(s[i:])
		t = append(t, s[i:i+size])
		i += size
	}
	return t
}

func charLen(s string) int {
	if _, ok := pyrepr.Surrogate(s); ok {
		return 3
	}
	_, size := utf8.DecodeRuneInString(s)
	return size
}

func pyTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int64:
		return x != 0
	case *big.Int:
		return x.Sign() != 0
	case float64:
		return x != 0
	case string:
		return x != ""
	case Markup:
		return x != ""
	case []any:
		return len(x) > 0
	case Tuple:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	case Ordered:
		return len(x) > 0
	case []byte:
		return len(x) > 0
	}
	return true
}

// pyTypeName is the Python type name of a decoded value, for messages.
func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case Markup:
		return "Markup"
	case []any:
		return "list"
	case Tuple:
		return "tuple"
	case map[string]any, Ordered:
		return "dict"
	case []byte:
		return "bytes"
	case UUID:
		return "UUID"
	case time.Time:
		return "datetime"
	}
	return fmt.Sprintf("%T", v)
}
