package flaskapp

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/tagjson"
)

// Value is the typed description of a Python value that the app's JSON
// routes exchange. Type is the Python type name and Value its JSON form:
//
//	NoneType: nil               bool: true or false          int: decimal string
//	float: repr() string ("1.0", "nan", "-inf")              str, Markup: the text
//	bytes: standard base64      UUID: 32 hex digits          datetime, date: isoformat()
//	tuple, list: []Value        dict: map[string]Value
//
// Decoding JSON into a Value gives container children as Values too, so two
// descriptions compare with reflect.DeepEqual or cmp.Diff.
type Value struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// UnmarshalJSON decodes a typed description, recursively for tuple, list and
// dict.
func (v *Value) UnmarshalJSON(data []byte) error {
	var raw struct {
		Type  *string         `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("flaskapp: typed description: %w", err)
	}
	if raw.Type == nil || raw.Value == nil {
		return fmt.Errorf("flaskapp: typed description needs type and value: %.80s", data)
	}
	v.Type = *raw.Type
	switch v.Type {
	case "tuple", "list":
		var items []Value
		if err := json.Unmarshal(raw.Value, &items); err != nil {
			return err
		}
		if items == nil {
			items = []Value{}
		}
		v.Value = items
	case "dict":
		var items map[string]Value
		if err := json.Unmarshal(raw.Value, &items); err != nil {
			return err
		}
		if items == nil {
			items = map[string]Value{}
		}
		v.Value = items
	default:
		var scalar any
		if err := json.Unmarshal(raw.Value, &scalar); err != nil {
			return err
		}
		v.Value = scalar
	}
	return nil
}

// ToValue describes a Go session value (in the forms tagjson decodes and
// encodes) as the Python value Flask will see: nil, bool, string, Go integer
// types and *big.Int (int), float64 and float32 (float), []byte (bytes),
// time.Time (an aware datetime; Flask keeps whole seconds in UTC),
// tagjson.Tuple, tagjson.Markup, tagjson.UUID, []any (list) and
// map[string]any (dict).
func ToValue(v any) (Value, error) {
	switch v := v.(type) {
	case nil:
		return Value{"NoneType", nil}, nil
	case bool:
		return Value{"bool", v}, nil
	case string:
		return Value{"str", v}, nil
	case tagjson.Markup:
		return Value{"Markup", string(v)}, nil
	case int:
		return Value{"int", strconv.FormatInt(int64(v), 10)}, nil
	case int8:
		return Value{"int", strconv.FormatInt(int64(v), 10)}, nil
	case int16:
		return Value{"int", strconv.FormatInt(int64(v), 10)}, nil
	case int32:
		return Value{"int", strconv.FormatInt(int64(v), 10)}, nil
	case int64:
		return Value{"int", strconv.FormatInt(v, 10)}, nil
	case uint:
		return Value{"int", strconv.FormatUint(uint64(v), 10)}, nil
	case uint8:
		return Value{"int", strconv.FormatUint(uint64(v), 10)}, nil
	case uint16:
		return Value{"int", strconv.FormatUint(uint64(v), 10)}, nil
	case uint32:
		return Value{"int", strconv.FormatUint(uint64(v), 10)}, nil
	case uint64:
		return Value{"int", strconv.FormatUint(v, 10)}, nil
	case *big.Int:
		if v == nil {
			return Value{"NoneType", nil}, nil
		}
		return Value{"int", v.String()}, nil
	case float64:
		return Value{"float", pyrepr.Float(v)}, nil
	case float32:
		return Value{"float", pyrepr.Float(float64(v))}, nil
	case []byte:
		return Value{"bytes", base64.StdEncoding.EncodeToString(v)}, nil
	case tagjson.UUID:
		return Value{"UUID", hex.EncodeToString(v[:])}, nil
	case time.Time:
		return Value{"datetime", pythonISOFormat(v)}, nil
	case tagjson.Tuple:
		items, err := toValues([]any(v))
		return Value{"tuple", items}, err
	case []any:
		items, err := toValues(v)
		return Value{"list", items}, err
	case map[string]any:
		items := make(map[string]Value, len(v))
		for k, x := range v {
			d, err := ToValue(x)
			if err != nil {
				return Value{}, err
			}
			items[k] = d
		}
		return Value{"dict", items}, nil
	}
	return Value{}, fmt.Errorf("flaskapp: no Python description for Go type %T", v)
}

func toValues(in []any) ([]Value, error) {
	out := make([]Value, len(in))
	for i, x := range in {
		d, err := ToValue(x)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// ToValues describes every value of a session map.
func ToValues(m map[string]any) (map[string]Value, error) {
	out := make(map[string]Value, len(m))
	for k, x := range m {
		d, err := ToValue(x)
		if err != nil {
			return nil, fmt.Errorf("flaskapp: key %q: %w", k, err)
		}
		out[k] = d
	}
	return out, nil
}

// Go returns the Go form of a described Python value, the type tagjson
// decodes it to: nil, bool, string, int64 (or *big.Int beyond int64),
// float64, []byte, time.Time, tagjson.Markup, tagjson.UUID, tagjson.Tuple,
// []any, map[string]any. A datetime without a UTC offset is taken as UTC;
// a date has no Go form and is an error.
func (v Value) Go() (any, error) {
	text, isText := v.Value.(string)
	needText := func() error {
		if !isText {
			return fmt.Errorf("flaskapp: %s description holds %T, want a string", v.Type, v.Value)
		}
		return nil
	}
	switch v.Type {
	case "NoneType":
		return nil, nil
	case "bool":
		b, ok := v.Value.(bool)
		if !ok {
			return nil, fmt.Errorf("flaskapp: bool description holds %T", v.Value)
		}
		return b, nil
	case "str", "Markup", "int", "float", "bytes", "UUID", "datetime":
		if err := needText(); err != nil {
			return nil, err
		}
	case "tuple", "list":
		items, ok := v.Value.([]Value)
		if !ok {
			return nil, fmt.Errorf("flaskapp: %s description holds %T, want []Value", v.Type, v.Value)
		}
		out := make([]any, len(items))
		for i, item := range items {
			x, err := item.Go()
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		if v.Type == "tuple" {
			return tagjson.Tuple(out), nil
		}
		return out, nil
	case "dict":
		items, ok := v.Value.(map[string]Value)
		if !ok {
			return nil, fmt.Errorf("flaskapp: dict description holds %T, want map[string]Value", v.Value)
		}
		out := make(map[string]any, len(items))
		for k, item := range items {
			x, err := item.Go()
			if err != nil {
				return nil, err
			}
			out[k] = x
		}
		return out, nil
	default:
		return nil, fmt.Errorf("flaskapp: no Go form for Python type %q", v.Type)
	}
	switch v.Type {
	case "str":
		return text, nil
	case "Markup":
		return tagjson.Markup(text), nil
	case "int":
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return n, nil
		}
		n, ok := new(big.Int).SetString(text, 10)
		if !ok {
			return nil, fmt.Errorf("flaskapp: bad int %q", text)
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, fmt.Errorf("flaskapp: bad float: %w", err)
		}
		return f, nil
	case "bytes":
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, fmt.Errorf("flaskapp: bad bytes: %w", err)
		}
		return b, nil
	case "UUID":
		u, err := tagjson.ParseUUID(text)
		if err != nil {
			return nil, fmt.Errorf("flaskapp: bad UUID: %w", err)
		}
		return u, nil
	default: // datetime
		for _, layout := range []string{"2006-01-02T15:04:05.999999-07:00", "2006-01-02T15:04:05.999999"} {
			if t, err := time.Parse(layout, text); err == nil {
				return t, nil
			}
		}
		return nil, fmt.Errorf("flaskapp: bad datetime %q", text)
	}
}

// GoValues returns the Go form of every value of a described session.
func GoValues(m map[string]Value) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		x, err := v.Go()
		if err != nil {
			return nil, fmt.Errorf("flaskapp: key %q: %w", k, err)
		}
		out[k] = x
	}
	return out, nil
}

// pythonISOFormat formats t as Python's datetime.isoformat() of the same
// aware datetime: microseconds only when non-zero, offset as +HH:MM.
func pythonISOFormat(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05-07:00")
	}
	return t.Format("2006-01-02T15:04:05.000000-07:00")
}
