package flaskapp

import (
	"encoding/json"
	"fmt"
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
