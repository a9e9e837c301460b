package itsdangerous

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSerializersMatchPython checks each serializer type against tokens the
// real itsdangerous 2.2.0 made with key "secret-key" and default settings
// (timed ones at unix 1700000000).
func TestSerializersMatchPython(t *testing.T) {
	clock := fixedClock(1700000000)
	key := [][]byte{[]byte("secret-key")}
	urlSafe, err := NewURLSafeSerializer(key)
	if err != nil {
		t.Fatal(err)
	}
	timed, err := NewTimedSerializer(key, clock)
	if err != nil {
		t.Fatal(err)
	}
	type dumpLoader struct {
		dumps func(any) (string, error)
		loads func(string, *any) error
	}
	kinds := map[string]dumpLoader{
		"URLSafeSerializer": {urlSafe.Dumps, func(s string, v *any) error { return urlSafe.Loads(s, v) }},
		"TimedSerializer": {timed.Dumps, func(s string, v *any) error {
			_, err := timed.Loads(s, v, time.Minute)
			return err
		}},
	}
	tests := []struct {
		kind, name string
		value      any
		token      string
	}{
		{"URLSafeSerializer", "object", map[string]any{"id": float64(42)}, "eyJpZCI6NDJ9.Z-HaNt236Oj5pFDPW25MouYkrcA"},
		{"URLSafeSerializer", "compressed", strings.Repeat("a", 100), ".eJxTSqQDUAIArdsmKQ.RCcsLWF2Lllh8urvzhBfSCx2pDo"},
		{"TimedSerializer", "json module defaults", map[string]any{"id": float64(42), "name": "é"}, `{"id": 42, "name": "\u00e9"}.ZVPxAA.LKdnnUb4bbRDsfbCLCEk8Q6Vrmg`},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.name, func(t *testing.T) {
			k := kinds[tt.kind]
			got, err := k.dumps(tt.value)
			if err != nil || got != tt.token {
				t.Errorf("Dumps = %q, %v; want %q", got, err, tt.token)
			}
			var v any
			if err := k.loads(tt.token, &v); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.value, v); d != "" {
				t.Errorf("Loads mismatch (-want +got):\n%s", d)
			}
			if err := k.loads(tt.token[:len(tt.token)-1], &v); !errors.Is(err, ErrBadSignature) {
				t.Errorf("truncated token: %v", err)
			}
		})
	}
	t.Run("URLSafeSerializer/VerifyPayload", func(t *testing.T) {
		p, err := urlSafe.VerifyPayload([]byte(".eJxTSqQDUAIArdsmKQ.RCcsLWF2Lllh8urvzhBfSCx2pDo"))
		if want := `"` + strings.Repeat("a", 100) + `"`; err != nil || string(p) != want {
			t.Errorf("VerifyPayload = %q, %v", p, err)
		}
	})
	t.Run("marshal errors are not bad data", func(t *testing.T) {
		_, err := urlSafe.Dumps(make(chan int))
		if err == nil || errors.Is(err, ErrBadData) || !strings.HasPrefix(err.Error(), "itsdangerous: ") {
			t.Errorf("Dumps(chan) = %v", err)
		}
	})
	t.Run("custom codec", func(t *testing.T) {
		s, err := NewURLSafeTimedSerializer(key, clock, WithCodec(pythonJSON))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.Dumps(map[string]int{"a": 1})
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := s.VerifyPayload([]byte(tok), NoMaxAge)
		if err != nil || string(p) != `{"a": 1}` {
			t.Errorf("payload = %q, %v", p, err)
		}
	})
}
