package vectors

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flasksession/flasksession/internal/interop"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// parse decodes JSON keeping numbers as written, so that 1 and 1.0 or big
// integers never compare equal by accident.
func parse(t *testing.T, name string, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if dec.More() {
		t.Fatalf("%s: trailing data after the JSON document", name)
	}
	return v
}

var update = flag.Bool("update", false, "rewrite testdata/flask-3.1.3.json from testdata/gen_vectors.py")

// TestVectorsRegenerate runs the generator against the installed Flask and
// requires its output to equal the committed vectors, proving that every
// vector comes from the real libraries and can be rebuilt. With -update it
// writes the output over the committed file instead.
func TestVectorsRegenerate(t *testing.T) {
	interop.Python(t)
	committed := Path()
	got := interop.RunFile(t, Generator(), nil)
	if *update {
		if err := os.WriteFile(committed, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%s)", committed, interop.Versions())
		return
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}

	wantV, gotV := parse(t, committed, want), parse(t, "generator output", got)
	// Different library versions legitimately give different vectors: say so
	// instead of printing a diff of every signature.
	wantMeta, _ := wantV.(map[string]any)["meta"].(map[string]any)
	gotMeta, _ := gotV.(map[string]any)["meta"].(map[string]any)
	for _, lib := range []string{"python", "flask", "itsdangerous", "werkzeug", "markupsafe", "zlib_runtime_version"} {
		if wantMeta[lib] != gotMeta[lib] {
			msg := "committed vectors were made with %s %v, the oracle has %v"
			if interop.Required() {
				t.Fatalf(msg, lib, wantMeta[lib], gotMeta[lib])
			}
			t.Skipf(msg+"; skipping the regeneration check", lib, wantMeta[lib], gotMeta[lib])
		}
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Fatalf("gen_vectors.py output differs from %s (-committed +generated):\n%s", committed, diff)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("gen_vectors.py output parses equal to %s but its bytes differ (formatting changed)", committed)
	}
}

// TestGeneratorOutFlag checks that --out writes the same document as stdout.
func TestGeneratorOutFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator; skipped in -short mode")
	}
	interop.Python(t)
	out := filepath.Join(t.TempDir(), "vectors.json")
	if stdout := interop.RunFile(t, Generator(), nil, "--out", out); len(stdout) != 0 {
		t.Errorf("with --out the generator printed %d bytes to stdout, want none", len(stdout))
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	committed := Path()
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(parse(t, committed, want), parse(t, out, written)); diff != "" {
		t.Errorf("--out file differs from %s (-committed +written):\n%s", committed, diff)
	}
}
