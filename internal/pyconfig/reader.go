package pyconfig

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Bool reads a Value set for a boolean setting: JSON true or false.
func Bool(v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("must be true or false, not %s", Kind(v))
	}
	return b, nil
}

// OptionalString reads a Value set for a string setting as [String] does
// (null and false are no value, ""), with an error for any other kind.
func OptionalString(v any) (string, error) {
	s, ok := String(v)
	if !ok {
		return "", fmt.Errorf("must be a string, not %s", Kind(v))
	}
	return s, nil
}

// StringList reads a Value set for a list setting: a JSON list of strings.
// An item's error starts with its index ("[1] must be a string").
func StringList(v any) ([]string, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a JSON list of strings, not %s", Kind(v))
	}
	out := make([]string, 0, len(items))
	for i, e := range items {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("[%d] must be a string, not %s", i, Kind(e))
		}
		out = append(out, s)
	}
	return out, nil
}

// maxSeconds is the most seconds a time.Duration holds.
const maxSeconds = math.MaxInt64 / int64(time.Second)

// Seconds reads a Value set for a duration setting: a JSON number of
// seconds, fractions kept, within what a time.Duration holds either way.
func Seconds(v any) (time.Duration, error) {
	f, ok := v.(float64)
	if !ok {
		return 0, fmt.Errorf("must be a number of seconds, not %s", Kind(v))
	}
	if math.Abs(f) > float64(maxSeconds) {
		return 0, fmt.Errorf("must be at most %d seconds either way", maxSeconds)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// SettingError is a variable whose value a setting cannot take. Its
// message is the variable's name followed by the problem:
// "FLASK_X must be true or false, not a number", "FLASK_Y[1] must be a
// string, not a number". It never quotes the value, which may be a secret.
type SettingError struct {
	Name string // the variable, such as FLASK_WTF_CSRF_ENABLED
	Err  error  // the problem, such as "must be true or false, not a number"
}

func (e *SettingError) Error() string {
	if msg := e.Err.Error(); strings.HasPrefix(msg, "[") {
		return e.Name + msg
	}
	return e.Name + " " + e.Err.Error()
}

func (e *SettingError) Unwrap() error { return e.Err }

// Reader reads typed settings through a [Getter], one call per setting,
// and keeps the first error, so that a FromEnv reads its table and checks
// once. Unset variables leave their destination alone.
type Reader struct {
	get func(key string) (any, string, bool)
	err error
}

// NewReader returns a Reader of the variables prefix_key, as [Getter].
func NewReader(prefix string, lookup func(string) (string, bool)) *Reader {
	return &Reader{get: Getter(prefix, lookup)}
}

// Lookup returns the Value of prefix_key, its name and whether it is set,
// for a setting with its own rules; report a problem with [Reader.Fail].
// After an error it reports every variable unset.
func (r *Reader) Lookup(key string) (v any, name string, ok bool) {
	if r.err != nil {
		return nil, "", false
	}
	return r.get(key)
}

// Fail records problem as the error of the variable name, unless an
// earlier error is recorded.
func (r *Reader) Fail(name string, problem error) {
	if r.err == nil {
		r.err = &SettingError{Name: name, Err: problem}
	}
}

// Err returns the first error, a *[SettingError] (or what [Reader.Fail]
// was given wrapped in one), or nil.
func (r *Reader) Err() error { return r.err }

// Bool reads a boolean setting into dst.
func (r *Reader) Bool(key string, dst *bool) { read(r, key, dst, Bool) }

// String reads a string setting into dst: a JSON string or plain text;
// null and false are errors.
func (r *Reader) String(key string, dst *string) { read(r, key, dst, strictString) }

// OptionalString reads a string setting into dst as [OptionalString]:
// null and false give "".
func (r *Reader) OptionalString(key string, dst *string) { read(r, key, dst, OptionalString) }

// StringList reads a list setting into dst.
func (r *Reader) StringList(key string, dst *[]string) { read(r, key, dst, StringList) }

// Seconds reads a duration setting into dst, as [Seconds].
func (r *Reader) Seconds(key string, dst *time.Duration) { read(r, key, dst, Seconds) }

func read[T any](r *Reader, key string, dst *T, parse func(any) (T, error)) {
	v, name, ok := r.Lookup(key)
	if !ok {
		return
	}
	x, err := parse(v)
	if err != nil {
		r.Fail(name, err)
		return
	}
	*dst = x
}

func strictString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("must be a string, not %s", Kind(v))
	}
	return s, nil
}
