package itsdangerous

import (
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse shares one of each type between goroutines (run with
// -race): the pooled HMAC states and zlib buffers must not leak between
// calls.
func TestConcurrentUse(t *testing.T) {
	keys := [][]byte{[]byte("old"), []byte("new")}
	s, err := NewSigner(keys)
	if err != nil {
		t.Fatal(err)
	}
	oldOnly, _ := NewSigner(keys[:1])
	ser, err := NewURLSafeTimedSerializer(keys, WithClock(func() time.Time { return time.Unix(negNow, 0) }))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				value := []byte{byte(g), byte(i)}
				for _, signed := range [][]byte{s.Sign(value), oldOnly.Sign(value)} {
					if got, err := s.Unsign(signed); err != nil || string(got) != string(value) {
						t.Errorf("Unsign = %q, %v", got, err)
						return
					}
				}
				want := map[string]any{"g": float64(g), "pad": string(make([]byte, i%50+1))}
				tok, err := ser.Dumps(want)
				if err != nil {
					t.Error(err)
					return
				}
				var got map[string]any
				if _, err := ser.Loads(tok, &got, time.Minute); err != nil || got["g"] != want["g"] || got["pad"] != want["pad"] {
					t.Errorf("Loads(%q) = %v, %v", tok, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
