package tagjson

import (
	"sync"
	"testing"
)

// TestConcurrentUse runs one Serializer from many goroutines (run with
// -race): pooled encoders and decoders must not share state.
func TestConcurrentUse(t *testing.T) {
	s := NewSerializer()
	docs := []string{`{"a":[1,2,{" t":["x"]}],"b":"\u00e9"}`, `{" di":{" b__":{" b":"YQ=="}}}`, `[1.0,NaN,"\ud800"]`}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				doc := docs[(g+i)%len(docs)]
				var v any
				if err := s.Unmarshal([]byte(doc), &v); err != nil {
					t.Error(err)
					return
				}
				out, err := s.Marshal(v)
				if err != nil || string(out) != doc {
					t.Errorf("round trip of %s gave %s, %v", doc, out, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestZeroSerializer(t *testing.T) {
	var s Serializer
	out, err := s.Marshal(map[string]any{"b": "é", "a": Tuple{1}})
	if err != nil || string(out) != `{"a":{" t":[1]},"b":"é"}` {
		t.Fatalf("zero Serializer: %s, %v (default tags, sorted maps, raw UTF-8)", out, err)
	}
}
