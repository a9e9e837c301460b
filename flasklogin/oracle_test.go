package flasklogin

import (
	"bytes"
	"context"
	_ "embed"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// envLoginPython names the interpreter with Flask-Login installed; else
// /usr/bin/python3 is used when it imports flask_login.
const envLoginPython = "FLASKSESSION_LOGIN_PYTHON"

//go:embed testdata/oracle.py
var oracleScript string

var (
	loginPythonOnce sync.Once
	loginPythonPath string
)

// loginPython returns an interpreter that imports Flask-Login, or skips
// the test (fails it under FLASKSESSION_INTEROP=require).
func loginPython(t testing.TB) string {
	t.Helper()
	loginPythonOnce.Do(func() {
		candidates := []string{"/usr/bin/python3"}
		if p := os.Getenv(envLoginPython); p != "" {
			candidates = []string{p}
		}
		for _, p := range candidates {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			err := exec.CommandContext(ctx, p, "-c", "import flask_login").Run()
			cancel()
			if err == nil {
				loginPythonPath = p
				return
			}
		}
	})
	if loginPythonPath == "" {
		msg := "no Python with Flask-Login (set " + envLoginPython + ", or apt-get install python3-flask-login)"
		if interop.Required() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return loginPythonPath
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
