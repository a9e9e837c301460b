package tagjson

import (
	"errors"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/, made from the Flask
// vectors; these inline seeds cover the decoder's odd corners.
var fuzzSeeds = []string{
	`{"a":1}`, `{" di":{" t__":{" t":[1,2]}}}`, `{" t":"ab"}`, `{" b":"YQ=x="}`, `{" d":"Tue, 02 Jan 2024 03:04:05 +0100"}`,
	`{" u":"{12345678-1234-5678-1234-567812345678}"}`, `{" m":[1,{"a":null}]}`, `[NaN,-Infinity,1E400,-0,1.0]`,
	`"\ud800\udc00\ud800"`, `{"a":1,"a":2}`, `{" t":{"b":1,"a":2,"b":3}}`, `{" di":{" di":{"ab":1}}}`,
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		_ = Unmarshal(data, &v)
		o := Serializer{PreserveOrder: true, MaxDepth: 8, MaxIntDigits: 30}
		_ = o.Unmarshal(data, &v)
	})
}

var fuzzCmp = cmp.Options{
	cmp.Comparer(func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }),
	cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if Unmarshal(data, &v) != nil {
			return
		}
		enc, err := Marshal(v)
		if err != nil {
			// Flask fails the same way: a date whose UTC form leaves years
			// 1..9999, or tuples of characters nested past the depth limit.
			if errors.Is(err, ErrUnsupported) || errors.Is(err, ErrDepth) {
				return
			}
			t.Fatalf("Marshal of decoded %q: %v", data, err)
		}
		var v2 any
		if err := Unmarshal(enc, &v2); err != nil {
			t.Fatalf("Unmarshal of our own %s: %v", enc, err)
		}
		if diff := cmp.Diff(v, v2, fuzzCmp); diff != "" {
			t.Fatalf("decode(%q) -> %s -> different value (-first +second):\n%s", data, enc, diff)
		}
		enc2, err := Marshal(v2)
		if err != nil || string(enc2) != string(enc) {
			t.Fatalf("encoding not stable: %s then %s (%v)", enc, enc2, err)
		}
	})
}
