package flaskwtf

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/internal/pyfind"
)

// envWTFPython names the variable that points at an interpreter with
// Flask-WTF; without it, Debian's /usr/bin/python3
// (python3-flaskext.wtf) is used.
const envWTFPython = "FLASKSESSION_WTF_PYTHON"

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// wtfPython returns an interpreter with Flask-WTF, or skips the test with
// one line (fails it under FLASKSESSION_INTEROP=require).
func wtfPython(t testing.TB) string {
	t.Helper()
	return interop.PythonFrom(t, pyfind.FlaskWTFOracle, envWTFPython, debianPython)
}

// findWTFPython is wtfPython without the skip, for the benchmarks.
func findWTFPython() (string, error) {
	return interop.FindPythonFrom(pyfind.FlaskWTFOracle, envWTFPython, debianPython)
}

// debianPython is where Debian's python3-flaskext.wtf installs.
const debianPython = "/usr/bin/python3"

// runPython runs script (a file under testdata) with the Flask-WTF
// interpreter, feeding stdin, and returns its output.
func runPython(t testing.TB, script string, stdin []byte) []byte {
	t.Helper()
	py := wtfPython(t)
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, stderr.String())
	}
	return out
}
