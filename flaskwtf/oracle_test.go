package flaskwtf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// envWTFPython names the variable that points at an interpreter with
// Flask-WTF; without it, Debian's /usr/bin/python3 is tried.
const envWTFPython = "FLASKSESSION_WTF_PYTHON"

var (
	wtfOnce sync.Once
	wtfPath string
	wtfErr  string
)

// wtfPython returns an interpreter that imports flask_wtf, or skips the test
// with one line (fails it under FLASKSESSION_INTEROP=require).
func wtfPython(t testing.TB) string {
	t.Helper()
	probeWTF()
	if wtfErr != "" {
		if interop.Required() {
			t.Fatalf("Flask-WTF oracle required (%s=require): %s", interop.EnvInterop, wtfErr)
		}
		t.Skip("skipping: " + wtfErr)
	}
	return wtfPath
}

// probeWTF looks for the interpreter once, setting wtfPath or wtfErr.
func probeWTF() {
	wtfOnce.Do(func() {
		path := os.Getenv(envWTFPython)
		if path == "" {
			path = "/usr/bin/python3"
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "-c", "import flask_wtf, flask")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			why := err.Error()
			if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); lines[len(lines)-1] != "" {
				why = lines[len(lines)-1]
			}
			wtfErr = path + " cannot import flask_wtf (install python3-flaskext.wtf or set " + envWTFPython + "): " + why
			return
		}
		wtfPath = path
	})
}

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
