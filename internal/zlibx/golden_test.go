package zlibx

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/flasksession/flasksession/internal/vectors"
)

// TestGoldenFlaskVectors checks AppendCompress against the zlib streams C
// zlib produced for the session JSON of every Flask vector, no Python
// needed.
func TestGoldenFlaskVectors(t *testing.T) {
	doc := vectors.Load(t)
	if len(doc.Sessions) == 0 {
		t.Fatal("no session vectors")
	}
	for _, v := range doc.Sessions {
		t.Run(v.Name, func(t *testing.T) {
			want, err := hex.DecodeString(v.ZlibHex)
			if err != nil {
				t.Fatal(err)
			}
			got := AppendCompress(nil, []byte(v.JSON))
			if !bytes.Equal(got, want) {
				t.Errorf("AppendCompress(%d bytes of JSON):\n got %x\nwant %x", len(v.JSON), got, want)
			}
			back, err := AppendDecompress(nil, want, len(v.JSON))
			if err != nil || string(back) != v.JSON {
				t.Errorf("AppendDecompress(C zlib stream) = %q, %v; want the JSON back", back, err)
			}
		})
	}
}
