// Package pydesc converts typed descriptions of Python values (written by
// describe() in testdata/pydesc.py, as in the golden vectors
// testdata/flask-3.1.3.json) into the Go values this module uses for Python
// values, and back ([Describe]): the one JSON form in which the tests compare
// Python values with Go's. It registers its own types (Date, Decimal,
// Dataclass) with internal/pyrepr, whose Repr prints all of them as Python's
// repr() does, so tests can compare with the vectors' *_repr strings.
//
// Descriptor to Go:
//
//	dict      map[string]any (tagjson.Ordered with Options.Ordered);
//	          map[int64]any when every key is an int
//	list      []any            tuple     tagjson.Tuple
//	str       string           int       int64, or *big.Int when larger
//	float     float64          bool      bool
//	none      nil              bytes     []byte
//	markup    tagjson.Markup   uuid      tagjson.UUID
//	datetime  time.Time (a naive one in UTC, as Flask writes it)
//	date      Date             decimal   Decimal
//	dataclass Dataclass
//
// Date, Decimal and Dataclass have no tag in Flask: its JSON provider writes
// them through its default() hook (http_date, str, dataclasses.asdict).
// Their MarshalJSON methods give those untagged forms.
package pydesc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/flasksession/flasksession/tagjson"
)

// Options change how descriptors are converted.
type Options struct {
	// Ordered makes dicts tagjson.Ordered (insertion order) instead of
	// map[string]any.
	Ordered bool
}

// Date is a Python datetime.date (no tag in Flask: written as an HTTP date
// string, "Tue, 02 Jan 2024 00:00:00 GMT").
type Date struct{ time.Time }

// MarshalJSON writes the HTTP date string Flask's default() gives.
func (d Date) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
}

// Decimal is a Python decimal.Decimal, kept as its str() (written as that
// string).
type Decimal string

// MarshalJSON writes the string Flask's default() gives.
func (d Decimal) MarshalJSON() ([]byte, error) { return json.Marshal(string(d)) }

// Dataclass is an instance of a Python dataclass; Flask writes
// dataclasses.asdict(obj): its fields as a plain object, tuples as lists,
// no tags.
type Dataclass struct {
	Name   string
	Fields tagjson.Ordered
}

// MarshalJSON writes the fields as asdict() and json.dumps would, with
// sorted keys (Flask's default) and no tags.
func (d Dataclass) MarshalJSON() ([]byte, error) {
	return json.Marshal(untagged(d.Fields))
}

// untagged converts to what encoding/json writes as Python's JSON encoder
// writes asdict()'s result: tuples become lists, dict keys sort.
func untagged(v any) any {
	switch x := v.(type) {
	case tagjson.Ordered:
		m := make(map[string]any, len(x))
		for _, mem := range x {
			m[mem.Key] = untagged(mem.Value)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = untagged(e)
		}
		return m
	case tagjson.Tuple:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = untagged(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = untagged(e)
		}
		return out
	case *big.Int:
		return json.Number(x.String())
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	}
	return v
}

// FromJSON decodes one descriptor from its JSON text.
func FromJSON(data []byte, opts Options) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var d any
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("pydesc: %w", err)
	}
	return Value(d, opts)
}

// Value converts a descriptor already decoded by encoding/json (as
// map[string]any, []any, string, bool, float64 or json.Number).
func Value(d any, opts Options) (any, error) {
	m, ok := d.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("pydesc: descriptor is %T, not an object", d)
	}
	t, _ := m["t"].(string)
	str := func(key string) (string, error) {
		s, ok := m[key].(string)
		if !ok {
			return "", fmt.Errorf("pydesc: %s descriptor: %q is %T, not a string", t, key, m[key])
		}
		return s, nil
	}
	switch t {
	case "none":
		return nil, nil
	case "bool":
		b, ok := m["v"].(bool)
		if !ok {
			return nil, fmt.Errorf("pydesc: bool descriptor without a bool")
		}
		return b, nil
	case "str":
		return text(m)
	case "int":
		s, err := str("v")
		if err != nil {
			return nil, err
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		b, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("pydesc: bad int %q", s)
		}
		return b, nil
	case "float":
		s, err := str("v")
		if err != nil {
			return nil, err
		}
		switch s {
		case "nan":
			return math.NaN(), nil
		case "inf":
			return math.Inf(1), nil
		case "-inf":
			return math.Inf(-1), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("pydesc: bad float %q", s)
		}
		return f, nil
	case "bytes":
		s, err := str("hex")
		if err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("pydesc: bad bytes hex: %w", err)
		}
		return b, nil
	case "markup":
		s, err := text(m)
		return tagjson.Markup(s), err
	case "uuid":
		s, err := str("v")
		if err != nil {
			return nil, err
		}
		return tagjson.ParseUUID(s)
	case "datetime":
		s, err := str("v")
		if err != nil {
			return nil, err
		}
		return parseISO(s)
	case "date":
		s, err := str("v")
		if err != nil {
			return nil, err
		}
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, fmt.Errorf("pydesc: bad date %q", s)
		}
		return Date{tm}, nil
	case "decimal":
		s, err := str("v")
		return Decimal(s), err
	case "list", "tuple":
		items, ok := m["items"].([]any)
		if !ok && m["items"] != nil {
			return nil, fmt.Errorf("pydesc: %s descriptor without items", t)
		}
		out := make([]any, len(items))
		for i, it := range items {
			v, err := Value(it, opts)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		if t == "tuple" {
			return tagjson.Tuple(out), nil
		}
		return out, nil
	case "dict":
		return dict(m["items"], opts)
	case "dataclass":
		name, _ := m["name"].(string)
		f, ok := m["fields"].(map[string]any)
		if !ok {
			return nil, errors.New("pydesc: dataclass descriptor without fields")
		}
		fields, err := dict(f["items"], Options{Ordered: true})
		if err != nil {
			return nil, err
		}
		return Dataclass{Name: name, Fields: fields.(tagjson.Ordered)}, nil
	}
	return nil, fmt.Errorf("pydesc: unknown descriptor type %q", t)
}

// text returns a str or markup descriptor's text: "v", or the bytes of
// "wtf8" (a Python str holding lone surrogates, kept as WTF-8).
func text(m map[string]any) (string, error) {
	if w, ok := m["wtf8"].(string); ok {
		b, err := hex.DecodeString(w)
		if err != nil {
			return "", fmt.Errorf("pydesc: bad wtf8 hex: %w", err)
		}
		return string(b), nil
	}
	s, ok := m["v"].(string)
	if !ok {
		return "", fmt.Errorf("pydesc: %s descriptor: \"v\" is %T, not a string", m["t"], m["v"])
	}
	return s, nil
}

func dict(raw any, opts Options) (any, error) {
	items, ok := raw.([]any)
	if !ok && raw != nil {
		return nil, errors.New("pydesc: dict descriptor without items")
	}
	type kv struct {
		k, v any
	}
	pairs := make([]kv, 0, len(items))
	allStr, allInt := true, true
	for _, it := range items {
		p, ok := it.([]any)
		if !ok || len(p) != 2 {
			return nil, errors.New("pydesc: dict item is not a [key, value] pair")
		}
		k, err := Value(p[0], opts)
		if err != nil {
			return nil, err
		}
		v, err := Value(p[1], opts)
		if err != nil {
			return nil, err
		}
		_, isStr := k.(string)
		_, isInt := k.(int64)
		allStr, allInt = allStr && isStr, allInt && isInt
		pairs = append(pairs, kv{k, v})
	}
	switch {
	case allStr && opts.Ordered:
		o := make(tagjson.Ordered, 0, len(pairs))
		for _, p := range pairs {
			o = append(o, tagjson.Member{Key: p.k.(string), Value: p.v})
		}
		return o, nil
	case allStr:
		out := make(map[string]any, len(pairs))
		for _, p := range pairs {
			out[p.k.(string)] = p.v
		}
		return out, nil
	case allInt:
		out := make(map[int64]any, len(pairs))
		for _, p := range pairs {
			out[p.k.(int64)] = p.v
		}
		return out, nil
	}
	return nil, errors.New("pydesc: dict keys of mixed or unsupported types")
}

// parseISO reads Python's datetime.isoformat(): naive values are taken as
// UTC (Flask's http_date does the same).
func parseISO(s string) (time.Time, error) {
	for _, layout := range []string{
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("pydesc: bad datetime %q", s)
}
