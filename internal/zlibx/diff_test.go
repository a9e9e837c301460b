package zlibx

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// pyCompressAll compresses every input with Python's zlib.compress in one
// interpreter run: inputs go in as length-prefixed records, streams come
// back the same way.
//
//go:embed testdata/compress_all.py
var pyCompressAll string

type diffCase struct {
	name string
	data []byte
}

var jsonWords = []string{"_fresh", "_id", "_user_id", "csrf_token", "_permanent", "_flashes", "true", "false",
	"null", "message", "error", "info", " t", " d", " u", " b", " m", "Tue, 14 Nov 2023 22:13:20 GMT", "cart",
	"items", "user", "name", "email", "Alice", "bob@example.com", "\\u00e9", "\\ud83d\\ude00", "theme", "dark"}

// sessionText makes a JSON-like session text of roughly n bytes.
func sessionText(r *rand.Rand, n int) []byte {
	var b strings.Builder
	b.WriteByte('{')
	for b.Len() < n {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:", jsonWords[r.IntN(len(jsonWords))])
		switch r.IntN(6) {
		case 0:
			fmt.Fprintf(&b, "%d", r.Int64N(1<<40))
		case 1:
			const hexdig = "0123456789abcdef"
			k := 8 + r.IntN(128)
			b.WriteByte('"')
			for i := 0; i < k; i++ {
				b.WriteByte(hexdig[r.IntN(16)])
			}
			b.WriteByte('"')
		case 2:
			fmt.Fprintf(&b, "[%q,%q]", jsonWords[r.IntN(len(jsonWords))], jsonWords[r.IntN(len(jsonWords))])
		case 3:
			fmt.Fprintf(&b, "{%q:%q}", jsonWords[r.IntN(len(jsonWords))], jsonWords[r.IntN(len(jsonWords))])
		default:
			fmt.Fprintf(&b, "%q", jsonWords[r.IntN(len(jsonWords))])
		}
	}
	b.WriteByte('}')
	s := b.String()
	if len(s) > n {
		s = s[:n]
	}
	return []byte(s)
}

// diffCases generates the inputs of the differential test, deterministically.
func diffCases() []diffCase {
	r := rand.New(rand.NewPCG(1, 2))
	var cs []diffCase
	add := func(name string, p []byte) { cs = append(cs, diffCase{fmt.Sprintf("%s/%d", name, len(cs)), p}) }
	add("empty", nil)
	for n := 1; n <= 40; n++ {
		add("x-run", bytes.Repeat([]byte("x"), n))
	}
	for i := 0; i < 1200; i++ {
		add("session-json", sessionText(r, r.IntN(5001)))
	}
	for i := 0; i < 300; i++ {
		n := r.IntN(5000)
		p := make([]byte, n)
		for j := range p {
			p[j] = byte(r.UintN(256))
		}
		add("random-binary", p)
	}
	for i := 0; i < 300; i++ {
		// Small alphabets make long chains, lazy-match decisions and
		// far length-3 matches.
		n, k := r.IntN(6000), 2+r.IntN(6)
		p := make([]byte, n)
		for j := range p {
			p[j] = 'a' + byte(r.IntN(k))
		}
		add("small-alphabet", p)
	}
	for i := 0; i < 200; i++ {
		unit := sessionText(r, 1+r.IntN(300))
		add("repetitive", bytes.Repeat(unit, 1+r.IntN(20)))
	}
	for _, n := range []int{100, 258, 259, 1000, 4096, 40000, 70000} {
		add("all-same", bytes.Repeat([]byte{byte(n)}, n))
	}
	// Past 32 KB and 64 KB the window slides; past 16383 symbols blocks
	// are flushed mid-stream.
	for _, n := range []int{32 * 1024, 65536 - 262, 65537, 100000, 140000} {
		add("large-json", sessionText(r, n))
		p := make([]byte, n)
		for j := range p {
			p[j] = byte(r.UintN(256))
		}
		add("large-binary", p)
		q := make([]byte, n)
		for j := range q {
			q[j] = 'a' + byte(r.IntN(3))
		}
		add("large-small-alphabet", q)
	}
	// Data ending in zeros or in repeats, where matches run into the
	// bytes past the input (zeroed, or stale after a slide), and mixed
	// data whose blocks straddle a slide.
	randBytes := func(n int) []byte {
		p := make([]byte, n)
		for j := range p {
			p[j] = byte(r.UintN(256))
		}
		return p
	}
	for _, tail := range []int{1, 2, 3, 5, 130, 257, 258, 259, 300, 600} {
		add("zero-tail", append(sessionText(r, 500+r.IntN(500)), make([]byte, tail)...))
	}
	for _, period := range []int{100, 4095, 32769, 40000} {
		unit := randBytes(period)
		for _, n := range []int{5000, 70001, 131072 + 301} {
			p := bytes.Repeat(unit, n/period+1)[:n]
			add("periodic", p)
		}
	}
	for _, n := range []int{20000, 40000, 60000} {
		add("zeros-then-random", append(make([]byte, n), randBytes(70000-n)...))
		add("random-then-json", append(randBytes(n), sessionText(r, 90000-n)...))
	}
	return cs
}

func TestDifferentialPythonZlib(t *testing.T) {
	interop.Python(t)
	cs := diffCases()
	if raceEnabled {
		// The race detector makes this ten times slower; a third of the
		// cases still cover every kind.
		var some []diffCase
		for i := 0; i < len(cs); i += 3 {
			some = append(some, cs[i])
		}
		cs = some
	}
	wants := pythonCompress(t, cs)
	matched := 0
	var buf, dec []byte
	for i, c := range cs {
		want := wants[i]
		buf = AppendCompress(buf[:0], c.data)
		if bytes.Equal(buf, want) {
			matched++
		} else {
			t.Errorf("%s: %d input bytes: AppendCompress gives %d bytes, zlib.compress %d bytes; first difference at byte %d",
				c.name, len(c.data), len(buf), len(want), firstDiff(buf, want))
		}
		var err error
		dec, err = AppendDecompress(dec[:0], buf, len(c.data))
		if err != nil || !bytes.Equal(dec, c.data) {
			t.Errorf("%s: AppendDecompress(AppendCompress(x)) != x (err %v)", c.name, err)
		}
		std, err := zlibReadAll(buf)
		if err != nil || !bytes.Equal(std, c.data) {
			t.Errorf("%s: compress/zlib cannot read AppendCompress(x) back (err %v)", c.name, err)
		}
	}
	t.Logf("%d of %d inputs compressed byte for byte as Python's zlib.compress", matched, len(cs))
}

// pythonCompress returns Python's zlib.compress of each case's data, from
// one interpreter run.
func pythonCompress(t *testing.T, cs []diffCase) [][]byte {
	t.Helper()
	var in bytes.Buffer
	for _, c := range cs {
		in.Write(binary.BigEndian.AppendUint32(nil, uint32(len(c.data))))
		in.Write(c.data)
	}
	out := interop.Run(t, pyCompressAll, in.Bytes())
	wants := make([][]byte, len(cs))
	for i, c := range cs {
		if len(out) < 4 {
			t.Fatalf("python output ended early at %s", c.name)
		}
		n := int(binary.BigEndian.Uint32(out))
		wants[i] = out[4 : 4+n]
		out = out[4+n:]
	}
	return wants
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
