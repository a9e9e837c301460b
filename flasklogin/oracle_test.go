package flasklogin

import (
	"bytes"
	"context"
	_ "embed"
	"os/exec"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/internal/pyfind"
)

// envLoginPython names the interpreter with Flask-Login installed; else
// Debian's /usr/bin/python3 (python3-flask-login) is used.
const envLoginPython = "FLASKSESSION_LOGIN_PYTHON"

//go:embed testdata/oracle.py
var oracleScript string

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// loginPython returns an interpreter with Flask-Login, or skips the test
// (fails it under FLASKSESSION_INTEROP=require).
func loginPython(t testing.TB) string {
	t.Helper()
	return interop.PythonFrom(t, pyfind.FlaskLoginOracle, envLoginPython, "/usr/bin/python3")
}

// runOracle runs testdata/oracle.py in the given mode with stdin.
func runOracle(t testing.TB, mode string, stdin []byte) []byte {
	t.Helper()
	py := loginPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", oracleScript, mode)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle %s: %v\n%s", mode, err, stderr.String())
	}
	return out
}
