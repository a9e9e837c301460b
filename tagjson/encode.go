package tagjson

import (
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// encoder appends the JSON for one value to buf. It is pooled; kvs is the
// scratch stack used to sort object members without allocating.
type encoder struct {
	buf         []byte
	s           *Serializer
	sortKeys    bool
	ensureASCII bool
	custom      bool
	maxDepth    int
	depth       int
	kvs         []Member
	own         []byte // Marshal's reusable output buffer
}

var encoderPool = sync.Pool{New: func() any { return new(encoder) }}

func (s *Serializer) newEncoder(dst []byte) *encoder {
	e := encoderPool.Get().(*encoder)
	e.buf = dst
	e.s = s
	e.sortKeys = s.SortKeys
	e.ensureASCII = s.EnsureASCII
	e.custom = s.custom
	e.maxDepth = s.maxDepth()
	e.depth = 0
	return e
}

func (e *encoder) release() {
	clear(e.kvs[:cap(e.kvs)])
	e.kvs = e.kvs[:0]
	e.buf = nil
	e.s = nil
	encoderPool.Put(e)
}

// open starts a container, enforcing MaxDepth.
func (e *encoder) open(c byte) error {
	e.depth++
	if e.depth > e.maxDepth {
		return &pathErr{msg: "nesting deeper than MaxDepth (" + strconv.Itoa(e.maxDepth) + ")", err: ErrDepth}
	}
	e.buf = append(e.buf, c)
	return nil
}

func (e *encoder) close(c byte) {
	e.depth--
	e.buf = append(e.buf, c)
}

// value writes v with Flask's tagging applied.
func (e *encoder) value(v any) error {
	if e.custom {
		return e.valueOrdered(v)
	}
	if e.scalar(v) {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		return e.mapAny(x, true)
	case []any:
		return e.list(x, true)
	case Tuple:
		return e.tuple(x)
	case []byte:
		return e.bytesTag(x)
	case Markup:
		return e.tagged(" m", func() { e.buf = appendString(e.buf, string(x), e.ensureASCII) })
	case UUID:
		return e.tagged(" u", func() { e.buf = appendUUIDHex(e.buf, x) })
	case time.Time:
		return e.timeTag(x)
	case *big.Int:
		e.bigInt(x)
	case Ordered:
		return e.ordered(x, true)
	default:
		return e.other(v, true)
	}
	return nil
}

// raw writes v as Flask's JSON provider writes an untagged value: what a
// custom tag's ToJSON returns and what encoding/json produced for a struct.
func (e *encoder) raw(v any) error {
	if e.scalar(v) {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		return e.mapAny(x, false)
	case []any:
		return e.list(x, false)
	case Tuple:
		return e.list(x, false)
	case []byte:
		return unsupported("[]byte", "bytes are not JSON serializable outside a tag")
	case Markup:
		e.buf = appendString(e.buf, string(x), e.ensureASCII)
	case UUID:
		e.buf = appendString(e.buf, x.String(), e.ensureASCII)
	case time.Time:
		return e.httpDate(x)
	case *big.Int:
		e.bigInt(x)
	case Ordered:
		return e.ordered(x, false)
	default:
		return e.other(v, false)
	}
	return nil
}

// scalar writes v if it is null, a string, a bool or a number, which
// tagged and untagged values write alike, and reports whether it did.
func (e *encoder) scalar(v any) bool {
	switch x := v.(type) {
	case nil:
		e.buf = append(e.buf, "null"...)
	case string:
		e.buf = appendString(e.buf, x, e.ensureASCII)
	case bool:
		e.buf = strconv.AppendBool(e.buf, x)
	case int64:
		e.buf = strconv.AppendInt(e.buf, x, 10)
	case int:
		e.buf = strconv.AppendInt(e.buf, int64(x), 10)
	case float64:
		e.buf = appendFloat(e.buf, x)
	default:
		return false
	}
	return true
}

func (e *encoder) bigInt(x *big.Int) {
	if x == nil {
		e.buf = append(e.buf, "null"...)
		return
	}
	e.buf = x.Append(e.buf, 10)
}

// tagged writes {"<key>": <body>}.
func (e *encoder) tagged(key string, body func()) error {
	if err := e.open('{'); err != nil {
		return err
	}
	e.buf = appendString(e.buf, key, true)
	e.buf = append(e.buf, ':')
	body()
	e.close('}')
	return nil
}

func (e *encoder) bytesTag(b []byte) error {
	return e.tagged(" b", func() {
		e.buf = append(e.buf, '"')
		e.buf = base64.StdEncoding.AppendEncode(e.buf, b)
		e.buf = append(e.buf, '"')
	})
}

func appendUUIDHex(dst []byte, u UUID) []byte {
	dst = append(dst, '"')
	dst = hex.AppendEncode(dst, u[:])
	return append(dst, '"')
}

func (e *encoder) timeTag(t time.Time) error {
	if err := e.open('{'); err != nil {
		return err
	}
	e.buf = append(e.buf, `" d":`...)
	if err := e.httpDate(t); err != nil {
		return err
	}
	e.close('}')
	return nil
}

// httpDate writes werkzeug's http_date(t): UTC, seconds truncated.
func (e *encoder) httpDate(t time.Time) error {
	u := t.UTC()
	if y := u.Year(); y < 1 || y > 9999 {
		return unsupported("time.Time", "year "+strconv.Itoa(y)+" in UTC is outside Python's datetime range 1..9999")
	}
	e.buf = append(e.buf, '"')
	e.buf = u.AppendFormat(e.buf, "Mon, 02 Jan 2006 15:04:05 GMT")
	e.buf = append(e.buf, '"')
	return nil
}

func (e *encoder) list(x []any, tagged bool) error {
	if x == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if err := e.open('['); err != nil {
		return err
	}
	for i, item := range x {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		var err error
		if tagged {
			err = e.value(item)
		} else {
			err = e.raw(item)
		}
		if err != nil {
			return atKey(err, indexSeg(i))
		}
	}
	e.close(']')
	return nil
}

func (e *encoder) tuple(x Tuple) error {
	if err := e.open('{'); err != nil {
		return err
	}
	e.buf = append(e.buf, `" t":`...)
	if err := e.open('['); err != nil {
		return err
	}
	for i, item := range x {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := e.value(item); err != nil {
			return atKey(err, indexSeg(i))
		}
	}
	e.close(']')
	e.close('}')
	return nil
}

// diEscape writes {" di": {"<key>__": <value>}} for a one-key dict whose key
// is a registered tag (flask/json/tag.py TagDict).
func (e *encoder) diEscape(key string, v any) error {
	if err := e.open('{'); err != nil {
		return err
	}
	e.buf = append(e.buf, `" di":`...)
	if err := e.open('{'); err != nil {
		return err
	}
	e.buf = appendStringOpen(e.buf, key, e.ensureASCII)
	e.buf = append(e.buf, `__":`...)
	if err := e.value(v); err != nil {
		return atKey(err, keySeg(key))
	}
	e.close('}')
	e.close('}')
	return nil
}

func (e *encoder) mapAny(m map[string]any, tagged bool) error {
	if m == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if tagged && len(m) == 1 {
		for k, v := range m {
			if e.s.lookup(k) != nil {
				return e.diEscape(k, v)
			}
		}
	}
	base := len(e.kvs)
	for k, v := range m {
		e.kvs = append(e.kvs, Member{k, v})
	}
	members := e.kvs[base:]
	sortMembers(members)
	err := e.members(members, tagged)
	clear(e.kvs[base:])
	e.kvs = e.kvs[:base]
	return err
}

func (e *encoder) ordered(o Ordered, tagged bool) error {
	if o == nil {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	if tagged && len(o) == 1 && e.s.lookup(o[0].Key) != nil {
		return e.diEscape(o[0].Key, o[0].Value)
	}
	if !e.sortKeys {
		if dup, ok := duplicateKey(o); ok {
			return unsupported("tagjson.Ordered", "duplicate key "+strconv.Quote(dup))
		}
		return e.members(o, tagged)
	}
	base := len(e.kvs)
	e.kvs = append(e.kvs, o...)
	members := e.kvs[base:]
	sortMembers(members)
	var err error
	for i := 1; i < len(members); i++ {
		if members[i].Key == members[i-1].Key {
			err = unsupported("tagjson.Ordered", "duplicate key "+strconv.Quote(members[i].Key))
			break
		}
	}
	if err == nil {
		err = e.members(members, tagged)
	}
	clear(e.kvs[base:])
	e.kvs = e.kvs[:base]
	return err
}

func duplicateKey(o Ordered) (string, bool) {
	if len(o) <= 16 {
		for i := 1; i < len(o); i++ {
			for j := 0; j < i; j++ {
				if o[i].Key == o[j].Key {
					return o[i].Key, true
				}
			}
		}
		return "", false
	}
	seen := make(map[string]struct{}, len(o))
	for _, m := range o {
		if _, ok := seen[m.Key]; ok {
			return m.Key, true
		}
		seen[m.Key] = struct{}{}
	}
	return "", false
}

// members writes an object whose members are already in output order.
func (e *encoder) members(ms []Member, tagged bool) error {
	if err := e.open('{'); err != nil {
		return err
	}
	for i := range ms {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.buf = appendString(e.buf, ms[i].Key, e.ensureASCII)
		e.buf = append(e.buf, ':')
		var err error
		if tagged {
			err = e.value(ms[i].Value)
		} else {
			err = e.raw(ms[i].Value)
		}
		if err != nil {
			return atKey(err, keySeg(ms[i].Key))
		}
	}
	e.close('}')
	return nil
}

// sortMembers sorts by key bytes, which for UTF-8 (and WTF-8) strings is
// Python's code point order.
func sortMembers(ms []Member) {
	if len(ms) <= 12 {
		for i := 1; i < len(ms); i++ {
			for j := i; j > 0 && ms[j].Key < ms[j-1].Key; j-- {
				ms[j], ms[j-1] = ms[j-1], ms[j]
			}
		}
		return
	}
	slices.SortFunc(ms, func(a, b Member) int { return strings.Compare(a.Key, b.Key) })
}
