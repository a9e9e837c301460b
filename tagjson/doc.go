// Package tagjson reads and writes Flask's tagged JSON, the format of the
// data inside a Flask session cookie (flask.json.tag.TaggedJSONSerializer),
// with an encoder whose bytes equal Flask's.
//
// # Types
//
// Python values map to Go values as follows; decoding produces exactly these
// types and encoding them gives back Flask's bytes:
//
//	None                 nil
//	bool                 bool
//	str                  string
//	int                  int64, or *big.Int when it does not fit
//	float                float64 (1.0 stays a float and is written 1.0)
//	list                 []any
//	dict                 map[string]any (or Ordered, see PreserveOrder)
//	tuple       " t"     Tuple
//	bytes       " b"     []byte
//	Markup      " m"     Markup
//	UUID        " u"     UUID
//	datetime    " d"     time.Time (written as an HTTP date in UTC, whole
//	                     seconds; read with its zone offset as a fixed zone)
//
// A one-key dict whose key is a registered tag is escaped as
// {" di": {"<key>__": ...}} on the way out and restored on the way in, at
// every level including the top. A one-key object with an unknown tag (say
// " od", registered by the Flask app) stays a plain map and is written back
// unchanged.
//
// Other Go values are accepted on the way out: every int, uint and float
// kind, other slices and maps, pointers (nil is null), and structs,
// json.Marshaler and encoding.TextMarshaler values, which are shaped by
// encoding/json and then written canonically and untagged, as Flask writes
// what its default hook returns. Maps with int, uint, float or bool keys are
// sorted by value and written with string keys, as Python does. Channels,
// functions, complex numbers and maps mixing string and number keys are
// rejected with a *MarshalError naming the path to the value. A nil []any or
// map is written as null, as encoding/json does. Invalid UTF-8 in a string
// is written as U+FFFD.
//
// # JSON details
//
// The encoder follows CPython's json module with Flask's settings: sorted
// keys, ensure_ascii (lowercase \uXXXX, surrogate pairs, DEL and U+2028
// escaped, / < > & ' not), Python's float repr (1e+16, 1e-05, -0.0), bare
// NaN, Infinity and -Infinity, exact big integers, separators "," and ":".
//
// The decoder follows json.loads: NaN and Infinity are accepted, 1E400 is
// +Inf, -0 is the integer 0, duplicate keys keep the last value (at the
// first key's position), raw control characters, invalid UTF-8 and trailing
// data are errors, and integers longer than MaxIntDigits (CPython's 4300)
// are refused. Flask's untag scan runs as part of decoding, with Flask's
// quirks: {" di": {...}} takes the first key in source order and drops its
// last two characters, {" t": "ab"} is a tuple of characters, {" b": ...} is
// decoded by Python's lenient base64, {" u": ...} accepts dashed, braced and
// urn forms, {" d": ...} uses email.utils date parsing and gives nil where
// Flask gives None, and {" m": 5} is Markup("5") (Python's str() of the
// value; for nested dicts, whose source order a Go map forgets, keys are
// shown sorted). Where Flask raises while loading (and answers 500), the
// decoder returns an error matching ErrTagValue; as in Flask, whose scan
// runs only after json.loads has read the whole text, a JSON error anywhere
// wins over it, and a failing tag inside a value that a later duplicate key
// replaces is never looked at.
//
// Nesting is bounded by Serializer.MaxDepth (default 256) on both sides;
// Flask itself fails somewhere past 330 levels, so anything written within
// the default can be read by Flask.
//
// Python strings may hold lone surrogates ("\ud800"). They decode to Go
// strings holding the surrogate's generalized UTF-8 bytes (WTF-8: ED A0 80
// for U+D800), which the encoder writes back as "\ud800", so Flask's bytes
// survive a round trip; such strings are not valid UTF-8 for other Go code.
//
// # Key order
//
// Go maps have no order. With SortKeys (Flask's default) that does not
// matter. For apps that set app.json.sort_keys = False, Go maps are still
// written sorted, and the Ordered type keeps an explicit order; a Serializer
// with PreserveOrder decodes objects into Ordered, so such an app's JSON
// re-encodes byte for byte.
//
// # Custom tags
//
// Serializer.Register and RegisterAt add tags as Flask's register does
// (force, and list.insert index rules); see the Tag interface.
package tagjson
