package itsdangerous

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// Codec turns values into the bytes a serializer signs, and back. Python's
// equivalent is the serializer module passed to itsdangerous (json by
// default). Flask's sessions use tagged JSON, which package tagjson of this
// module provides.
type Codec interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(data []byte, v any) error
}

// JSONCodec is a Codec built on encoding/json whose output matches what
// Python's json.dumps writes for the same data, within these limits:
//
//   - Object keys: Go maps are written with their keys sorted (encoding/json
//     sorts them), structs in field order. Python keeps a dict's insertion
//     order, so a dict built in another order serializes differently; both
//     sides read either.
//   - Strings: raw UTF-8, or \uXXXX escapes with EnsureASCII, and no HTML
//     escaping, as Python does; U+2028 and U+2029 are written raw unless
//     EnsureASCII is set.
//   - Floats are formatted by encoding/json (1.0 is written as 1, 1e21 as
//     1e+21), not by Python's repr; NaN and infinities are refused.
//
// Unmarshal refuses invalid UTF-8 (Python decodes the payload strictly
// first) and otherwise follows encoding/json: numbers decode to float64 in
// an interface value (integers beyond 2^53 lose precision), and NaN and
// Infinity, which Python's json.loads accepts, are refused.
type JSONCodec struct {
	// EnsureASCII escapes every non-ASCII character (and DEL) as \uXXXX,
	// like json.dumps(ensure_ascii=True).
	EnsureASCII bool
	// Spaced writes ", " and ": " between items, like json.dumps's default
	// separators, instead of the compact "," and ":".
	Spaced bool
}

// compactJSON is itsdangerous's _CompactJSON: separators "," and ":",
// non-ASCII written raw. It is the default codec of URLSafeSerializer and
// URLSafeTimedSerializer.
var compactJSON = JSONCodec{}

// pythonJSON is Python's json.dumps with its defaults: ensure_ascii and
// separators ", " and ": ". It is the default codec of Serializer and
// TimedSerializer, as Python's json module is theirs.
var pythonJSON = JSONCodec{EnsureASCII: true, Spaced: true}

// Marshal encodes v as JSON in Python's style (see JSONCodec).
func (c JSONCodec) Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if !c.EnsureASCII && !c.Spaced && !bytes.Contains(out, []byte(`\u202`)) {
		return out, nil
	}
	return c.rewrite(out), nil
}

// rewrite adjusts encoding/json's output: separators, non-ASCII escaping,
// and raw U+2028/U+2029 (which encoding/json always escapes).
func (c JSONCodec) rewrite(in []byte) []byte {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(in)+len(in)/8)
	inString := false
	for i := 0; i < len(in); i++ {
		b := in[i]
		if !inString {
			out = append(out, b)
			switch b {
			case '"':
				inString = true
			case ',', ':':
				if c.Spaced {
					out = append(out, ' ')
				}
			}
			continue
		}
		switch {
		case b == '"':
			inString = false
			out = append(out, b)
		case b == '\\':
			if !c.EnsureASCII && i+5 < len(in) && in[i+1] == 'u' && string(in[i+2:i+5]) == "202" && (in[i+5] == '8' || in[i+5] == '9') {
				out = utf8.AppendRune(out, rune(0x2028+int(in[i+5]-'8')))
				i += 5
				continue
			}
			out = append(out, b, in[i+1])
			i++
		case b >= 0x7f && c.EnsureASCII:
			r, size := utf8.DecodeRune(in[i:])
			i += size - 1
			appendU := func(u rune) {
				out = append(out, '\\', 'u', hex[u>>12&0xf], hex[u>>8&0xf], hex[u>>4&0xf], hex[u&0xf])
			}
			if r >= 0x10000 {
				r -= 0x10000
				appendU(0xd800 + r>>10)
				appendU(0xdc00 + r&0x3ff)
			} else {
				appendU(r)
			}
		default:
			out = append(out, b)
		}
	}
	return out
}

// Unmarshal decodes JSON data into v, refusing invalid UTF-8.
func (c JSONCodec) Unmarshal(data []byte, v any) error {
	if !utf8.Valid(data) {
		return errors.New("itsdangerous: payload is not valid UTF-8")
	}
	return json.Unmarshal(data, v)
}
