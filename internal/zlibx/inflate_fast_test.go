package zlibx

import (
	"bytes"
	"compress/zlib"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// fixedLitCode writes literal/length symbol sym in the fixed Huffman code.
func fixedLitCode(w *bitWriter, sym int) {
	switch {
	case sym < 144:
		w.code(uint32(0x30+sym), 8)
	case sym < 256:
		w.code(uint32(0x190+sym-144), 9)
	case sym < 280:
		w.code(uint32(sym-256), 7)
	default:
		w.code(uint32(0xc0+sym-280), 8)
	}
}

// fixedMatch writes a match of length at distance in the fixed code.
func fixedMatch(w *bitWriter, length, distance int) {
	l := 28
	for int(lenBase[l]) > length {
		l--
	}
	fixedLitCode(w, 257+l)
	w.bits(uint32(length-int(lenBase[l])), uint(extraLBits[l]))
	d := 29
	for int(distBase[d]) > distance {
		d--
	}
	w.code(uint32(d), 5)
	w.bits(uint32(distance-int(distBase[d])), uint(extraDBits[d]))
}

// matchStream returns a zlib stream of one fixed block: the literals of
// prefix, then each match, then the literals of suffix; and the data it
// stands for.
func matchStream(prefix []byte, matches [][2]int, suffix []byte) (stream, want []byte) {
	w := (&bitWriter{}).bits(1, 1).bits(1, 2)
	want = bytes.Clone(prefix)
	for _, c := range prefix {
		fixedLitCode(w, int(c))
	}
	for _, m := range matches {
		fixedMatch(w, m[0], m[1])
		for i := 0; i < m[0]; i++ {
			want = append(want, want[len(want)-m[1]])
		}
	}
	for _, c := range suffix {
		fixedLitCode(w, int(c))
	}
	want = append(want, suffix...)
	fixedLitCode(w, 256)
	return w.stream(want), want
}

// fastPathStreams are streams whose matches and literals end near every
// offset from the end of the output: short distances that overlap, long
// matches, literal runs, and the data they decode to.
func fastPathStreams(t *testing.T) (streams, wants [][]byte) {
	r := rand.New(rand.NewPCG(7, 8))
	add := func(s, w []byte) {
		if got, err := zlibReadAll(s); err != nil || !bytes.Equal(got, w) {
			t.Fatalf("test stream does not decode with compress/zlib: %v", err)
		}
		streams, wants = append(streams, s), append(wants, w)
	}
	for d := 1; d <= 20; d++ {
		for _, length := range []int{3, 4, 7, 8, 9, 15, 16, 17, 31, 64, 100, 257, 258} {
			prefix := make([]byte, max(d, 1+r.IntN(40)))
			for i := range prefix {
				prefix[i] = byte('a' + r.IntN(26))
			}
			var ms [][2]int
			for k := 0; k < 3; k++ {
				ms = append(ms, [2]int{length, d})
			}
			// Without a suffix the matches come too near the end of the
			// input for the fast loop; with one, they do not.
			add(matchStream(prefix, ms, nil))
			add(matchStream(prefix, ms, []byte("0123456789abcdef")))
		}
	}
	// Random mixes of literals and matches.
	for n := 0; n < 40; n++ {
		prefix := make([]byte, 1+r.IntN(30))
		for i := range prefix {
			prefix[i] = byte(r.IntN(256))
		}
		var ms [][2]int
		total := len(prefix)
		for k := r.IntN(12); k >= 0; k-- {
			m := [2]int{3 + r.IntN(256), 1 + r.IntN(total)}
			ms = append(ms, m)
			total += m[0]
		}
		add(matchStream(prefix, ms, prefix[:r.IntN(len(prefix))]))
	}
	rs := rand.New(rand.NewPCG(9, 10))
	for _, x := range [][]byte{sessionText(rs, 300), sessionText(rs, 3000), bytes.Repeat([]byte("abcdefg"), 300), bytes.Repeat([]byte{0}, 5000)} {
		for _, level := range []int{zlib.HuffmanOnly, zlib.BestSpeed, zlib.BestCompression} {
			var b bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&b, level)
			zw.Write(x)
			zw.Close()
			add(b.Bytes(), x)
		}
		add(AppendCompress(nil, x), x)
	}
	return streams, wants
}

// TestDecompressCapacities decodes into buffers of every capacity around
// the output's size, with and without bytes already in dst: the fast loop
// hands over to the careful path at a different place each time.
func TestDecompressCapacities(t *testing.T) {
	streams, wants := fastPathStreams(t)
	for i, s := range streams {
		want := wants[i]
		for _, pre := range []int{0, 5} {
			for extra := -300; extra <= 300; extra++ {
				c := pre + len(want) + extra
				if c < pre {
					continue
				}
				dst := make([]byte, pre, c)
				for j := range dst {
					dst[j] = 'p'
				}
				got, err := AppendDecompress(dst, s, -1)
				if err != nil || !bytes.Equal(got[pre:], want) || !bytes.Equal(got[:pre], dst) {
					t.Fatalf("stream %d (%d bytes) into %d bytes after %d: err = %v, output equal = %v",
						i, len(want), c, pre, err, err == nil && bytes.Equal(got[pre:], want))
				}
			}
		}
	}
}

// TestDecompressLimits checks every limit around the output's size, into
// a buffer with room to spare and into one just big enough, so that the
// limit falls at every distance from where the fast loop stops.
func TestDecompressLimits(t *testing.T) {
	streams, wants := fastPathStreams(t)
	for i, s := range streams {
		want := wants[i]
		for limit := max(0, len(want)-300); limit <= len(want)+10; limit++ {
			for _, c := range []int{len(want) + 1000, min(limit, len(want))} {
				got, err := AppendDecompress(make([]byte, 0, c), s, limit)
				switch {
				case limit < len(want):
					if !errors.Is(err, ErrTooLarge) || len(got) > limit {
						t.Fatalf("stream %d (%d bytes), limit %d, capacity %d: %d bytes, err = %v; want ErrTooLarge within the limit",
							i, len(want), limit, c, len(got), err)
					}
				case err != nil || !bytes.Equal(got, want):
					t.Fatalf("stream %d (%d bytes), limit %d, capacity %d: err = %v", i, len(want), limit, c, err)
				}
			}
		}
	}
}

// TestDecompressNoAllocs checks that a dst with room for the output is
// all AppendDecompress uses, however tight.
func TestDecompressNoAllocs(t *testing.T) {
	streams, wants := fastPathStreams(t)
	for i, s := range streams {
		dst := make([]byte, 0, len(wants[i]))
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := AppendDecompress(dst, s, len(wants[i])); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("stream %d: %v allocations into a big enough dst", i, allocs)
		}
	}
}

// TestDecompressGrowth decodes into nil and small buffers: the output grows
// as needed, and the limit still holds for the bytes appended.
func TestDecompressGrowth(t *testing.T) {
	streams, wants := fastPathStreams(t)
	for i, s := range streams {
		for _, dst := range [][]byte{nil, make([]byte, 3, 4), []byte("0123456789")} {
			pre := bytes.Clone(dst)
			got, err := AppendDecompress(dst, s, len(wants[i]))
			if err != nil || !bytes.Equal(got, append(pre, wants[i]...)) {
				t.Fatalf("stream %d after %d bytes: err = %v", i, len(pre), err)
			}
		}
	}
}

// TestDecompressCorruptFastPath damages streams long enough for the fast
// loop, and checks AppendDecompress against compress/zlib.
func TestDecompressCorruptFastPath(t *testing.T) {
	streams, _ := fastPathStreams(t)
	r := rand.New(rand.NewPCG(11, 12))
	for i, s := range streams {
		for k := 0; k < 20; k++ {
			bad := bytes.Clone(s)
			bad[2+r.IntN(len(bad)-2)] ^= byte(1 + r.IntN(255))
			std, stdErr := zlibReadAll(bad)
			got, err := AppendDecompress(nil, bad, -1)
			if (err == nil) != (stdErr == nil) || (err == nil && !bytes.Equal(got, std)) {
				t.Fatalf("stream %d damaged: err = %v, compress/zlib err = %v", i, err, stdErr)
			}
		}
	}
}

// TestDecompressHugeLimit checks that a limit too large to add to len(dst)
// means no bound rather than overflowing into a negative one.
func TestDecompressHugeLimit(t *testing.T) {
	data := []byte(strings.Repeat("session ", 40))
	z := AppendCompress(nil, data)
	got, err := AppendDecompress([]byte("prefix"), z, math.MaxInt)
	if err != nil || string(got) != "prefix"+string(data) {
		t.Fatalf("AppendDecompress with limit MaxInt = %q, %v", got, err)
	}
}
