// Package pyconfig reads configuration values the way Flask's
// app.config.from_prefixed_env does, for the FromEnv functions of
// flasksession and of its extensions, which must agree on it.
package pyconfig

import (
	"encoding/json"
	"fmt"
)

// Getter returns a function reading the variable prefix_key through
// lookup (os.LookupEnv) as from_prefixed_env(prefix) does: an empty
// prefix means "FLASK", and "_" is always added, so that the prefix "APP_"
// reads APP__SECRET_KEY, as in Flask. It returns the Value, the
// variable's name (for error messages) and whether it was set.
func Getter(prefix string, lookup func(string) (string, bool)) func(key string) (v any, name string, ok bool) {
	if prefix == "" {
		prefix = "FLASK"
	}
	prefix += "_"
	return func(key string) (any, string, bool) {
		name := prefix + key
		raw, ok := lookup(name)
		if !ok {
			return nil, name, false
		}
		return Value(raw), name, true
	}
}

// Value is what from_prefixed_env stores for the raw text of a variable:
// the JSON value it parses as, else the text itself as a string. JSON
// values come as encoding/json decodes them into an any.
func Value(raw string) any {
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return raw
	}
	return v
}

// Kind names the JSON kind of a Value, for error messages ("must be true
// or false, not a number").
func Kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
