package tagjson

import (
	"strconv"
	"sync"
)

// wholeLimit is the input size up to which decoded strings share one copy of
// the input (one allocation for every unescaped string in a cookie-sized
// document). Larger inputs get a copy per string, so that keeping one small
// string does not keep a large input alive.
const wholeLimit = 16 << 10

// decoder is a recursive-descent parser for the JSON that Python's
// json.loads accepts, fused with Flask's untag scan (flask/json/tag.py
// TaggedJSONSerializer._untag_scan): an object is
// untagged as soon as its members are parsed, which is the scan's
// depth-first, values-before-the-object order.
//
// Flask parses the whole text before it untags anything, so a tag that fails
// must not stop the parse: a JSON error later in the text wins, and a failed
// value that a later duplicate key replaces is never untagged at all (see
// untagFailure).
type decoder struct {
	data          []byte
	whole         string
	useWhole      bool
	pos           int
	depth         int
	maxDepth      int
	maxIntDigits  int         // negative: unlimited
	s             *Serializer // nil: plain JSON, no untagging
	preserveOrder bool

	kvs     []Member // member stack of the objects being parsed
	vals    []any    // item stack of the arrays being parsed
	scratch []byte   // unescaped string being built

	// order holds the keys, in source order and without duplicates, of the
	// object value returned last, when orderOK; Flask's " di" and " t" tags
	// depend on dict insertion order, which a Go map forgets.
	order   []string
	orderOK bool

	// failed is set once an untagFailure has been made; until then no
	// container needs to look for one among its items.
	failed bool
}

// untagFailure stands, in the tree being built, for a value whose untagging
// failed. An array or object that holds one becomes one itself (the first in
// Flask's scan order), unless a later duplicate key replaces it, as
// json.loads keeps only the last value of a key before Flask's scan runs.
// What reaches the top is the error Flask raises.
type untagFailure struct{ err error }

var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

func (s *Serializer) getDecoder(data []byte) *decoder {
	d := decoderPool.Get().(*decoder)
	d.data = data
	d.s = s
	d.maxDepth = s.maxDepth()
	d.maxIntDigits = s.maxIntDigits()
	d.preserveOrder = s.PreserveOrder
	return d
}

func (d *decoder) release() {
	clear(d.order[:cap(d.order)])
	d.order = d.order[:0]
	d.data, d.whole, d.useWhole, d.s = nil, "", false, nil
	d.pos, d.depth = 0, 0
	d.failed = false
	if cap(d.scratch) > 64<<10 {
		d.scratch = nil
	}
	decoderPool.Put(d)
}

// decode parses the whole input as one JSON document.
func (d *decoder) decode() (any, error) {
	if len(d.data) <= wholeLimit {
		d.useWhole = true
	}
	d.skipWS()
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	d.skipWS()
	if d.pos != len(d.data) {
		return nil, d.syntax("extra data after the JSON value")
	}
	if f, ok := v.(*untagFailure); ok {
		return nil, f.err
	}
	return v, nil
}

func (d *decoder) syntax(msg string) error {
	return &SyntaxError{Offset: d.pos, Msg: msg, Kind: ErrSyntax}
}

// skipWS skips JSON whitespace: Python accepts exactly space, \t, \n, \r.
func (d *decoder) skipWS() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value() (any, error) {
	d.orderOK = false
	if d.pos >= len(d.data) {
		return nil, d.syntax("expecting value")
	}
	switch c := d.data[d.pos]; c {
	case '{':
		return d.object()
	case '[':
		return d.array()
	case '"':
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		return s, nil
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	case 'N':
		return nan, d.literal("NaN")
	case 'I':
		return posInf, d.literal("Infinity")
	case '-':
		if d.pos+1 < len(d.data) && d.data[d.pos+1] == 'I' {
			return negInf, d.literal("-Infinity")
		}
		return d.number()
	default:
		if c >= '0' && c <= '9' {
			return d.number()
		}
	}
	return nil, d.syntax("expecting value")
}

func (d *decoder) literal(lit string) error {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		return d.syntax("expecting value")
	}
	d.pos += len(lit)
	return nil
}

func (d *decoder) enter() error {
	d.depth++
	if d.depth > d.maxDepth {
		return &SyntaxError{Offset: d.pos, Msg: "nesting deeper than MaxDepth (" + strconv.Itoa(d.maxDepth) + ")", Kind: ErrDepth}
	}
	return nil
}

func (d *decoder) array() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++
	d.skipWS()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		d.orderOK = false
		return []any{}, nil
	}
	base := len(d.vals)
	for {
		v, err := d.value()
		if err != nil {
			d.dropValues(base)
			return nil, err
		}
		d.vals = append(d.vals, v)
		d.skipWS()
		if d.pos < len(d.data) {
			c := d.data[d.pos]
			if c == ',' {
				d.pos++
				d.skipWS()
				continue
			}
			if c == ']' {
				d.pos++
				break
			}
		}
		d.dropValues(base)
		return nil, d.syntax("expecting ',' delimiter")
	}
	d.depth--
	if d.failed {
		for _, v := range d.vals[base:] {
			if f, ok := v.(*untagFailure); ok {
				d.dropValues(base)
				d.orderOK = false
				return f, nil
			}
		}
	}
	out := make([]any, len(d.vals)-base)
	copy(out, d.vals[base:])
	d.dropValues(base)
	d.orderOK = false
	return out, nil
}

func (d *decoder) object() (any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++
	d.skipWS()
	base := len(d.kvs)
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
	} else {
		for {
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.dropMembers(base)
				return nil, d.syntax("expecting property name enclosed in double quotes")
			}
			key, err := d.str()
			if err != nil {
				d.dropMembers(base)
				return nil, err
			}
			d.skipWS()
			if d.pos >= len(d.data) || d.data[d.pos] != ':' {
				d.dropMembers(base)
				return nil, d.syntax("expecting ':' delimiter")
			}
			d.pos++
			d.skipWS()
			v, err := d.value()
			if err != nil {
				d.dropMembers(base)
				return nil, err
			}
			d.kvs = append(d.kvs, Member{key, v})
			d.skipWS()
			if d.pos < len(d.data) {
				c := d.data[d.pos]
				if c == ',' {
					d.pos++
					d.skipWS()
					continue
				}
				if c == '}' {
					d.pos++
					break
				}
			}
			d.dropMembers(base)
			return nil, d.syntax("expecting ',' delimiter")
		}
	}
	d.depth--
	if d.failed {
		if f := survivingFailure(d.kvs[base:]); f != nil {
			d.dropMembers(base)
			d.orderOK = false
			return f, nil
		}
	}
	v := d.finishObject(d.kvs[base:])
	d.dropMembers(base)
	return v, nil
}

// survivingFailure returns the first untagFailure, in the order Flask's scan
// visits the dict json.loads builds (keys by first appearance, each with its
// last value), or nil when every failure was replaced by a later duplicate
// key.
func survivingFailure(ms []Member) *untagFailure {
	found := false
	for i := range ms {
		if _, ok := ms[i].Value.(*untagFailure); ok {
			found = true
			break
		}
	}
	if !found {
		return nil
	}
	last := make(map[string]int, len(ms))
	for i := range ms {
		last[ms[i].Key] = i
	}
	for i := range ms {
		j, ok := last[ms[i].Key]
		if !ok {
			continue // a duplicate of a key already visited
		}
		delete(last, ms[i].Key)
		if f, ok := ms[j].Value.(*untagFailure); ok {
			return f
		}
	}
	return nil
}

// dropValues discards the array items from base on, clearing them so that
// the reused stack keeps no pointer to them.
func (d *decoder) dropValues(base int) {
	clear(d.vals[base:])
	d.vals = d.vals[:base]
}

func (d *decoder) dropMembers(base int) {
	clear(d.kvs[base:])
	d.kvs = d.kvs[:base]
}

// finishObject builds the object from its members (a duplicate key keeps
// its first position and its last value, as a Python dict does), then
// untags it. No surviving member holds an untagFailure.
func (d *decoder) finishObject(ms []Member) any {
	n := len(ms)
	if n > 0 && d.s != nil {
		single := true
		for i := 1; i < n; i++ {
			if ms[i].Key != ms[0].Key {
				single = false
				break
			}
		}
		if single {
			if t := d.s.lookup(ms[0].Key); t != nil {
				// The inner value was the last one parsed, so d.order
				// still describes it.
				return d.untag(t, ms[0].Key, ms[n-1].Value)
			}
		}
	}
	if d.preserveOrder {
		o := make(Ordered, 0, n)
		var index map[string]int
		for _, m := range ms {
			if index == nil && len(o) < 16 {
				found := false
				for i := range o {
					if o[i].Key == m.Key {
						o[i].Value = m.Value
						found = true
						break
					}
				}
				if !found {
					o = append(o, m)
				}
				continue
			}
			if index == nil {
				index = make(map[string]int, n)
				for i := range o {
					index[o[i].Key] = i
				}
			}
			if i, ok := index[m.Key]; ok {
				o[i].Value = m.Value
			} else {
				index[m.Key] = len(o)
				o = append(o, m)
			}
		}
		d.order = d.order[:0]
		for i := range o {
			d.order = append(d.order, o[i].Key)
		}
		d.orderOK = true
		return o
	}
	m := make(map[string]any, n)
	for _, kv := range ms {
		m[kv.Key] = kv.Value
	}
	d.order = d.order[:0]
	if len(m) == n {
		for _, kv := range ms {
			d.order = append(d.order, kv.Key)
		}
	} else {
		seen := make(map[string]struct{}, len(m))
		for _, kv := range ms {
			if _, dup := seen[kv.Key]; !dup {
				seen[kv.Key] = struct{}{}
				d.order = append(d.order, kv.Key)
			}
		}
	}
	d.orderOK = true
	return m
}
