package itsdangerous

import (
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestConstructorErrors(t *testing.T) {
	key := [][]byte{[]byte("k")}
	tests := []struct {
		name string
		keys [][]byte
		opts []Option
		ok   bool
	}{
		{"defaults", key, nil, true},
		{"no key", nil, nil, false},
		{"empty key list", [][]byte{}, nil, false},
		{"empty key is a key", [][]byte{{}}, nil, true},
		{"separator letter", key, []Option{WithSeparator("a")}, false},
		{"separator digit", key, []Option{WithSeparator("7")}, false},
		{"separator dash", key, []Option{WithSeparator("-")}, false},
		{"separator underscore", key, []Option{WithSeparator("_")}, false},
		{"separator equals", key, []Option{WithSeparator("=")}, false},
		{"empty separator", key, []Option{WithSeparator("")}, false},
		{"separator substring of the alphabet", key, []Option{WithSeparator("ab")}, false},
		{"separator not a substring of the alphabet", key, []Option{WithSeparator("ba")}, true},
		{"separator tilde", key, []Option{WithSeparator("~")}, true},
		{"unknown derivation", key, []Option{WithKeyDerivation("pbkdf2")}, false},
		{"nil digest", key, []Option{WithDigest(nil)}, false},
		{"nil clock", key, []Option{WithClock(nil)}, false},
		{"negative skew", key, []Option{WithClockSkew(-time.Second)}, false},
		{"zero decompression limit is the default", key, []Option{WithMaxDecompressedSize(0)}, true},
		{"negative decompression limit is none", key, []Option{WithMaxDecompressedSize(-1)}, true},
		{"nil codec", key, []Option{WithCodec(nil)}, false},
		{"nil option ignored", key, []Option{nil}, true},
	}
	ctors := map[string]func([][]byte, ...Option) error{
		"Signer":                 func(k [][]byte, o ...Option) error { _, err := NewSigner(k, o...); return err },
		"TimestampSigner":        func(k [][]byte, o ...Option) error { _, err := NewTimestampSigner(k, o...); return err },
		"Serializer":             func(k [][]byte, o ...Option) error { _, err := NewSerializer(k, o...); return err },
		"URLSafeSerializer":      func(k [][]byte, o ...Option) error { _, err := NewURLSafeSerializer(k, o...); return err },
		"TimedSerializer":        func(k [][]byte, o ...Option) error { _, err := NewTimedSerializer(k, o...); return err },
		"URLSafeTimedSerializer": func(k [][]byte, o ...Option) error { _, err := NewURLSafeTimedSerializer(k, o...); return err },
	}
	for _, tt := range tests {
		for name, ctor := range ctors {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				err := ctor(tt.keys, tt.opts...)
				if (err == nil) != tt.ok {
					t.Fatalf("err = %v, want ok=%v", err, tt.ok)
				}
				if err != nil && !strings.HasPrefix(err.Error(), "itsdangerous: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
			})
		}
	}
}

func TestKeyRotation(t *testing.T) {
	old, cur := []byte("old-key"), []byte("current-key")
	signWith := func(keys ...[]byte) []byte {
		s, err := NewSigner(keys, WithDigest(sha256.New))
		if err != nil {
			t.Fatal(err)
		}
		return s.Sign([]byte("v"))
	}
	rotated, err := NewSigner([][]byte{old, cur}, WithDigest(sha256.New))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token []byte
		ok    bool
	}{
		{"signs with the newest key", signWith(cur), true},
		{"verifies tokens of the older key", signWith(old), true},
		{"rejects tokens of an unknown key", signWith([]byte("unknown")), false},
	}
	if got, want := string(rotated.Sign([]byte("v"))), string(signWith(cur)); got != want {
		t.Errorf("Sign = %q, want the newest key's %q", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rotated.Unsign(tt.token)
			if (err == nil) != tt.ok {
				t.Errorf("Unsign(%q) = %v, want ok=%v", tt.token, err, tt.ok)
			}
		})
	}
	t.Run("a retired key no longer verifies", func(t *testing.T) {
		s, _ := NewSigner([][]byte{cur}, WithDigest(sha256.New))
		if _, err := s.Unsign(signWith(old)); !errors.Is(err, ErrBadSignature) {
			t.Errorf("got %v", err)
		}
	})
}

func TestErrorTree(t *testing.T) {
	tests := []struct {
		err       error
		ancestors []error
		others    []error
	}{
		{ErrBadSignature, []error{ErrBadData}, []error{ErrBadPayload, ErrBadTimeSignature}},
		{ErrBadTimeSignature, []error{ErrBadSignature, ErrBadData}, []error{ErrSignatureExpired}},
		{ErrSignatureExpired, []error{ErrBadTimeSignature, ErrBadSignature, ErrBadData}, []error{ErrBadPayload}},
		{ErrBadPayload, []error{ErrBadData}, []error{ErrBadSignature}},
		{ErrTimestampOutOfRange, nil, []error{ErrBadData}},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			for _, a := range tt.ancestors {
				if !errors.Is(tt.err, a) {
					t.Errorf("errors.Is(%v, %v) = false", tt.err, a)
				}
			}
			for _, o := range tt.others {
				if errors.Is(tt.err, o) {
					t.Errorf("errors.Is(%v, %v) = true", tt.err, o)
				}
			}
		})
	}
	t.Run("typed errors reach their embedded ancestors", func(t *testing.T) {
		var err error = expired("Signature age 2 > 1 seconds", []byte("p"), time.Unix(5, 0))
		var bs *BadSignatureError
		var bt *BadTimeSignatureError
		if !errors.As(err, &bs) || string(bs.Payload) != "p" || !errors.As(err, &bt) || bt.DateSigned.Unix() != 5 {
			t.Errorf("errors.As failed: %v %v", bs, bt)
		}
		if err.Error() != "itsdangerous: signature age 2 > 1 seconds" {
			t.Errorf("Error() = %q", err)
		}
	})
}

func TestJSONCodec(t *testing.T) {
	// Expected values are Python's json.dumps output (pythonJSON) and
	// itsdangerous's _CompactJSON output (compactJSON).
	tests := []struct {
		name           string
		v              any
		compact, plain string
	}{
		{"object", map[string]any{"b": 1, "a": []any{true, nil}}, `{"a":[true,null],"b":1}`, `{"a": [true, null], "b": 1}`},
		{"non-ASCII", "é😀無", `"é😀無"`, `"\u00e9\ud83d\ude00\u7121"`},
		{"HTML characters are not escaped", "<a&b>", `"<a&b>"`, `"<a&b>"`},
		{"line and paragraph separators", "\u2028\u2029", "\"\u2028\u2029\"", `"\u2028\u2029"`},
		{"control characters", "\x00\b\f\n\r\t\x1f\x7f", `"\u0000\b\f\n\r\t\u001f` + "\x7f\"", `"\u0000\b\f\n\r\t\u001f\u007f"`},
		{"separators inside strings are kept", map[string]string{"k,:": "v, :"}, `{"k,:":"v, :"}`, `{"k,:": "v, :"}`},
		{"escaped quote and backslash", `q"\u2028`, `"q\"\\u2028"`, `"q\"\\u2028"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				codec JSONCodec
				want  string
			}{{compactJSON, tt.compact}, {pythonJSON, tt.plain}} {
				got, err := c.codec.Marshal(tt.v)
				if err != nil || string(got) != c.want {
					t.Errorf("%+v.Marshal = %s, %v; want %s", c.codec, got, err, c.want)
				}
				var back any
				if err := c.codec.Unmarshal(got, &back); err != nil {
					t.Errorf("Unmarshal(%s): %v", got, err)
				}
			}
		})
	}
	if err := compactJSON.Unmarshal([]byte("\"\xff\""), new(any)); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
}

// TestDecompressionLimitZeroAndNegative checks the limit convention: 0 is
// DefaultMaxDecompressedSize, a negative value is no limit, for the
// serializers and DecodeUnverified alike.
func TestDecompressionLimitZeroAndNegative(t *testing.T) {
	keys := [][]byte{[]byte("k")}
	signer, err := NewURLSafeSerializer(keys)
	if err != nil {
		t.Fatal(err)
	}
	// JSON "xx...x": the payload is the string's length plus two quotes.
	inside, err := signer.Dumps(strings.Repeat("x", DefaultMaxDecompressedSize-2))
	if err != nil {
		t.Fatal(err)
	}
	past, err := signer.Dumps(strings.Repeat("x", DefaultMaxDecompressedSize-1))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(past, ".") {
		t.Fatalf("token %.20q... is not compressed", past)
	}
	tests := []struct {
		limit        int
		pastRejected bool
	}{
		{0, true},
		{-1, false},
		{DefaultMaxDecompressedSize + 1, false},
	}
	for _, tt := range tests {
		s, err := NewURLSafeSerializer(keys, WithMaxDecompressedSize(tt.limit))
		if err != nil {
			t.Fatal(err)
		}
		var v string
		if err := s.Loads(inside, &v); err != nil {
			t.Errorf("limit %d: a payload of DefaultMaxDecompressedSize bytes: %v", tt.limit, err)
		}
		err = s.Loads(past, &v)
		if got := errors.Is(err, ErrPayloadTooLarge); got != tt.pastRejected {
			t.Errorf("limit %d: one byte more: %v, want rejected %v", tt.limit, err, tt.pastRejected)
		}
		_, err = DecodeUnverified([]byte(past), tt.limit)
		if got := errors.Is(err, ErrPayloadTooLarge); got != tt.pastRejected {
			t.Errorf("DecodeUnverified, limit %d: %v, want rejected %v", tt.limit, err, tt.pastRejected)
		}
	}
}
