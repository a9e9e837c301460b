package flasksession

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// codec turns a session mapping into a cookie value and back, as Flask's
// SecureCookieSessionInterface does: tagged JSON, signed by an
// itsdangerous URLSafeTimedSerializer (R3.1-R3.3).
type codec struct {
	ser         *itsdangerous.URLSafeTimedSerializer
	tj          *tagjson.Serializer
	maxAge      time.Duration
	maxValueLen int
	ordered     bool // the serializer keeps insertion order (sort_keys=False)
}

func newCodec(m *Manager, now func() time.Time) (*codec, error) {
	// R3.2: [*fallbacks, secret]; itsdangerous signs with the last and
	// verifies newest first.
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
	opts := []itsdangerous.Option{
		itsdangerous.WithSalt(m.Salt),
		itsdangerous.WithKeyDerivation(kd),
		itsdangerous.WithDigest(digest),
		itsdangerous.WithClock(now),
		itsdangerous.WithClockSkew(m.ClockSkew),
	}
	if m.MaxDecompressedSize > 0 {
		opts = append(opts, itsdangerous.WithMaxDecompressedSize(m.MaxDecompressedSize))
	} else {
		opts = append(opts, itsdangerous.WithMaxDecompressedSize(1<<31-1))
	}
	ser, err := itsdangerous.NewURLSafeTimedSerializer(keys, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	tj := m.Serializer
	if tj == nil {
		tj = tagjson.NewSerializer()
		tj.MaxDepth = m.MaxDepth
		tj.MaxIntDigits = m.MaxIntDigits
	}
	return &codec{
		ser:         ser,
		tj:          tj,
		maxAge:      m.Lifetime.Truncate(time.Second), // R3.5: int(total_seconds()) truncates
		maxValueLen: m.MaxCookieValueLen,
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
	if c.maxValueLen > 0 && len(value) > c.maxValueLen {
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
	limit := -1
	if c.maxValueLen > 0 {
		limit = c.maxValueLen
	}
	tp := bufPool.Get().(*[]byte)
	token, ok := appendCookieText((*tp)[:0], raw, limit)
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
	err = c.tj.Unmarshal(payload, tmp)
	putBuf(pp, payload)
	if err != nil {
		return nil, nil, wrap(ErrUndecodable, err)
	}
	m, order, err := toDict(*tmp, wantOrder)
	if err != nil {
		return nil, nil, wrap(ErrUndecodable, err)
	}
	return m, order, nil
}

// toDict is Python's dict(data) applied to the decoded payload (R3.8):
// null gives an empty session, a mapping is taken as it is, and a list or
// tuple of pairs gives a mapping (later pairs win). Anything else fails
// as it does in Flask. Keys must be strings (or Markup): a Go session
// cannot hold Python's other hashable keys.
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
	case []any:
		return pairsToDict(v, wantOrder)
	case tagjson.Tuple:
		return pairsToDict(v, wantOrder)
	}
	return nil, nil, fmt.Errorf("flasksession: session payload is %s, not a mapping", pyTypeName(v))
}

func pairsToDict(list []any, wantOrder bool) (map[string]any, []string, error) {
	m := make(map[string]any, len(list))
	var order []string
	for i, e := range list {
		var k, val any
		switch e := e.(type) {
		case []any:
			if len(e) != 2 {
				return nil, nil, fmt.Errorf("flasksession: session payload element %d has length %d; 2 is required", i, len(e))
			}
			k, val = e[0], e[1]
		case tagjson.Tuple:
			if len(e) != 2 {
				return nil, nil, fmt.Errorf("flasksession: session payload element %d has length %d; 2 is required", i, len(e))
			}
			k, val = e[0], e[1]
		case string:
			// dict(["ab"]) is {"a": "b"}: a string is a sequence of
			// code points.
			if utf8.RuneCountInString(e) != 2 {
				return nil, nil, fmt.Errorf("flasksession: session payload element %d has length %d; 2 is required", i, utf8.RuneCountInString(e))
			}
			_, n := utf8.DecodeRuneInString(e)
			k, val = e[:n], e[n:]
		default:
			return nil, nil, fmt.Errorf("flasksession: session payload element %d is %s, not a pair", i, pyTypeName(e))
		}
		var key string
		switch k := k.(type) {
		case string:
			key = k
		case tagjson.Markup:
			key = string(k)
		default:
			return nil, nil, fmt.Errorf("flasksession: session key of type %s is not supported", pyTypeName(k))
		}
		if _, dup := m[key]; !dup && wantOrder {
			order = append(order, key)
		}
		m[key] = val
	}
	return m, order, nil
}

func pyTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "None"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []any:
		return "list"
	case tagjson.Tuple:
		return "tuple"
	case map[string]any:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
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
// the value after "session=") as Flask's open_session does, with the same
// key list and maximum age; an empty value is an empty session. It fails
// with ErrNoSecretKey, ErrConfig, ErrCookieValueTooLong, ErrInvalidCookie
// or ErrUndecodable.
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
