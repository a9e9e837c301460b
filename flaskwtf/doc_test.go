package flaskwtf

import (
	"os"
	"strings"
	"testing"
)

// TestQuickStartIsTheExample keeps the package documentation's quick start
// and the package Example, which runs it, the same code: every line of the
// first appears, in order, in the second (the Example differs only in its
// secret key and in calling the handler instead of listening).
func TestQuickStartIsTheExample(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	block := string(doc)
	block = block[strings.Index(block, "// # Quick start"):]
	block = block[:strings.Index(block, "http.ListenAndServe")]
	example := string(ex)
	example = example[strings.Index(example, "func Example() {"):]
	example = example[:strings.Index(example, "\n}\n")]
	rest := example
	n := 0
	for _, line := range strings.Split(block, "\n") {
		code, ok := strings.CutPrefix(line, "//\t")
		if !ok || strings.Contains(code, "flasksession.New(") {
			continue
		}
		i := strings.Index(rest, code)
		if i < 0 {
			t.Errorf("quick start line %q is not in Example (in order)", code)
			continue
		}
		rest = rest[i+len(code):]
		n++
	}
	if n < 10 {
		t.Errorf("only %d quick start lines found", n)
	}
}
