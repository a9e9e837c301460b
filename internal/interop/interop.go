// Package interop finds the Python interpreter that carries the real Flask
// and itsdangerous, for the differential tests that compare this module with
// them. It is imported by tests only.
//
// The interpreter comes from FLASKSESSION_PYTHON, else "python3" on PATH.
// When it is missing, or lacks Flask, a test that asks for it is skipped with
// a message saying what to install, unless FLASKSESSION_INTEROP=require is
// set (as .ci/run does), in which case the test fails instead.
package interop

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvPython names the variable that overrides the interpreter path.
const EnvPython = "FLASKSESSION_PYTHON"

// EnvInterop names the variable that, set to "require", turns a missing
// interpreter or Flask from a skip into a failure.
const EnvInterop = "FLASKSESSION_INTEROP"

// probeScript checks that the oracle's libraries import and prints their
// versions, one per line.
const probeScript = `
import importlib.metadata as m
import flask, itsdangerous, werkzeug, markupsafe
for name in ("flask", "itsdangerous", "werkzeug", "markupsafe"):
    print(name, m.version(name))
`

var (
	probeOnce sync.Once
	probePath string
	probeErr  error
	probeVers string
)

// Required reports whether FLASKSESSION_INTEROP=require is set.
func Required() bool { return os.Getenv(EnvInterop) == "require" }

// interpreter returns the configured interpreter name.
func interpreter() string {
	if p := os.Getenv(EnvPython); p != "" {
		return p
	}
	return "python3"
}

func probe() {
	name := interpreter()
	path, err := exec.LookPath(name)
	if err != nil {
		probeErr = fmt.Errorf("no Python interpreter %q on PATH (set %s to one with Flask 3.1 installed)", name, EnvPython)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-c", probeScript)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		probeErr = fmt.Errorf("%s cannot import flask/itsdangerous/werkzeug/markupsafe (pip install 'flask==3.1.3' 'itsdangerous==2.2.0'): %v: %s",
			path, err, strings.TrimSpace(stderr.String()))
		return
	}
	probePath, probeVers = path, strings.TrimSpace(string(out))
}

// Python returns the path of an interpreter that imports Flask, or skips the
// test (fails it under FLASKSESSION_INTEROP=require) when there is none.
func Python(t testing.TB) string {
	t.Helper()
	probeOnce.Do(probe)
	if probeErr != nil {
		if Required() {
			t.Fatalf("interop test required (%s=require) but unavailable: %v", EnvInterop, probeErr)
		}
		t.Skipf("skipping interop test against real Flask: %v", probeErr)
	}
	return probePath
}

// Versions returns the oracle's library versions as "name version" lines,
// after Python has succeeded.
func Versions() string { return probeVers }

// Run runs script with the Flask-bearing interpreter, feeding stdin, and
// returns its standard output. Any failure of the script fails the test with
// its standard error. Extra args are passed to the script as sys.argv[1:].
func Run(t testing.TB, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	py := Python(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{"-c", script}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python script failed: %v\n%s", err, stderr.String())
	}
	return out
}

// Command returns an exec.Cmd for the Flask-bearing interpreter with args,
// for tests that start a long-running Python process (a Flask server).
func Command(t testing.TB, ctx context.Context, args ...string) *exec.Cmd {
	t.Helper()
	return exec.CommandContext(ctx, Python(t), args...)
}
