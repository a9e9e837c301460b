package zlibx

import (
	"bytes"
	"hash/adler32"
	"math/rand/v2"
	"testing"
)

// TestAdler32 compares adlerSum with hash/adler32 on random data, runs of
// 0xff (the largest sums, around each reduction point) and every short
// length.
func TestAdlerSum(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 70000)
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	ones := bytes.Repeat([]byte{0xff}, 70000)
	for _, p := range [][]byte{random, ones} {
		for n := range 40 {
			if got, want := adlerSum(p[:n]), adler32.Checksum(p[:n]); got != want {
				t.Errorf("%d bytes: %08x, want %08x", n, got, want)
			}
		}
		for _, n := range []int{5551, 5552, 5553, 5560, 11104, 11105, 65536, 70000} {
			if got, want := adlerSum(p[:n]), adler32.Checksum(p[:n]); got != want {
				t.Errorf("%d bytes: %08x, want %08x", n, got, want)
			}
		}
	}
}
