package tagjson

import (
	"math/big"
	"strconv"
	"sync"
	"unicode/utf8"
)

// wholeLimit is the input size up to which decoded strings share one copy of
// the input (one allocation for every unescaped string in a cookie-sized
// document). Larger inputs get a copy per string, so that keeping one small
// string does not keep a large input alive.
const wholeLimit = 16 << 10

// decoder is a recursive-descent parser for the JSON that Python's
// json.loads accepts, fused with Flask's untag scan (R2.10): an object is
// untagged as soon as its members are parsed, which is the scan's
// depth-first, values-before-the-object order.
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
}

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
			clear(d.vals[base:])
			d.vals = d.vals[:base]
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
		clear(d.vals[base:])
		d.vals = d.vals[:base]
		return nil, d.syntax("expecting ',' delimiter")
	}
	d.depth--
	out := make([]any, len(d.vals)-base)
	copy(out, d.vals[base:])
	clear(d.vals[base:])
	d.vals = d.vals[:base]
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
	v, err := d.finishObject(d.kvs[base:])
	d.dropMembers(base)
	return v, err
}

func (d *decoder) dropMembers(base int) {
	clear(d.kvs[base:])
	d.kvs = d.kvs[:base]
}

// finishObject builds the object from its members (a duplicate key keeps
// its first position and its last value, as a Python dict does), then
// untags it.
func (d *decoder) finishObject(ms []Member) (any, error) {
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
		return o, nil
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
	return m, nil
}

// str parses a string starting at the opening quote.
func (d *decoder) str() (string, error) {
	data := d.data
	start := d.pos + 1
	for i := start; i < len(data); {
		if i+8 <= len(data) && plainWord(load64b(data, i), true) {
			i += 8
			continue
		}
		c := data[i]
		if strPlain[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			d.pos = i + 1
			return d.sub(start, i), nil
		case c == '\\':
			return d.strEscaped(start, i)
		case c < 0x20:
			d.pos = i
			return "", d.syntax("invalid control character in string")
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				d.pos = i
				return "", d.syntax("invalid UTF-8")
			}
			i += size
		}
	}
	d.pos = len(data)
	return "", d.syntax("unterminated string")
}

// strPlain marks the bytes that stand for themselves inside a string.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (d *decoder) sub(i, j int) string {
	if !d.useWhole {
		return string(d.data[i:j])
	}
	if d.whole == "" {
		d.whole = string(d.data)
	}
	return d.whole[i:j]
}

// strEscaped finishes a string that contains a backslash at i. Lone
// surrogate escapes are kept as WTF-8 bytes (see the package docs).
func (d *decoder) strEscaped(start, i int) (string, error) {
	data := d.data
	buf := append(d.scratch[:0], data[start:i]...)
	defer func() { d.scratch = buf[:0] }()
	for i < len(data) {
		c := data[i]
		switch {
		case strPlain[c]:
			buf = append(buf, c)
			i++
		case c == '"':
			d.pos = i + 1
			return string(buf), nil
		case c == '\\':
			if i+1 >= len(data) {
				d.pos = i
				return "", d.syntax("unterminated string")
			}
			e := data[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := hex4(data, i)
				if !ok {
					d.pos = i - 1
					return "", d.syntax("invalid \\uXXXX escape")
				}
				i += 4
				if r >= 0xd800 && r < 0xdc00 && i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
					r2, ok := hex4(data, i+2)
					if !ok {
						d.pos = i + 1
						return "", d.syntax("invalid \\uXXXX escape")
					}
					if r2 >= 0xdc00 && r2 < 0xe000 {
						r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
						i += 6
					}
				}
				buf = appendWTF8(buf, r)
			default:
				d.pos = i - 2
				return "", d.syntax("invalid \\escape")
			}
		case c < 0x20:
			d.pos = i
			return "", d.syntax("invalid control character in string")
		default:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				d.pos = i
				return "", d.syntax("invalid UTF-8")
			}
			buf = append(buf, data[i:i+size]...)
			i += size
		}
	}
	d.pos = len(data)
	return "", d.syntax("unterminated string")
}

func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// number parses Python's JSON number grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?: an int (int64, or *big.Int
// when it does not fit) unless it has a fraction or exponent (float64).
func (d *decoder) number() (any, error) {
	data := d.data
	start := d.pos
	i := start
	if data[i] == '-' {
		i++
	}
	digitsStart := i
	if i >= len(data) || data[i] < '0' || data[i] > '9' {
		return nil, d.syntax("expecting value")
	}
	if data[i] == '0' {
		i++
	} else {
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	intEnd := i
	isFloat := false
	if i+1 < len(data) && data[i] == '.' && data[i+1] >= '0' && data[i+1] <= '9' {
		isFloat = true
		i += 2
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		j := i + 1
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if j < len(data) && data[j] >= '0' && data[j] <= '9' {
			isFloat = true
			for j < len(data) && data[j] >= '0' && data[j] <= '9' {
				j++
			}
			i = j
		}
	}
	d.pos = i
	if isFloat {
		f, err := strconv.ParseFloat(d.numText(start, i), 64)
		if err != nil && f == 0 && !isRangeErr(err) {
			return nil, &SyntaxError{Offset: start, Msg: "bad number", Kind: ErrSyntax}
		}
		return f, nil
	}
	nd := intEnd - digitsStart
	if nd <= 18 {
		var n int64
		for _, c := range data[digitsStart:intEnd] {
			n = n*10 + int64(c-'0')
		}
		if digitsStart > start {
			n = -n
		}
		return n, nil
	}
	if d.maxIntDigits >= 0 && nd > d.maxIntDigits {
		return nil, &SyntaxError{Offset: start, Msg: "integer literal with " + strconv.Itoa(nd) + " digits exceeds MaxIntDigits (" + strconv.Itoa(d.maxIntDigits) + ")", Kind: ErrIntTooLong}
	}
	text := d.numText(start, i)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	b, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return nil, &SyntaxError{Offset: start, Msg: "bad number", Kind: ErrSyntax}
	}
	return b, nil
}

func (d *decoder) numText(i, j int) string {
	if d.useWhole {
		return d.sub(i, j)
	}
	return string(d.data[i:j])
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// parseNumberToken parses a complete JSON number (for json.Number).
func parseNumberToken(s string) (any, error) {
	d := decoder{data: []byte(s), maxDepth: 1, maxIntDigits: -1}
	d.skipWS()
	if d.pos >= len(d.data) || !(d.data[d.pos] == '-' || d.data[d.pos] >= '0' && d.data[d.pos] <= '9') {
		return nil, ErrSyntax
	}
	return d.decode()
}
