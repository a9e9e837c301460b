package flasklogin

import (
	"crypto/sha512"
	"encoding/hex"
	"testing"
)

// TestHexDigest writes digests holding every byte value and reads them
// back.
func TestHexDigest(t *testing.T) {
	for start := 0; start < 256; start += sha512.Size {
		var sum [sha512.Size]byte
		for i := range sum {
			sum[i] = byte(start + i)
		}
		var got [2 * sha512.Size]byte
		encodeLowerHex(&got, &sum)
		if want := hex.EncodeToString(sum[:]); string(got[:]) != want {
			t.Fatalf("encodeLowerHex(% x) = %s, want %s", sum, got, want)
		}
		var back [sha512.Size]byte
		if !decodeLowerHex(&back, string(got[:])) || back != sum {
			t.Fatalf("decodeLowerHex(%s) = % x, want % x", got, back, sum)
		}
	}
}
