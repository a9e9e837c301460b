// Package pyconfig reads configuration values the way Flask's
// app.config.from_prefixed_env does, for the FromEnv functions of
// flasksession and of its extensions, which must agree on it.
package pyconfig

import (
	"encoding/json"
	"fmt"
)

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
