package itsdangerous

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestAppendVerifyPayload checks that AppendVerifyPayload appends exactly
// what VerifyPayload returns, after whatever dst held, and leaves dst's
// length alone on every kind of failure.
func TestAppendVerifyPayload(t *testing.T) {
	now := time.Unix(1700000000, 0)
	ser, err := NewURLSafeTimedSerializer([][]byte{[]byte("key")}, WithClock(func() time.Time { return now }),
		WithMaxDecompressedSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	sign := func(p string) []byte { return ser.AppendSignedPayload(nil, []byte(p)) }
	compressible := `{"a":"` + strings.Repeat("x", 200) + `"}`
	bomb := `"` + strings.Repeat("y", 5000) + `"`
	tampered := sign(`{"a":1}`)
	tampered[3] ^= 1
	cases := []struct {
		name    string
		token   []byte
		wantErr error
	}{
		{"plain", sign(`{"a":1}`), nil},
		{"compressed", sign(compressible), nil},
		{"empty payload", sign(``), nil},
		{"tampered", tampered, ErrBadSignature},
		{"over the decompression bound", sign(bomb), ErrBadPayload},
		{"not a token", []byte("nonsense"), ErrBadSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prefix := []byte("prefix:")
			got, gotAt, err := ser.AppendVerifyPayload(prefix, c.token, time.Hour)
			want, wantAt, wantErr := ser.VerifyPayload(c.token, time.Hour)
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) || !errors.Is(wantErr, c.wantErr) {
					t.Fatalf("errors %v and %v, want %v from both", err, wantErr, c.wantErr)
				}
				if string(got) != "prefix:" {
					t.Errorf("on error dst became %q, want it unchanged", got)
				}
				return
			}
			if err != nil || wantErr != nil {
				t.Fatalf("errors %v, %v", err, wantErr)
			}
			if !bytes.Equal(got, append([]byte("prefix:"), want...)) || !gotAt.Equal(wantAt) {
				t.Errorf("AppendVerifyPayload = %q at %v; want prefix + %q at %v", got, gotAt, want, wantAt)
			}
		})
	}
}
