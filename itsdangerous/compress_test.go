package itsdangerous

import (
	"errors"
	"strings"
	"testing"
)

// TestZlibErrorsAreMatchable signs payloads marked compressed whose bytes
// are not a valid zlib stream: each fails as a bad payload whose cause
// matches ErrZlib (Python raises BadPayload from zlib.error).
func TestZlibErrorsAreMatchable(t *testing.T) {
	keys := [][]byte{[]byte("k")}
	signer, err := NewSigner(keys, WithSalt(DefaultSerializerSalt))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewURLSafeSerializer(keys)
	if err != nil {
		t.Fatal(err)
	}
	stream := zlibCompress(nil, []byte(`"hello"`))
	valid := Base64Encode(stream)
	badSum := append([]byte(nil), stream...)
	badSum[len(badSum)-1] ^= 1
	tests := []struct{ name, payload string }{
		{"not zlib at all", "." + string(Base64Encode([]byte("not zlib data")))},
		{"bad header", "." + string(Base64Encode([]byte{0x78, 0x00, 1, 2, 3}))},
		{"truncated stream", "." + string(valid[:len(valid)-6])},
		{"checksum mismatch", "." + string(Base64Encode(badSum))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v any
			err := s.Loads(string(signer.Sign([]byte(tt.payload))), &v)
			if !errors.Is(err, ErrBadPayload) || !errors.Is(err, ErrZlib) {
				t.Fatalf("Loads = %v, want ErrBadPayload caused by ErrZlib", err)
			}
			if errors.Is(err, ErrPayloadTooLarge) || strings.Contains(err.Error(), "zlibx") {
				t.Errorf("error %q", err)
			}
		})
	}
}
