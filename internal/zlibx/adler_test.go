package zlibx

import (
	"bytes"
	"hash/adler32"
	"math/rand/v2"
	"testing"
)

// TestAdler32Sum compares adler32Sum with hash/adler32 at every short
// length, on random, all-0xff and all-zero data, and on long runs of 0xff
// around the reduction points.
func TestAdler32Sum(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	buf := make([]byte, 5000)
	for i := range buf {
		buf[i] = byte(r.IntN(256))
	}
	for n := 0; n <= len(buf); n += 1 + n/50 {
		for _, p := range [][]byte{buf[:n], buf[len(buf)-n:], bytes.Repeat([]byte{0xff}, n), make([]byte, n)} {
			if got, want := adler32Sum(p), adler32.Checksum(p); got != want {
				t.Fatalf("adler32Sum of %d bytes = %#x, want %#x", n, got, want)
			}
		}
	}
	// Long inputs of the largest bytes: the sums must not overflow between
	// reductions.
	for _, n := range []int{5551, 5552, 5553, 1<<16 - 1, 1 << 16, 1<<16 + 17, 5<<16 + 3} {
		p := bytes.Repeat([]byte{0xff}, n)
		if got, want := adler32Sum(p), adler32.Checksum(p); got != want {
			t.Fatalf("adler32Sum of %d bytes 0xff = %#x, want %#x", n, got, want)
		}
	}
}

func BenchmarkAdler32Sum(b *testing.B) {
	p := benchSession(3000)
	b.Run("zlibx", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			adler32Sum(p)
		}
	})
	b.Run("hash-adler32", func(b *testing.B) {
		b.SetBytes(int64(len(p)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			adler32.Checksum(p)
		}
	})
}
