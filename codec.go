package flasksession

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// codec turns a session mapping into a cookie value and back, as Flask's
// SecureCookieSessionInterface does (flask/sessions.py): tagged JSON,
// signed by an itsdangerous URLSafeTimedSerializer.
type codec struct {
	ser         *itsdangerous.URLSafeTimedSerializer
	tj          *tagjson.Serializer
	maxAge      time.Duration
	maxValueLen int  // MaxCookieValueLen resolved: math.MaxInt for no limit
	ordered     bool // the serializer keeps insertion order (sort_keys=False)

	orderOnce sync.Once
	tjOrdered *tagjson.Serializer // tj decoding objects as tagjson.Ordered
}

func newCodec(m *Manager, now func() time.Time) (*codec, error) {
	// get_signing_serializer passes [*fallbacks, secret]; itsdangerous
	// signs with the last and verifies newest first.
	keys := make([][]byte, 0, len(m.SecretKeyFallbacks)+1)
	for _, k := range m.SecretKeyFallbacks {
		keys = append(keys, []byte(k))
	}
	keys = append(keys, []byte(m.SecretKey))
	digest := m.Digest
	if digest == nil {
		digest = sha1.New
	}
	kd := m.KeyDerivation
	if kd == "" {
		kd = itsdangerous.DerivationHMAC
	}
	salt := m.Salt
	if salt == "" {
		salt = DefaultSalt
	}
	opts := []itsdangerous.Option{
		itsdangerous.WithSalt(salt),
		itsdangerous.WithKeyDerivation(kd),
		itsdangerous.WithDigest(digest),
		itsdangerous.WithClock(now),
		itsdangerous.WithClockSkew(m.ClockSkew),
	}
	opts = append(opts, itsdangerous.WithMaxDecompressedSize(limit(m.MaxDecompressedSize, DefaultMaxDecompressedSize)))
	ser, err := itsdangerous.NewURLSafeTimedSerializer(keys, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	// A copy, so that the Manager's bounds apply without changing the
	// caller's Serializer (a copy clones its tags before registering any).
	tj := tagjson.NewSerializer()
	if m.Serializer != nil {
		*tj = *m.Serializer
	}
	tj.MaxDepth = limit(m.MaxDepth, DefaultMaxDepth)
	tj.MaxIntDigits = limit(m.MaxIntDigits, DefaultMaxIntDigits)
	maxValueLen := limit(m.MaxCookieValueLen, DefaultMaxCookieValueLen)
	if maxValueLen < 0 {
		maxValueLen = math.MaxInt
	}
	return &codec{
		ser:         ser,
		tj:          tj,
		maxAge:      m.Lifetime.Truncate(time.Second), // open_session's int(total_seconds()) truncates
		maxValueLen: maxValueLen,
		ordered:     !tj.SortKeys,
	}, nil
}

// appendToken appends the signed cookie value for values to dst.
func (c *codec) appendToken(dst []byte, values any) ([]byte, error) {
	jp := bufPool.Get().(*[]byte)
	js, err := c.tj.AppendMarshal((*jp)[:0], values)
	if err != nil {
		putBuf(jp, js)
		return dst, wrap(ErrEncode, err)
	}
	dst = c.ser.AppendSignedPayload(dst, js)
	putBuf(jp, js)
	return dst, nil
}

// putBuf returns buf, last used as b, to bufPool, unless it grew past 64
// KiB: a rare huge session should not pin its buffer for every request.
func putBuf(bp *[]byte, b []byte) {
	if cap(b) <= 64<<10 {
		*bp = b[:0]
		bufPool.Put(bp)
	}
}

// decode opens a cookie value given as text, as request.cookies holds it
// (DecodeCookie's argument). On any error it returns nil values (an empty
// session) and an error matching ErrCookieValueTooLong, ErrInvalidCookie
// or ErrUndecodable. With wantOrder it also returns the keys in the
// payload's order. The payload is decoded into *tmp, which the caller
// clears afterwards (a pointer into a value already on the heap spares the
// decode an allocation).
func (c *codec) decode(value string, wantOrder bool, tmp *any) (map[string]any, []string, error) {
	if len(value) > c.maxValueLen {
		return nil, nil, fmt.Errorf("%w: %d bytes, limit %d (MaxCookieValueLen)", ErrCookieValueTooLong, len(value), c.maxValueLen)
	}
	// The token goes into a pooled buffer rather than a new slice.
	tp := bufPool.Get().(*[]byte)
	return c.open(tp, append((*tp)[:0], value...), wantOrder, tmp)
}

// decodeSent is decode for a cookie value as sent in the Cookie header
// (see appendCookieText), which is checked against MaxCookieValueLen
// before it is unquoted, and while it is.
func (c *codec) decodeSent(raw string, wantOrder bool, tmp *any) (map[string]any, []string, error) {
	tp := bufPool.Get().(*[]byte)
	token, ok := appendCookieText((*tp)[:0], raw, c.maxValueLen)
	if !ok {
		putBuf(tp, token)
		return nil, nil, fmt.Errorf("%w: %d bytes as sent, limit %d (MaxCookieValueLen)", ErrCookieValueTooLong, len(raw), c.maxValueLen)
	}
	if len(token) == 0 { // "" quoted: Flask's open_session finds no value
		putBuf(tp, token)
		return nil, nil, nil
	}
	return c.open(tp, token, wantOrder, tmp)
}

// open verifies and decodes token, held in the pooled buffer *tp.
func (c *codec) open(tp *[]byte, token []byte, wantOrder bool, tmp *any) (map[string]any, []string, error) {
	// The payload goes into a pooled buffer too. Errors may share the
	// token's memory (BadSignatureError.Payload), so its buffer is
	// recycled only on success.
	pp := bufPool.Get().(*[]byte)
	payload, _, err := c.ser.AppendVerifyPayload((*pp)[:0], token, c.maxAge)
	if err == nil {
		putBuf(tp, token)
	}
	if err != nil {
		putBuf(pp, payload)
		if errors.Is(err, itsdangerous.ErrBadSignature) {
			return nil, nil, wrap(ErrInvalidCookie, err)
		}
		return nil, nil, wrap(ErrUndecodable, err)
	}
	// tagjson copies what it keeps, so the payload buffer is recycled even
	// when decoding fails.
	m, order, err := c.payloadToDict(payload, wantOrder, tmp)
	putBuf(pp, payload)
	return m, order, err
}

// payloadToDict decodes a verified payload into *tmp and makes the session
// mapping of it, as Flask's open_session does after loads.
func (c *codec) payloadToDict(payload []byte, wantOrder bool, tmp *any) (map[string]any, []string, error) {
	if err := c.tj.Unmarshal(payload, tmp); err != nil {
		return nil, nil, wrap(ErrUndecodable, err)
	}
	if !c.tj.PreserveOrder && hasObjectItem(*tmp) {
		// dict() pairs the keys of a two-key object in the order they
		// are written, which a map does not keep: decode again, keeping
		// it (rare: only payloads that are lists of objects).
		o := c.orderedSerializer()
		if err := o.Unmarshal(payload, tmp); err != nil {
			return nil, nil, wrap(ErrUndecodable, err)
		}
	}
	m, order, err := toDict(*tmp, wantOrder)
	if err != nil {
		return nil, nil, wrap(ErrUndecodable, err)
	}
	return m, order, nil
}

// orderedSerializer returns c.tj set to decode objects as tagjson.Ordered.
func (c *codec) orderedSerializer() *tagjson.Serializer {
	c.orderOnce.Do(func() {
		o := *c.tj
		o.PreserveOrder = true
		c.tjOrdered = &o
	})
	return c.tjOrdered
}

// hasObjectItem reports whether v is a list or tuple holding an object.
func hasObjectItem(v any) bool {
	items, _ := sequence(v)
	for _, e := range items {
		if _, ok := e.(map[string]any); ok {
			return true
		}
	}
	return false
}

// toDict is what Flask's open_session makes of the loaded payload:
// SecureCookieSession(data), which is dict(data) unless data is None (an
// empty session). A mapping is taken as it is; anything else goes through
// dictFromIterable. Where dict() raises, Flask answers 500 and toDict
// fails. With wantOrder it also returns the keys in the payload's order.
// Two-key objects inside a list only pair up in their written order when
// v was decoded with order kept (see codec.open).
func toDict(v any, wantOrder bool) (map[string]any, []string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil, nil
	case map[string]any:
		if !wantOrder {
			return v, nil, nil
		}
		order := make([]string, 0, len(v))
		for k := range v {
			order = append(order, k)
		}
		sort.Strings(order)
		return v, order, nil
	case tagjson.Ordered:
		m := make(map[string]any, len(v))
		var order []string
		for _, mem := range v {
			if _, dup := m[mem.Key]; !dup && wantOrder {
				order = append(order, mem.Key)
			}
			m[mem.Key] = mem.Value
		}
		return m, order, nil
	}
	return dictFromIterable(v, wantOrder)
}

// dictFromIterable is Python's dict(iterable) on a payload that is not a
// mapping. dict() takes each item of a list or tuple as a (key, value)
// pair if it iterates to exactly two things: a two-item list or tuple its
// items, a two-key object its keys, a two-character str or Markup its
// characters (as plain str), two bytes their ints; later pairs win. An
// empty str or bytes iterates to nothing: an empty session. Other
// payloads (numbers, non-empty str or bytes at the top) make dict() raise.
//
// Keys that are not strings are kept as the text json.dumps gives them
// (1, 1.5, true, null), which is what Flask's cookie holds once it saves
// the session again: Python's equal keys (1, 1.0, True) are one key, the
// first one written naming it. A payload whose keys Flask could load but
// never save again (TaggedJSONSerializer.dumps sorts them: str next to
// non-str, or None next to anything; json.dumps refuses tuple, bytes, UUID
// and datetime keys) is refused as well, since the Go session could not
// keep them apart either.
func dictFromIterable(v any, wantOrder bool) (map[string]any, []string, error) {
	items, ok := sequence(v)
	if !ok {
		switch v := v.(type) {
		case string, tagjson.Markup:
			if reflect.ValueOf(v).Len() == 0 {
				return nil, nil, nil
			}
			return nil, nil, errors.New("session payload is a str: dict() takes each character as a sequence of length 1, where 2 is required")
		case []byte:
			if len(v) == 0 {
				return nil, nil, nil
			}
			return nil, nil, errors.New("session payload is bytes: dict() cannot convert its element #0 (an int) to a sequence")
		}
		return nil, nil, fmt.Errorf("session payload is %s, not a mapping or a sequence of pairs", tagjson.TypeName(v))
	}
	d := dictBuilder{m: make(map[string]any, len(items)), wantOrder: wantOrder}
	for i, e := range items {
		k, val, n := pairOf(e)
		if n < 0 {
			return nil, nil, fmt.Errorf("session payload element #%d is %s: dict() cannot convert it to a sequence", i, tagjson.TypeName(e))
		}
		if n != 2 {
			return nil, nil, fmt.Errorf("session payload element #%d has length %d; 2 is required", i, n)
		}
		if err := d.add(k, val); err != nil {
			return nil, nil, err
		}
	}
	if d.strKeys > 0 && d.otherKeys > 0 || d.none && len(d.m) > 1 {
		return nil, nil, errors.New("session payload pairs mix keys that Flask cannot sort when it saves the session (str with non-str, or None with others)")
	}
	return d.m, d.order, nil
}

// sequence returns the items of a list or tuple.
func sequence(v any) ([]any, bool) {
	switch v := v.(type) {
	case []any:
		return v, true
	case tagjson.Tuple:
		return v, true
	}
	return nil, false
}

// pairOf returns what e iterates to when it iterates to two things, and
// how many things it iterates to (-1: not iterable).
func pairOf(e any) (k, v any, n int) {
	switch e := e.(type) {
	case []any:
		if len(e) == 2 {
			return e[0], e[1], 2
		}
		return nil, nil, len(e)
	case tagjson.Tuple:
		if len(e) == 2 {
			return e[0], e[1], 2
		}
		return nil, nil, len(e)
	case tagjson.Ordered:
		if len(e) == 2 {
			return e[0].Key, e[1].Key, 2
		}
		return nil, nil, len(e)
	case map[string]any:
		// Reached only for an unordered decode; the pair then follows
		// the keys' code point order.
		if len(e) != 2 {
			return nil, nil, len(e)
		}
		keys := make([]string, 0, 2)
		for k := range e {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys[0], keys[1], 2
	case tagjson.Markup:
		return pairOf(string(e))
	case string:
		// Code points, counted as the lead bytes of UTF-8 (or WTF-8, for
		// lone surrogates).
		n, split := 0, 0
		for i := 0; i < len(e); i++ {
			if e[i]&0xc0 != 0x80 {
				n++
				if n == 2 {
					split = i
				}
			}
		}
		if n == 2 {
			return e[:split], e[split:], 2
		}
		return nil, nil, n
	case []byte:
		if len(e) == 2 {
			return int64(e[0]), int64(e[1]), 2
		}
		return nil, nil, len(e)
	}
	return nil, nil, -1
}

// dictBuilder collects the pairs of dictFromIterable.
type dictBuilder struct {
	m         map[string]any
	order     []string
	wantOrder bool
	numeric   map[string]string // Python value of a numeric key -> its text
	strKeys   int
	otherKeys int
	none      bool
}

func (d *dictBuilder) add(k, v any) error {
	var text string
	switch k := k.(type) {
	case string:
		text = k
		if _, seen := d.m[text]; !seen {
			d.strKeys++
		}
	case tagjson.Markup:
		text = string(k)
		if _, seen := d.m[text]; !seen {
			d.strKeys++
		}
	case nil, bool, int64, *big.Int, float64:
		id, t := numericKey(k)
		if have, seen := d.numeric[id]; seen {
			text = have
		} else {
			if d.numeric == nil {
				d.numeric = make(map[string]string)
			}
			d.numeric[id], text = t, t
			d.otherKeys++
			d.none = d.none || k == nil
		}
	case []any, map[string]any, tagjson.Ordered:
		return fmt.Errorf("session payload key is %s, which Python cannot hash", tagjson.TypeName(k))
	default:
		return fmt.Errorf("session payload key is %s; Flask loads it but cannot save it (json.dumps keys must be str, int, float, bool or None)", tagjson.TypeName(k))
	}
	if _, dup := d.m[text]; !dup && d.wantOrder {
		d.order = append(d.order, text)
	}
	d.m[text] = v
	return nil
}

// numericKey returns, for a None, bool, int or float dict key, an id
// equal for keys Python takes as equal (1 == 1.0 == True; json.loads
// gives every NaN as the same object) and the text json.dumps writes for
// the key.
func numericKey(k any) (id, text string) {
	switch k := k.(type) {
	case nil:
		return "None", "null"
	case bool:
		if k {
			return "1", "true"
		}
		return "0", "false"
	case int64:
		s := strconv.FormatInt(k, 10)
		return s, s
	case *big.Int:
		s := k.String()
		return s, s
	}
	f := k.(float64)
	text = string(pyrepr.AppendFloat(nil, f))
	switch {
	case math.IsNaN(f):
		return "nan", "NaN"
	case math.IsInf(f, 1):
		return "inf", "Infinity"
	case math.IsInf(f, -1):
		return "-inf", "-Infinity"
	case f == math.Trunc(f):
		i, _ := big.NewFloat(f).Int(nil)
		return i.String(), text
	}
	return "f" + text, text
}

// EncodeCookie returns the cookie value Flask would write for values now
// (signed with SecretKey, timestamped with Now), without HTTP: for tests,
// websockets, or handing a session to another service. It fails with
// ErrNoSecretKey, ErrConfig or ErrEncode.
func (m *Manager) EncodeCookie(values map[string]any) (string, error) {
	st, err := m.state()
	if err != nil {
		return "", err
	}
	if st.null {
		return "", ErrNoSecretKey
	}
	b, err := st.codec.appendToken(nil, values)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// DecodeCookie verifies and decodes a cookie value (not a Cookie header:
// the value after "session=", as [CookieValue] returns it) as Flask's
// open_session does, with the same key list and maximum age; an empty
// value is an empty session. A payload that is a list or tuple of pairs
// becomes a mapping as Python's dict() makes it, keys that are numbers,
// booleans or None written as json.dumps writes them; a payload Flask
// could not load, or could not save again, is an error. It fails with
// ErrNoSecretKey, ErrConfig, ErrCookieValueTooLong, ErrInvalidCookie or
// ErrUndecodable.
func (m *Manager) DecodeCookie(value string) (map[string]any, error) {
	st, err := m.state()
	if err != nil {
		return nil, err
	}
	if st.null {
		return nil, ErrNoSecretKey
	}
	if value == "" {
		return map[string]any{}, nil // as Flask treats an empty cookie
	}
	var tmp any
	v, _, err := st.codec.decode(value, false, &tmp)
	if v == nil && err == nil {
		v = map[string]any{}
	}
	return v, err
}

// DecodePayload turns a verified session payload (the tagged JSON inside a
// cookie value, decompressed) into the session mapping as Flask's
// open_session does: tagged JSON with the Manager's Serializer and bounds,
// then dict() (a list of pairs becomes a mapping; see DecodeCookie for
// what Flask accepts). It fails with ErrNoSecretKey, ErrConfig or ErrUndecodable; null is
// an empty session.
func (m *Manager) DecodePayload(payload []byte) (map[string]any, error) {
	st, err := m.state()
	if err != nil {
		return nil, err
	}
	if st.null {
		return nil, ErrNoSecretKey
	}
	var tmp any
	v, _, err := st.codec.payloadToDict(payload, false, &tmp)
	if v == nil && err == nil {
		v = map[string]any{}
	}
	return v, err
}
