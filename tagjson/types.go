package tagjson

import "encoding/hex"

// Tuple is a Python tuple. It is written as {" t": [...]} and a " t" tag
// decodes to a Tuple, so a Flask session keeps its tuples (flash messages are
// tuples) across a round trip through Go.
type Tuple []any

// Markup is a markupsafe.Markup string: HTML that is already safe. It is
// written as {" m": "..."} and decodes from the " m" tag.
type Markup string

// UUID is a Python uuid.UUID in its 16-byte big-endian form. It is written as
// {" u": "<32 lowercase hex digits>"} and decodes from the " u" tag.
type UUID [16]byte

// String returns the canonical dashed form, as Python's str(uuid) does:
// 12345678-1234-5678-1234-567812345678.
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// ParseUUID parses a UUID string the way Python's uuid.UUID(hex) does: the
// plain 32-digit form, the dashed form, {}-wrapped and urn:uuid: forms.
func ParseUUID(s string) (UUID, error) {
	return parsePyUUID(s)
}

// Member is one member of an Ordered object.
type Member struct {
	Key   string // the member's name
	Value any    // its decoded value
}

// Ordered is a JSON object that keeps its members in order, for Flask apps
// that set app.json.sort_keys = False (there, Flask writes dict keys in
// insertion order, which a Go map cannot remember). With SortKeys true an
// Ordered is sorted like any map. Keys must be distinct. A Serializer with
// PreserveOrder set decodes objects into Ordered instead of map[string]any.
type Ordered []Member
