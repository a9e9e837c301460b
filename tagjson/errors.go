package tagjson

import (
	"errors"
	"strconv"
)

// Sentinel errors, for errors.Is.
var (
	// ErrSyntax: the input is not JSON as Python's json.loads accepts it
	// (including invalid UTF-8, raw control characters and trailing data).
	ErrSyntax = errors.New("tagjson: invalid JSON")
	// ErrDepth: arrays and objects nest deeper than Serializer.MaxDepth.
	ErrDepth = errors.New("tagjson: nesting too deep")
	// ErrIntTooLong: an integer literal has more digits than
	// Serializer.MaxIntDigits (CPython refuses over 4300).
	ErrIntTooLong = errors.New("tagjson: integer literal too long")
	// ErrTagValue: a tagged value that Flask fails to load (Flask raises,
	// which becomes BadPayload and an HTTP 500), such as {" t": 5} or
	// {" b": "YQ"}.
	ErrTagValue = errors.New("tagjson: invalid tagged value")
	// ErrUnsupported: a Go value that cannot be written as tagged JSON that
	// Flask can load (channels, funcs, complex numbers, unsortable keys...).
	ErrUnsupported = errors.New("tagjson: unsupported value")
	// ErrTagRegistered: Register was called with a key that is already
	// registered and force was false (Flask raises KeyError).
	ErrTagRegistered = errors.New("tagjson: tag already registered")
	// ErrTarget: Unmarshal was given a destination it cannot fill.
	ErrTarget = errors.New("tagjson: unsupported Unmarshal destination")
)

// SyntaxError describes malformed JSON. It matches ErrSyntax, ErrDepth or
// ErrIntTooLong with errors.Is, depending on Kind.
type SyntaxError struct {
	Offset int    // byte offset in the input where the problem was found
	Msg    string // what was wrong
	Kind   error  // ErrSyntax, ErrDepth or ErrIntTooLong
}

// Error implements error.
func (e *SyntaxError) Error() string {
	return "tagjson: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// Unwrap returns the sentinel the error matches.
func (e *SyntaxError) Unwrap() error { return e.Kind }

// TagError reports a tagged value that Flask cannot load. It matches
// ErrTagValue.
type TagError struct {
	Key string // the tag, e.g. " b"
	Msg string // what is wrong with the value, as Flask's exception says it
	Err error  // the custom tag's own error, if any
}

// Error implements error.
func (e *TagError) Error() string {
	return "tagjson: tag " + strconv.Quote(e.Key) + ": " + e.Msg
}

// Unwrap returns ErrTagValue and, for a custom tag, the error its ToGo
// returned, so that errors.Is and errors.As reach both.
func (e *TagError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrTagValue}
	}
	return []error{ErrTagValue, e.Err}
}

// MarshalError reports a value that cannot be encoded, with the path of keys
// and indexes that leads to it from the top-level value, such as
// $.user.tags[2]. It matches ErrUnsupported or ErrDepth, or the error of a
// custom tag or json.Marshaler, with errors.Is.
type MarshalError struct {
	Path string // JSONPath-like location: $, $.key, $["odd key"][3]
	Type string // Go type of the value, when relevant
	Msg  string // why it cannot be encoded
	Err  error  // the cause (ErrUnsupported, ErrDepth, a custom tag's or Marshaler's error)
}

// Error implements error.
func (e *MarshalError) Error() string {
	s := "tagjson: cannot encode "
	if e.Type != "" {
		s += e.Type + " "
	}
	s += "at " + e.Path
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Unwrap returns the underlying error.
func (e *MarshalError) Unwrap() error { return e.Err }

// pathErr accumulates the path while an encoding error unwinds; segments are
// prepended as each level returns.
type pathErr struct {
	segs []string // innermost last after reverse
	typ  string
	msg  string
	err  error
}

func (p *pathErr) Error() string { return p.msg }

func (p *pathErr) finish() *MarshalError {
	path := "$"
	for i := len(p.segs) - 1; i >= 0; i-- {
		path += p.segs[i]
	}
	return &MarshalError{Path: path, Type: p.typ, Msg: p.msg, Err: p.err}
}

func keySeg(k string) string {
	simple := k != ""
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

func indexSeg(i int) string { return "[" + strconv.Itoa(i) + "]" }

// atKey adds a path segment to an error coming up from a nested value.
func atKey(err error, seg string) error {
	if p, ok := err.(*pathErr); ok {
		p.segs = append(p.segs, seg)
		return p
	}
	return err
}

func unsupported(typ, msg string) error {
	return &pathErr{typ: typ, msg: msg, err: ErrUnsupported}
}
