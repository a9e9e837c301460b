package flasksession

import (
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
)

// idnaScript encodes each domain of a JSON list as Werkzeug's dump_cookie
// does (Python's "idna" codec), "" where the codec raises.
//
//go:embed testdata/idna_encode.py
var idnaScript string

// TestIDNAInterop checks idnaEncode against Python's idna codec: every
// non-ASCII character it accepts, alone and between ASCII letters,
// encodes as Python encodes it; and names on which its
// partial nameprep would differ from Python's are refused, not written
// differently.
func TestIDNAInterop(t *testing.T) {
	var names []string
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if nameprepExact(r) {
			names = append(names, string(r)+".example", "a"+string(r)+"b.example")
		}
	}
	// Characters outside the exact set, which the codec maps otherwise.
	refused := []string{
		"İ.com", "İx.com", "ς.com", "ⓐ.com", "ﬁ.com", "Ⅻ.com", "①.com", "ǅ.com", "ſ.com", "ĳ.com",
		"e\u0301.com", "\u0627\u0031.com", "\u05d0a.com", "😀.example", "bücher\u3000x.com",
		"x\ufe55y.com", "x\u2024y.com", "ﾊ.com", "\u0390.com",
	}
	in, _ := json.Marshal(append(append([]string(nil), names...), refused...))
	var py []string
	if err := json.Unmarshal(interop.Run(t, idnaScript, in), &py); err != nil {
		t.Fatal(err)
	}
	for i, d := range names {
		got, err := idnaEncode(d)
		if py[i] == "" && err == nil || py[i] != "" && (err != nil || got != py[i]) {
			t.Errorf("idnaEncode(%q) = %q, %v; Python %q (empty: the codec raises)", d, got, err, py[i])
		}
	}
	for i, d := range refused {
		if got, err := idnaEncode(d); err == nil {
			t.Errorf("idnaEncode(%q) = %q (Python %q), want an error", d, got, py[len(names)+i])
		}
	}
}
