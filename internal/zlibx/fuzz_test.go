package zlibx

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"testing"
)

const fuzzLimit = 1 << 16

// fuzzSeeds are streams of every block type, plus damaged ones.
func fuzzSeeds() [][]byte {
	x := []byte(`{"_fresh":true,"_id":"5f1c","_flashes":[{" t":["message","Saved"]}],"csrf_token":"ab12"}`)
	var seeds [][]byte
	seeds = append(seeds, AppendCompress(nil, x), AppendCompress(nil, nil), AppendCompress(nil, bytes.Repeat(x, 40)))
	for _, level := range []int{zlib.NoCompression, zlib.BestSpeed, zlib.HuffmanOnly} {
		var b bytes.Buffer
		w, _ := zlib.NewWriterLevel(&b, level)
		w.Write(x)
		w.Close()
		seeds = append(seeds, b.Bytes())
	}
	c := AppendCompress(nil, x)
	seeds = append(seeds, c[:len(c)/2], append(bytes.Clone(c), "tail"...), []byte{0x78, 0x9c})
	return seeds
}

// stdInflate decodes with compress/zlib, reading at most limit+1 bytes.
func stdInflate(p []byte, limit int) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(r, int64(limit)+1))
}

// FuzzDecompress checks that AppendDecompress never panics and agrees with
// compress/zlib: same verdict, same output, and ErrTooLarge exactly when
// the stream holds more than the limit.
func FuzzDecompress(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := AppendDecompress(nil, in, fuzzLimit)
		std, stdErr := stdInflate(in, fuzzLimit)
		if len(std) > fuzzLimit {
			// compress/flate decodes a block whose code lengths give the
			// end-of-block symbol no code (it can fail only at the
			// stream's end, past the limit here); C zlib's inflate.c
			// refuses such a block before decoding it ("invalid code --
			// missing end-of-block"), and so does AppendDecompress.
			if !errors.Is(err, ErrTooLarge) && !errors.Is(err, errNoEOB) {
				t.Fatalf("compress/zlib yields over %d bytes; AppendDecompress err = %v, want ErrTooLarge (or C zlib's missing end-of-block)", fuzzLimit, err)
			}
			return
		}
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("AppendDecompress err = %v, compress/zlib err = %v", err, stdErr)
		}
		if err == nil && !bytes.Equal(got, std) {
			t.Fatalf("outputs differ: %d bytes vs compress/zlib %d bytes", len(got), len(std))
		}
		if len(got) > fuzzLimit {
			t.Fatalf("wrote %d bytes, past the limit", len(got))
		}
	})
}

// FuzzRoundTrip checks that what AppendCompress writes, AppendDecompress
// and compress/zlib both read back.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte(nil))
	f.Add([]byte(`{"a":1}`))
	f.Add(bytes.Repeat([]byte("abc"), 100))
	f.Add([]byte(`{"_flashes":[{" t":["error","Bad password"]}],"user_id":"42"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		z := AppendCompress(nil, in)
		if len(z) > compressBound(len(in)) {
			t.Fatalf("%d bytes compressed to %d, past compressBound", len(in), len(z))
		}
		got, err := AppendDecompress(nil, z, len(in))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("round trip: err = %v, equal = %v", err, bytes.Equal(got, in))
		}
		std, err := zlibReadAll(z)
		if err != nil || !bytes.Equal(std, in) {
			t.Fatalf("compress/zlib read back: err = %v", err)
		}
	})
}
