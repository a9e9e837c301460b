package flasksession

import (
	"math/big"
	"reflect"

	"github.com/flasksession/flasksession/tagjson"
)

// This file holds the small pieces of Python's behaviour that Flask's
// rules rest on: str.strip, str.title and bool(). Type names as Python
// prints them are tagjson.TypeName.

// isStripSpace is what str.strip() removes from a header that WSGI decoded
// as Latin-1: ASCII whitespace, the separators 0x1c-0x1f, NEL and NBSP.
func isStripSpace(c byte) bool {
	return isRegexSpace(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0
}

// pyStrip is str.strip() on a header that WSGI decoded as Latin-1.
func pyStrip(s string) string {
	i, j := 0, len(s)
	for i < j && isStripSpace(s[i]) {
		i++
	}
	for j > i && isStripSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// pyTitle is str.title() for ASCII: upper-case after a non-letter,
// lower-case after a letter.
func pyTitle(s string) string {
	b := []byte(s)
	prevLetter := false
	for i, c := range b {
		isLower, isUpper := c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z'
		switch {
		case isLower && !prevLetter:
			b[i] = c - 32
		case isUpper && prevLetter:
			b[i] = c + 32
		}
		prevLetter = isLower || isUpper
	}
	return string(b)
}

// truthy is Python's bool(v) for the decoded types.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case int64:
		return v != 0
	case int:
		return v != 0
	case float64:
		return v != 0
	case string:
		return v != ""
	case tagjson.Markup:
		return v != ""
	case []byte:
		return len(v) != 0
	case []any:
		return len(v) != 0
	case tagjson.Tuple:
		return len(v) != 0
	case map[string]any:
		return len(v) != 0
	case *big.Int:
		return v != nil && v.Sign() != 0
	}
	// Other Go kinds a handler may store (uint8, int32, float32, []string,
	// map[string]string ...) are truthy as the Python value they encode to.
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0
	case reflect.Bool:
		return rv.Bool()
	case reflect.String, reflect.Slice, reflect.Map:
		return rv.Len() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil() && truthy(rv.Elem().Interface())
	}
	return true
}
