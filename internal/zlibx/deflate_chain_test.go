package zlibx

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// chainCases are inputs with long hash chains, both halves of the window
// in use and slides in between: repeated short records (the shape of a
// session holding a long list) of several sizes, records with rare
// differences, and such data after a run of random bytes.
func chainCases() []diffCase {
	r := rand.New(rand.NewPCG(7, 8))
	var cs []diffCase
	add := func(name string, p []byte) { cs = append(cs, diffCase{name, p}) }
	record := func(n, alphabet int) []byte {
		var b bytes.Buffer
		b.WriteString(`{"history":[`)
		for b.Len() < n {
			b.WriteString(`"/p/`)
			for range 3 + r.IntN(10) {
				b.WriteByte("0123456789abcdef"[r.IntN(alphabet)])
			}
			b.WriteString(`",`)
		}
		return b.Bytes()[:n]
	}
	for _, n := range []int{300, 2700, 9000, 33000, 70000, 140000} {
		for _, alphabet := range []int{2, 4, 16} {
			add("records", record(n, alphabet))
		}
		p := make([]byte, n)
		for j := range p {
			p[j] = byte(r.UintN(256))
		}
		add("random-then-records", append(p[:n/2:n/2], record(n-n/2, 4)...))
	}
	return cs
}

// TestDifferentialChains compares chainCases with Python's zlib.compress,
// and checks that a compressor reused after each of them (heads cleared,
// links left over) still compresses like a new one.
func TestDifferentialChains(t *testing.T) {
	interop.Python(t)
	cs := chainCases()
	wants := pythonCompress(t, cs)
	small := flaskSession(true)
	wantSmall := AppendCompress(nil, small)
	for i, c := range cs {
		want := wants[i]
		if got := AppendCompress(nil, c.data); !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes: first difference at byte %d", c.name, len(c.data), firstDiff(got, want))
		}
		if got := AppendCompress(nil, small); !bytes.Equal(got, wantSmall) {
			t.Errorf("after %s: the LARGE session compresses differently", c.name)
		}
	}
}
