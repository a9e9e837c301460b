package tagjson

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// presorted is an object whose members are already in output order: a map
// with non-string keys, which Python sorts by the key's value (so 2 comes
// before 10) and then writes as strings (Lib/json/encoder.py
// _iterencode_dict). It is never " di" escaped: a non-string key is never
// a registered tag.
type presorted []Member

// plainJSON holds what encoding/json made of a struct, json.Marshaler or
// encoding.TextMarshaler, decoded again; it is written untagged, as Flask's
// JSON provider writes the output of its default hook (flask/json/provider.py
// _default).
type plainJSON struct{ v any }

// other writes a value that is not one of the package's own types: it is
// converted to them first (by reflection).
func (e *encoder) other(v any, tagged bool) error {
	cv, err := canonical(v)
	if err != nil {
		return err
	}
	switch x := cv.(type) {
	case plainJSON:
		return e.raw(x.v)
	case presorted:
		return e.members(x, tagged)
	}
	if tagged {
		return e.value(cv)
	}
	return e.raw(cv)
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// canonical converts v, one level deep, to a type the encoder handles
// directly: nil, bool, string, int64, *big.Int, float64, []any,
// map[string]any, Tuple, Markup, UUID, []byte, time.Time, Ordered,
// presorted or plainJSON.
func canonical(v any) (any, error) {
	return canonicalN(v, 0)
}

func canonicalN(v any, hops int) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, map[string]any, []any, Tuple, []byte, Markup, UUID,
		time.Time, *big.Int, Ordered, presorted, plainJSON:
		return v, nil
	case int:
		return int64(x), nil
	case float32:
		return float32To64(x), nil
	case json.Number:
		n, err := parseNumberToken(string(x))
		if err != nil {
			return nil, unsupported("json.Number", "not a JSON number: "+strconv.Quote(string(x)))
		}
		return n, nil
	case big.Int:
		return &x, nil
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, nil
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, s := range x {
			out[k] = s
		}
		return out, nil
	case json.Marshaler, encoding.TextMarshaler:
		return viaEncodingJSON(v)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u <= math.MaxInt64 {
			return int64(u), nil
		}
		return new(big.Int).SetUint64(u), nil
	case reflect.Float32:
		return float32To64(float32(rv.Float())), nil
	case reflect.Float64:
		return rv.Float(), nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.IsNil() {
			return nil, nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Bytes(), nil
		}
		return listOf(rv), nil
	case reflect.Array:
		return listOf(rv), nil
	case reflect.Map:
		if rv.IsNil() {
			return nil, nil
		}
		return mapOf(rv)
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
		if hops > 64 {
			return nil, unsupported(typeName(v), "pointer chain too long")
		}
		return canonicalN(rv.Elem().Interface(), hops+1)
	case reflect.Struct:
		return viaEncodingJSON(v)
	}
	return nil, unsupported(typeName(v), "Python's JSON has no such type")
}

// float32To64 keeps a float32's shortest decimal digits: float32(0.1) is
// written 0.1, as encoding/json does, not 0.10000000149011612.
func float32To64(f float32) float64 {
	g := float64(f)
	if math.IsNaN(g) || math.IsInf(g, 0) {
		return g
	}
	var tmp [32]byte
	g, _ = strconv.ParseFloat(string(strconv.AppendFloat(tmp[:0], g, 'g', -1, 32)), 64)
	return g
}

func listOf(rv reflect.Value) []any {
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// viaEncodingJSON shapes v as encoding/json does, then decodes the result
// back (keeping member order, which matters with SortKeys false).
func viaEncodingJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &pathErr{typ: typeName(v), msg: "encoding/json: " + err.Error(), err: fmt.Errorf("%w: %w", ErrUnsupported, err)}
	}
	d := decoder{data: b, maxDepth: DefaultMaxDepth * 4, maxIntDigits: -1, preserveOrder: true}
	tree, err := d.decode()
	if err != nil {
		return nil, &pathErr{typ: typeName(v), msg: "re-decoding encoding/json output: " + err.Error(), err: ErrUnsupported}
	}
	return plainJSON{tree}, nil
}

// numKey is a map key that Python orders by value.
type numKey struct {
	isFloat bool
	f       float64
	i       *big.Int
	text    string
}

func mapOf(rv reflect.Value) (any, error) {
	t := rv.Type().Key()
	if t.Kind() == reflect.String {
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out, nil
	}
	if t.Implements(textMarshalerType) {
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			text, err := it.Key().Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil {
				return nil, unsupported(rv.Type().String(), "map key: "+err.Error())
			}
			out[string(text)] = it.Value().Interface()
		}
		return out, nil
	}
	keys := make([]numKey, 0, rv.Len())
	vals := make(map[string]any, rv.Len())
	allStrings, strMap := true, map[string]any{}
	it := rv.MapRange()
	for it.Next() {
		k := it.Key()
		if k.Kind() == reflect.Interface {
			if k.IsNil() {
				return nil, unsupported(rv.Type().String(), "nil map key")
			}
			k = k.Elem()
		}
		if k.Kind() == reflect.String {
			strMap[k.String()] = it.Value().Interface()
			continue
		}
		allStrings = false
		nk, ok := numericKey(k)
		if !ok {
			return nil, unsupported(rv.Type().String(), "map key of type "+k.Type().String()+" (Python's JSON keys are str, int, float or bool)")
		}
		keys = append(keys, nk)
		vals[nk.text] = it.Value().Interface()
	}
	if allStrings {
		return strMap, nil
	}
	if len(strMap) > 0 {
		return nil, unsupported(rv.Type().String(), "mixed string and number keys cannot be sorted (Python raises TypeError)")
	}
	slices.SortStableFunc(keys, func(a, b numKey) int {
		if a.isFloat || b.isFloat {
			fa, fb := a.f, b.f
			if !a.isFloat {
				fa, _ = new(big.Float).SetInt(a.i).Float64()
			}
			if !b.isFloat {
				fb, _ = new(big.Float).SetInt(b.i).Float64()
			}
			switch {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		}
		return a.i.Cmp(b.i)
	})
	out := make(presorted, len(keys))
	for i, k := range keys {
		out[i] = Member{k.text, vals[k.text]}
	}
	return out, nil
}

var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// numericKey converts an int, uint, float or bool key to its Python string
// form and sort value.
func numericKey(k reflect.Value) (numKey, bool) {
	switch k.Kind() {
	case reflect.Bool:
		if k.Bool() {
			return numKey{i: big.NewInt(1), text: "true"}, true
		}
		return numKey{i: big.NewInt(0), text: "false"}, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := k.Int()
		return numKey{i: big.NewInt(n), text: strconv.FormatInt(n, 10)}, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := k.Uint()
		return numKey{i: new(big.Int).SetUint64(u), text: strconv.FormatUint(u, 10)}, true
	case reflect.Float32, reflect.Float64:
		f := k.Float()
		if k.Kind() == reflect.Float32 {
			f = float32To64(float32(f))
		}
		return numKey{isFloat: true, f: f, text: string(appendFloat(nil, f))}, true
	}
	return numKey{}, false
}
