package zlibx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// noEOBMatches is how many 258-byte matches noEOBRunStream holds: enough
// to take compress/flate past fuzzLimit.
const noEOBMatches = 300

// noEOBRunStream is a zlib stream with one dynamic block whose code
// lengths give the literal 'a' and length symbol 285 (258 bytes) one-bit
// codes, the one distance symbol 0 (distance 1) a one-bit code, and the
// end-of-block symbol 256 none; then 'a' and noEOBMatches matches.
func noEOBRunStream() []byte {
	w := (&bitWriter{}).bits(1, 1).bits(2, 2) // final, dynamic
	// 286 literal/length codes, 1 distance code, 18 code-length codes.
	w.bits(286-257, 5).bits(1-1, 5).bits(18-4, 4)
	// Code-length code lengths in RFC 1951's order 16, 17, 18, 0, 8, 7,
	// 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1: only 18 (zeros, 11-138
	// times, 7 extra bits) and 1 have a code, one bit each, so 1 is code
	// 0 and 18 is code 1.
	for i := 0; i < 18; i++ {
		if i == 2 || i == 17 {
			w.bits(1, 3)
		} else {
			w.bits(0, 3)
		}
	}
	one := func() { w.code(0, 1) }
	zeros := func(n uint32) { w.code(1, 1).bits(n-11, 7) }
	zeros('a')             // 0..96
	one()                  // 'a'
	zeros(138)             // 98..235
	zeros(285 - 'a' - 139) // 236..284, with 256
	one()                  // 285
	one()                  // distance symbol 0
	w.code(0, 1)           // 'a'
	for i := 0; i < noEOBMatches; i++ {
		w.code(1, 1).code(0, 1) // length 258, distance 1
	}
	return w.stream(nil)
}

func TestDecompressRunWithoutEndOfBlock(t *testing.T) {
	stream := noEOBRunStream()

	// compress/flate decodes the block until the input runs out: the
	// case where FuzzDecompress sees it yield more than fuzzLimit bytes.
	std, stdErr := stdInflate(stream, fuzzLimit)
	if len(std) <= fuzzLimit {
		t.Errorf("compress/zlib read %d bytes (err %v), want more than %d: the stream does not show the case", len(std), stdErr, fuzzLimit)
	}
	if all, err := zlibReadAll(stream); err == nil || len(all) < 1+noEOBMatches*258 {
		t.Errorf("compress/zlib read all: %d bytes, err %v; want %d bytes or more, then an error", len(all), err, 1+noEOBMatches*258)
	}

	// inflate.c refuses the block before decoding it, and so does
	// AppendDecompress, whatever the limit.
	for _, limit := range []int{fuzzLimit, -1} {
		got, err := AppendDecompress(nil, stream, limit)
		if !errors.Is(err, errNoEOB) || !errors.Is(err, ErrCorrupt) || len(got) != 0 {
			t.Errorf("AppendDecompress(limit %d) = %d bytes, %v; want none and %v", limit, len(got), err, errNoEOB)
		}
	}

	// The seed FuzzDecompress runs on every go test is this stream.
	seed, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzDecompress", "dynamic-block-without-end-of-block"))
	if want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", stream); err != nil || string(seed) != want {
		t.Errorf("fuzz seed (err %v) is not noEOBRunStream's: got\n%s\nwant\n%s", err, seed, want)
	}
}

// TestDecompressRunWithoutEndOfBlockCZlib checks that C zlib, through
// Python's zlib module, refuses the stream too.
func TestDecompressRunWithoutEndOfBlockCZlib(t *testing.T) {
	interop.Python(t)
	const script = `import sys, zlib
try:
    zlib.decompress(sys.stdin.buffer.read())
    print("accepted")
except zlib.error as e:
    print(e)
`
	out := strings.TrimSpace(string(interop.Run(t, script, noEOBRunStream())))
	if !strings.Contains(out, "invalid code -- missing end-of-block") {
		t.Errorf("Python's zlib.decompress: %s; want zlib.error: invalid code -- missing end-of-block", out)
	}
}
