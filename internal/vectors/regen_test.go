package vectors

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flasksession/flasksession/internal/interop"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

const (
	generator = "../../testdata/gen_vectors.py"
	committed = "../../testdata/flask-3.1.3.json"
)

// runFile runs a Python file as __main__ with the given arguments; interop.Run
// only takes inline scripts.
const runFile = `import runpy, sys
path = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(path, run_name="__main__")
`

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

// TestVectorsRegenerate runs the generator against the installed Flask and
// requires its output to equal the committed vectors, proving that every
// vector comes from the real libraries and can be rebuilt.
func TestVectorsRegenerate(t *testing.T) {
	interop.Python(t)
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := filepath.Abs(generator)
	if err != nil {
		t.Fatal(err)
	}
	got := interop.Run(t, runFile, nil, gen)

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
	gen, err := filepath.Abs(generator)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "vectors.json")
	if stdout := interop.Run(t, runFile, nil, gen, "--out", out); len(stdout) != 0 {
		t.Errorf("with --out the generator printed %d bytes to stdout, want none", len(stdout))
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(parse(t, committed, want), parse(t, out, written)); diff != "" {
		t.Errorf("--out file differs from %s (-committed +written):\n%s", committed, diff)
	}
}
