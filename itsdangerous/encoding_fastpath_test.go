package itsdangerous

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestDecodeQuantaMatchesGeneralLoop checks appendDecodeLenient's fast path
// against its general loop. Four skipped bytes in front of the input stop
// the fast path at once, so the general loop decodes everything, while the
// padding count (a multiple of four more) is unchanged: both runs must give
// the same bytes and the same error for every input and bound.
func TestDecodeQuantaMatchesGeneralLoop(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/"
	rng := rand.New(rand.NewPCG(1, 2))
	odd := []byte("=.!\n \x00\xff")
	for n := 0; n < 3000; n++ {
		src := make([]byte, rng.IntN(40))
		for i := range src {
			src[i] = alphabet[rng.IntN(len(alphabet))]
			if rng.IntN(12) == 0 {
				src[i] = odd[rng.IntN(len(odd))]
			}
		}
		slow := append([]byte("!!!!"), src...)
		for _, max := range []int{-1, 0, 1, 2, 3, 5, 6, 7, 12, 100} {
			got, gotErr := appendDecodeLenient([]byte("x"), src, max)
			want, wantErr := appendDecodeLenient([]byte("x"), slow, max)
			if !bytes.Equal(got, want) || errText(gotErr) != errText(wantErr) {
				t.Fatalf("appendDecodeLenient(%q, max %d) = %x, %v; general loop gives %x, %v",
					src, max, got, gotErr, want, wantErr)
			}
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// BenchmarkBase64Decode decodes a 1.6 KB payload, the size of a large
// compressed session cookie.
func BenchmarkBase64Decode(b *testing.B) {
	raw := make([]byte, 1200)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	src := Base64Encode(raw)
	dst := make([]byte, 0, len(raw)+3)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		out, err := appendBase64Decode(dst[:0], src)
		if err != nil || len(out) != len(raw) {
			b.Fatal(err)
		}
	}
}
