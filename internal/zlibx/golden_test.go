package zlibx

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// TestGoldenFlaskVectors checks AppendCompress against the zlib streams C
// zlib produced for the session JSON of every Flask vector, no Python
// needed.
func TestGoldenFlaskVectors(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/flask-3.1.3.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sessions []struct {
			Name    string `json:"name"`
			JSON    string `json:"json"`
			ZlibHex string `json:"zlib_hex"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
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
