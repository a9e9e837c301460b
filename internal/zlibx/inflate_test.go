package zlibx

import (
	"bytes"
	"compress/zlib"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"math/rand/v2"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// pyStreams compresses each input every way Python's zlib can: levels 0-9,
// every strategy, small windows and memLevels, and streams cut into blocks
// by sync, full and partial flushes. Output records: name, input index,
// stream, each length-prefixed.
//
//go:embed testdata/streams.py
var pyStreams string

// inflateInputs are the texts the decompression tests compress.
func inflateInputs() [][]byte {
	r := rand.New(rand.NewPCG(3, 4))
	ins := [][]byte{nil, []byte("a"), []byte(`{"a":1}`), bytes.Repeat([]byte("x"), 12)}
	for _, n := range []int{60, 250, 1000, 3000, 5000, 40000, 70000} {
		ins = append(ins, sessionText(r, n))
	}
	bin := make([]byte, 3000)
	for i := range bin {
		bin[i] = byte(r.UintN(256))
	}
	ins = append(ins, bin)
	// Geometric byte frequencies give 15-bit codes under Huffman-only
	// coding, and so the decoder's subtables.
	var skew []byte
	f := 1.0
	for k := 0; k < 24; k++ {
		skew = append(skew, bytes.Repeat([]byte{byte('A' + k)}, int(f))...)
		f *= 1.62
	}
	r.Shuffle(len(skew), func(i, j int) { skew[i], skew[j] = skew[j], skew[i] })
	ins = append(ins, skew)
	return ins
}

func TestDecompressPythonStreams(t *testing.T) {
	interop.Python(t)
	ins := inflateInputs()
	var stdin bytes.Buffer
	for _, x := range ins {
		stdin.Write(binary.BigEndian.AppendUint32(nil, uint32(len(x))))
		stdin.Write(x)
	}
	out := interop.Run(t, pyStreams, stdin.Bytes())
	count := 0
	for len(out) > 0 {
		n := int(binary.BigEndian.Uint32(out))
		name := string(out[4 : 4+n])
		out = out[4+n:]
		k := int(binary.BigEndian.Uint32(out))
		m := int(binary.BigEndian.Uint32(out[4:]))
		stream := out[8 : 8+m]
		out = out[8+m:]
		want := ins[k]
		got, err := AppendDecompress([]byte("prefix"), stream, len(want))
		if err != nil || !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
			t.Errorf("%s of input %d (%d bytes): AppendDecompress = %d bytes, %v; want the input back after dst",
				name, k, len(want), len(got)-6, err)
		}
		if len(want) > 0 {
			if _, err := AppendDecompress(nil, stream, len(want)-1); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%s of input %d: limit one short of the output: err = %v, want ErrTooLarge", name, k, err)
			}
		}
		count++
	}
	if count != len(ins)*21 {
		t.Fatalf("decoded %d Python streams, want %d", count, len(ins)*21)
	}
}

func TestDecompressGoStreams(t *testing.T) {
	for i, x := range inflateInputs() {
		for _, level := range []int{zlib.HuffmanOnly, zlib.NoCompression, zlib.BestSpeed, 2, 5, zlib.DefaultCompression, zlib.BestCompression} {
			t.Run(fmt.Sprintf("input%d/level%d", i, level), func(t *testing.T) {
				var b bytes.Buffer
				w, err := zlib.NewWriterLevel(&b, level)
				if err != nil {
					t.Fatal(err)
				}
				w.Write(x)
				w.Close()
				got, err := AppendDecompress(nil, b.Bytes(), -1)
				if err != nil || !bytes.Equal(got, x) {
					t.Errorf("AppendDecompress(compress/zlib output) = %d bytes, %v; want %d bytes back", len(got), err, len(x))
				}
			})
		}
	}
}

// bitWriter assembles hand-made deflate data for the negative tests.
type bitWriter struct {
	out  []byte
	acc  uint32
	nacc uint
}

func (w *bitWriter) bits(v uint32, n uint) *bitWriter {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
	return w
}

// code writes a Huffman code, most significant bit first.
func (w *bitWriter) code(c uint32, n uint) *bitWriter {
	for i := int(n) - 1; i >= 0; i-- {
		w.bits(c>>uint(i)&1, 1)
	}
	return w
}

// stream returns header + deflate data (+ a trailer for want, if any).
func (w *bitWriter) stream(trailerFor []byte) []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	s := append([]byte{0x78, 0x01}, w.out...)
	if trailerFor != nil {
		s = binary.BigEndian.AppendUint32(s, adler32.Checksum(trailerFor))
	}
	return s
}

func TestDecompressErrors(t *testing.T) {
	good := AppendCompress(nil, []byte(`{"_fresh":false,"csrf_token":"0123456789abcdef0123456789abcdef01234567"}`))
	badAdler := bytes.Clone(good)
	badAdler[len(badAdler)-1] ^= 1
	dict := []byte{0x78, 0xbb, 0x12, 0x34, 0x56, 0x78, 3, 0, 0, 0, 0, 1} // FDICT set, valid check bits

	// Fixed block: a match of length 3 at distance 1 before any output.
	tooFarBack := (&bitWriter{}).bits(1, 1).bits(1, 2).code(1, 7).code(0, 5).code(0, 7).stream([]byte{})
	// Fixed block: literal 'a' then a match at distance 2 (one too far).
	tooFarBack2 := (&bitWriter{}).bits(1, 1).bits(1, 2).code(0x30+'a', 8).code(1, 7).code(1, 5).code(0, 7).stream([]byte("aaaa"))
	// Fixed block: distance code 30 is reserved.
	distCode30 := (&bitWriter{}).bits(1, 1).bits(1, 2).code(0x30+'a', 8).code(1, 7).code(30, 5).code(0, 7).stream([]byte("aaaa"))
	// Fixed block: literal/length code 286 is reserved (8-bit code 0xc6).
	litCode286 := (&bitWriter{}).bits(1, 1).bits(1, 2).code(0xc6, 8).stream([]byte{})
	blockType3 := (&bitWriter{}).bits(1, 1).bits(3, 2).stream([]byte{})
	storedMismatch := (&bitWriter{}).bits(1, 1).bits(0, 2).stream(nil)
	storedMismatch = append(storedMismatch, 1, 0, 0xff, 0xff, 'a')
	storedMismatch = binary.BigEndian.AppendUint32(storedMismatch, adler32.Checksum([]byte("a")))
	// Dynamic block with HLIT = 287 (more than 286 codes).
	hlit287 := (&bitWriter{}).bits(1, 1).bits(2, 2).bits(30, 5).bits(0, 5).bits(0, 4).stream(nil)
	// Dynamic block whose code-length code is over-subscribed: three
	// one-bit codes.
	overSub := (&bitWriter{}).bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).
		bits(1, 3).bits(1, 3).bits(1, 3).bits(0, 3).stream(nil)
	// Dynamic block: code-length codes 0 and 16 (one bit each), then 16
	// (repeat the previous length) with no previous length.
	repeatFirst := (&bitWriter{}).bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).
		bits(1, 3).bits(0, 3).bits(0, 3).bits(1, 3).code(1, 1).bits(0, 2).stream(nil)
	// Dynamic block: the code-length code has only symbol 0 (one bit),
	// so every length is zero and there is no end-of-block code.
	noEOB := (&bitWriter{}).bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).
		bits(0, 3).bits(0, 3).bits(0, 3).bits(1, 3)
	for i := 0; i < 258; i++ {
		noEOB.code(0, 1)
	}
	noEOBStream := noEOB.stream(nil)

	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty input", nil, ErrTruncated},
		{"one byte", []byte{0x78}, ErrTruncated},
		{"bad check bits", []byte{0x78, 0x9d, 3, 0, 0, 0, 0, 1}, ErrHeader},
		{"not deflate (CM 7)", []byte{0x77, 0x9c ^ 0x1d, 3, 0, 0, 0, 0, 1}, ErrHeader},
		{"window over 32K (CINFO 8)", []byte{0x88, 0x98, 3, 0, 0, 0, 0, 1}, ErrHeader},
		{"gzip magic", []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}, ErrHeader},
		{"preset dictionary", dict, ErrDictionary},
		{"bad adler32", badAdler, ErrChecksum},
		{"missing adler32", good[:len(good)-4], ErrTruncated},
		{"distance too far back", tooFarBack, ErrCorrupt},
		{"distance one past the output", tooFarBack2, ErrCorrupt},
		{"reserved distance code 30", distCode30, ErrCorrupt},
		{"reserved length code 286", litCode286, ErrCorrupt},
		{"block type 3", blockType3, ErrCorrupt},
		{"stored length mismatch", storedMismatch, ErrCorrupt},
		{"HLIT 287", hlit287, ErrCorrupt},
		{"over-subscribed code lengths", overSub, ErrCorrupt},
		{"repeat with no previous length", repeatFirst, ErrCorrupt},
		{"no end-of-block code", noEOBStream, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AppendDecompress(nil, tt.in, 1<<20)
			if !errors.Is(err, tt.want) {
				t.Errorf("AppendDecompress = %v, want %v", err, tt.want)
			}
			if _, stdErr := zlibReadAll(tt.in); stdErr == nil {
				t.Errorf("compress/zlib accepts this input; the test case is wrong")
			}
		})
	}
}

func TestDecompressTruncatedEverywhere(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, x := range [][]byte{sessionText(r, 300), sessionText(r, 3000), bytes.Repeat([]byte("ab"), 200)} {
		for _, stream := range [][]byte{AppendCompress(nil, x), pyLikeStored(x)} {
			for n := 0; n < len(stream); n++ {
				_, err := AppendDecompress(nil, stream[:n], -1)
				if !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt) {
					t.Fatalf("stream of %d bytes cut to %d: err = %v, want ErrTruncated (or ErrCorrupt)", len(stream), n, err)
				}
			}
		}
	}
}

// pyLikeStored is a zlib stream of stored blocks, as level 0 makes.
func pyLikeStored(x []byte) []byte {
	var b bytes.Buffer
	w, _ := zlib.NewWriterLevel(&b, zlib.NoCompression)
	w.Write(x)
	w.Close()
	return b.Bytes()
}

func TestDecompressTrailingBytesIgnored(t *testing.T) {
	x := []byte(`{"_permanent":true,"user":"alice"}`)
	stream := AppendCompress(nil, x)
	for _, tail := range [][]byte{{0}, []byte("garbage after the stream"), AppendCompress(nil, []byte("second stream"))} {
		got, err := AppendDecompress(nil, append(bytes.Clone(stream), tail...), 100)
		if err != nil || !bytes.Equal(got, x) {
			t.Errorf("stream + %q: got %q, %v; want %q", tail, got, err, x)
		}
	}
}

func TestDecompressBomb(t *testing.T) {
	zeros := make([]byte, 2<<20)
	bomb := AppendCompress(nil, zeros)
	tests := []struct {
		name  string
		limit int
		want  error
	}{
		{"limit 4 KB", 4096, ErrTooLarge},
		{"limit 0", 0, ErrTooLarge},
		{"limit one short", len(zeros) - 1, ErrTooLarge},
		{"limit exact", len(zeros), nil},
		{"no limit", -1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AppendDecompress(nil, bomb, tt.limit)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.limit >= 0 && len(got) > tt.limit {
				t.Errorf("wrote %d bytes past a limit of %d", len(got), tt.limit)
			}
			if err == nil && len(got) != len(zeros) {
				t.Errorf("got %d bytes, want %d", len(got), len(zeros))
			}
		})
	}
}
