package tagjson

import (
	"errors"
	"fmt"
	"math"
	"reflect"
)

// Defaults of a Serializer's limits, applied when the field is 0. They are
// this package's; flasksession's Manager sets its own bounds on the
// Serializer it uses (see flasksession.DefaultMaxDepth).
const (
	// DefaultMaxDepth bounds array/object nesting on both encode and
	// decode. Flask itself fails (RecursionError, so a 500) somewhere
	// between 330 and 500 levels depending on the value, so whatever this
	// package writes within the default, Flask can read back.
	DefaultMaxDepth = 256
	// DefaultMaxIntDigits is CPython's int_max_str_digits: json.loads
	// refuses longer integer literals.
	DefaultMaxIntDigits = 4300
)

// Serializer is Flask's TaggedJSONSerializer together with the JSON
// settings of the Flask app (app.json). NewSerializer returns one set up as
// a default Flask app's sessions; a zero Serializer has Flask's default tags
// but SortKeys and EnsureASCII false. Set the fields and register tags
// before first use; after that a Serializer is safe for concurrent use.
type Serializer struct {
	// SortKeys is app.json.sort_keys (default true): objects are written
	// with keys in code point order. With SortKeys false, Ordered values
	// keep their order; Go maps have no order and are still written
	// sorted.
	SortKeys bool
	// EnsureASCII is app.json.ensure_ascii (default true): every non-ASCII
	// character, and DEL, is written as a \uXXXX escape.
	EnsureASCII bool
	// PreserveOrder makes Unmarshal produce Ordered instead of
	// map[string]any for objects, so that an unsorted Flask app's JSON
	// re-encodes with the same key order.
	PreserveOrder bool
	// MaxDepth bounds nesting of arrays and objects (tags count: a tuple
	// is two levels). Zero means DefaultMaxDepth; negative means no limit
	// (then a Go value that contains itself recurses until the stack
	// overflows, where Python raises "Circular reference detected").
	MaxDepth int
	// MaxIntDigits bounds the digits of an integer literal on decode. Zero
	// means DefaultMaxIntDigits; negative means no limit.
	MaxIntDigits int

	tags   map[string]Tag // nil: defaultTags
	order  []Tag          // nil: defaultOrder
	custom bool           // order differs from defaultOrder
	owner  *Serializer    // the Serializer whose private copies tags and order are
}

// NewSerializer returns a Serializer with Flask's default tags and a default
// Flask app's JSON settings: sorted keys, ASCII-only output.
func NewSerializer() *Serializer {
	return &Serializer{SortKeys: true, EnsureASCII: true}
}

var std = NewSerializer()

// Marshal returns the tagged JSON of v exactly as a default Flask app
// writes its session: sorted keys, ASCII only, no spaces.
func Marshal(v any) ([]byte, error) { return std.Marshal(v) }

// Unmarshal parses tagged JSON as a Flask app loads its session and stores
// the result in v, which must be a non-nil *any, *map[string]any or a
// pointer to a type the decoded value is assignable to.
func Unmarshal(data []byte, v any) error { return std.Unmarshal(data, v) }

func (s *Serializer) maxDepth() int {
	switch {
	case s.MaxDepth == 0:
		return DefaultMaxDepth
	case s.MaxDepth < 0:
		return math.MaxInt
	}
	return s.MaxDepth
}

func (s *Serializer) maxIntDigits() int {
	if s.MaxIntDigits == 0 {
		return DefaultMaxIntDigits
	}
	return s.MaxIntDigits
}

// Marshal returns the tagged JSON encoding of v.
func (s *Serializer) Marshal(v any) ([]byte, error) {
	e := s.newEncoder(nil)
	e.buf = e.own[:0]
	err := e.value(v)
	var out []byte
	if err == nil {
		out = append([]byte(nil), e.buf...)
	}
	if cap(e.buf) <= 64<<10 {
		e.own = e.buf[:0]
	}
	e.release()
	if err != nil {
		return nil, finishErr(err)
	}
	return out, nil
}

// AppendMarshal appends the tagged JSON encoding of v to dst. On error dst
// is returned unchanged (its spare capacity may have been written).
func (s *Serializer) AppendMarshal(dst []byte, v any) ([]byte, error) {
	e := s.newEncoder(dst)
	err := e.value(v)
	out := e.buf
	e.release()
	if err != nil {
		return dst, finishErr(err)
	}
	return out, nil
}

func finishErr(err error) error {
	var p *pathErr
	if errors.As(err, &p) {
		return p.finish()
	}
	return err
}

// Unmarshal parses data and untags it (see the package Unmarshal).
func (s *Serializer) Unmarshal(data []byte, v any) error {
	d := s.getDecoder(data)
	val, err := d.decode()
	d.release()
	if err != nil {
		return err
	}
	return store(val, v)
}

func store(val, dst any) error {
	switch p := dst.(type) {
	case *any:
		if p == nil {
			return fmt.Errorf("%w: nil pointer", ErrTarget)
		}
		*p = val
		return nil
	case *map[string]any:
		if p == nil {
			return fmt.Errorf("%w: nil pointer", ErrTarget)
		}
		m, ok := val.(map[string]any)
		if _, ordered := val.(Ordered); ordered {
			return fmt.Errorf("%w: with PreserveOrder objects decode to Ordered; use *any or *Ordered", ErrTarget)
		}
		if !ok {
			return fmt.Errorf("%w: JSON value is %s, not an object", ErrTarget, pyTypeName(val))
		}
		*p = m
		return nil
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("%w: %T is not a non-nil pointer", ErrTarget, dst)
	}
	elem := rv.Elem()
	if val == nil {
		switch elem.Kind() {
		case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
			elem.SetZero()
			return nil
		}
		return fmt.Errorf("%w: cannot store None in %s", ErrTarget, elem.Type())
	}
	vv := reflect.ValueOf(val)
	if !vv.Type().AssignableTo(elem.Type()) {
		return fmt.Errorf("%w: cannot store %T in %s", ErrTarget, val, elem.Type())
	}
	elem.Set(vv)
	return nil
}

// Tag returns the tagged form of v as plain JSON values (map[string]any,
// []any, strings, numbers...), for custom tags whose ToJSON holds nested
// values that need tags of their own (Flask's serializer.tag).
func (s *Serializer) Tag(v any) (any, error) {
	b, err := s.Marshal(v)
	if err != nil {
		return nil, err
	}
	d := decoder{data: b, maxDepth: s.maxDepth(), maxIntDigits: -1, preserveOrder: !s.SortKeys}
	return d.decode()
}

// Untag resolves the tags in a plain decoded JSON value as Unmarshal does
// (Flask's untag scan), for custom tags that hold nested tagged values in a
// shape the scan does not reach.
func (s *Serializer) Untag(v any) (any, error) {
	b, err := (&Serializer{SortKeys: false, EnsureASCII: true, MaxDepth: s.MaxDepth}).marshalRaw(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := s.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Serializer) marshalRaw(v any) ([]byte, error) {
	e := s.newEncoder(nil)
	err := e.raw(v)
	out := e.buf
	e.release()
	if err != nil {
		return nil, finishErr(err)
	}
	return out, nil
}
