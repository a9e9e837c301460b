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
	wtfOnce.Do(func() {
		path := os.Getenv(envWTFPython)
		if path == "" {
			path = "/usr/bin/python3"
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "-c", "import flask_wtf, flask; print(flask_wtf.__version__, flask.__version__)")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if out, err := cmd.Output(); err != nil {
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			wtfErr = path + " cannot import flask_wtf (install python3-flaskext.wtf or set " + envWTFPython + "): " + lines[len(lines)-1]
		} else {
			wtfPath = path
			_ = out
		}
	})
	if wtfErr != "" {
		if interop.Required() {
			t.Fatalf("Flask-WTF oracle required (%s=require): %s", interop.EnvInterop, wtfErr)
		}
		t.Skip("skipping: " + wtfErr)
	}
	return wtfPath
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
