package itsdangerous

import (
	"errors"
	"testing"
	"time"
)

func TestDecodeUnverified(t *testing.T) {
	s, err := NewURLSafeTimedSerializer([][]byte{[]byte("k")}, WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	if err != nil {
		t.Fatal(err)
	}
	long := []byte(`{"a":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`)
	untimed, err := NewURLSafeSerializer([][]byte{[]byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		token          string
		wantPayload    string
		wantCompressed bool
		wantSignedAt   time.Time
		wantErr        error
	}{
		{"Flask cookie from the vectors", "eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0", `{"a":1}`, false, time.Unix(1700000000, 0).UTC(), nil},
		{"signature is not checked", "eyJhIjoxfQ.ZVPxAA.forged", `{"a":1}`, false, time.Unix(1700000000, 0).UTC(), nil},
		{"compressed timed token", string(s.AppendSignedPayload(nil, long)), string(long), true, time.Unix(1700000000, 0).UTC(), nil},
		{"compressed untimed token", string(untimed.AppendSignedPayload(nil, long)), string(long), true, time.Time{}, nil},
		{"no separator", "abc", "", false, time.Time{}, ErrBadSignature},
		{"timestamp over 8 bytes", "eyJhIjoxfQ.AAAAAAAAAAAAAAAA.sig", "", false, time.Time{}, ErrBadTimeSignature},
		{"timestamp past 9999", "eyJhIjoxfQ.QAAAAAAAAAA.sig", "", false, time.Time{}, ErrTimestampOutOfRange},
		{"compressed mark but not zlib", ".eyJhIjoxfQ.ZVPxAA.sig", "", false, time.Time{}, ErrBadPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := DecodeUnverified([]byte(tt.token), 0)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(u.Payload) != tt.wantPayload || u.Compressed != tt.wantCompressed || !u.SignedAt.Equal(tt.wantSignedAt) {
				t.Errorf("got %q compressed=%v at %v, want %q compressed=%v at %v", u.Payload, u.Compressed, u.SignedAt, tt.wantPayload, tt.wantCompressed, tt.wantSignedAt)
			}
		})
	}
}

func TestDecodeUnverifiedBoundsInflation(t *testing.T) {
	s, err := NewURLSafeSerializer([][]byte{[]byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	bomb := s.AppendSignedPayload(nil, make([]byte, 100_000))
	if _, err := DecodeUnverified(bomb, 1000); !errors.Is(err, ErrPayloadTooLarge) {
		t.Fatalf("err = %v, want ErrPayloadTooLarge", err)
	}
}
