// Package interop gives the differential tests the Python interpreter that
// carries the real Flask and itsdangerous, and the seeds of the randomized
// tests. It is imported by tests only; the finding and the version check are
// internal/pyfind's, shared with the demo.
//
// The interpreter comes from FLASKSESSION_PYTHON, else "python3" on PATH, and
// must have the libraries of [pyfind.FlaskOracle]. When it is missing or
// older, a test that asks for it is skipped with one line saying which Flask
// was found and which is needed, unless FLASKSESSION_INTEROP=require is set
// (as .ci/run does), in which case the test fails instead. A package whose
// TestMain is [Main] also prints that line once, without -v.
package interop

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/pyfind"
)

// EnvPython names the variable that overrides the interpreter path.
const EnvPython = pyfind.EnvPython

// EnvInterop names the variable that, set to "require", turns a missing
// interpreter or Flask from a skip into a failure.
const EnvInterop = "FLASKSESSION_INTEROP"

// Required reports whether FLASKSESSION_INTEROP=require is set.
func Required() bool { return os.Getenv(EnvInterop) == "require" }

// oracle is one probe of an interpreter against a set of requirements.
type oracle struct {
	once       sync.Once
	reqs       []pyfind.Requirement
	env        string   // the variable named in errors; "" means FLASKSESSION_PYTHON
	candidates []string // nil: FLASKSESSION_PYTHON, else python3
	in         *pyfind.Interpreter
	err        error
}

func (o *oracle) get() (*pyfind.Interpreter, error) {
	o.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if o.candidates == nil {
			o.in, o.err = pyfind.Find(ctx, pyfind.Candidates(os.Getenv(EnvPython))...)
			if o.err == nil {
				o.err = o.in.Check(o.reqs)
			}
			return
		}
		o.in, o.err = pyfind.FindFor(ctx, cmp.Or(o.env, EnvPython), o.reqs, o.candidates...)
	})
	return o.in, o.err
}

var (
	flaskOracle = &oracle{reqs: pyfind.FlaskOracle}

	skipMu      sync.Mutex
	skipCount   int
	skipReasons []string // distinct, in order of first skip
)

// Python returns the path of an interpreter with the oracle's libraries, or
// skips the test (fails it under FLASKSESSION_INTEROP=require) when there is
// none.
func Python(t testing.TB) string {
	t.Helper()
	return require(t, flaskOracle)
}

// extOracles caches PythonWith's probes by requirement set.
var (
	extMu      sync.Mutex
	extOracles = map[string]*oracle{}
)

// PythonWith returns the first of candidates (names on PATH or paths) that
// meets reqs, or skips the test as [Python] does. It serves tests that need
// another interpreter than the main oracle, such as Debian's python3 with
// Flask-Login and Flask-WTF:
//
//	py := interop.PythonWith(t, pyfind.FlaskExtensions, os.Getenv(interop.EnvPython), "/usr/bin/python3")
//
// Empty candidates are ignored; with none left, the interpreter is the
// main oracle's (FLASKSESSION_PYTHON, else python3).
func PythonWith(t testing.TB, reqs []pyfind.Requirement, candidates ...string) string {
	t.Helper()
	return require(t, extOracle(reqs, "", candidates))
}

// PythonFrom is [PythonWith] for an interpreter chosen by the variable env:
// its value alone when set (an explicit choice is not second-guessed, so a
// wrong path skips rather than falls back), else the first of fallbacks
// that meets reqs. The skip line says to set env:
//
//	py := interop.PythonFrom(t, pyfind.FlaskLoginOracle, "FLASKSESSION_LOGIN_PYTHON", "/usr/bin/python3")
func PythonFrom(t testing.TB, reqs []pyfind.Requirement, env string, fallbacks ...string) string {
	t.Helper()
	return require(t, envOracle(reqs, env, fallbacks))
}

// FindPythonFrom is [PythonFrom] without the skip: the interpreter's path,
// or why there is none. It serves a benchmark that still times the Go side
// without the oracle.
func FindPythonFrom(reqs []pyfind.Requirement, env string, fallbacks ...string) (string, error) {
	in, err := envOracle(reqs, env, fallbacks).get()
	if err != nil {
		return "", err
	}
	return in.Path, nil
}

// envOracle is the probe PythonFrom makes.
func envOracle(reqs []pyfind.Requirement, env string, fallbacks []string) *oracle {
	if v := os.Getenv(env); v != "" {
		fallbacks = []string{v}
	}
	return extOracle(reqs, env, fallbacks)
}

// extOracle returns the cached probe of candidates against reqs.
func extOracle(reqs []pyfind.Requirement, env string, candidates []string) *oracle {
	var cs []string
	for _, c := range candidates {
		if c != "" {
			cs = append(cs, c)
		}
	}
	key := fmt.Sprint(reqs, env, cs)
	extMu.Lock()
	defer extMu.Unlock()
	o := extOracles[key]
	if o == nil {
		o = &oracle{reqs: reqs, env: env, candidates: cs}
		extOracles[key] = o
	}
	return o
}

func require(t testing.TB, o *oracle) string {
	t.Helper()
	in, err := o.get()
	if err != nil {
		if Required() {
			t.Fatalf("interop test required (%s=require) but unavailable: %v", EnvInterop, err)
		}
		skipMu.Lock()
		skipCount++
		if !slices.Contains(skipReasons, err.Error()) {
			skipReasons = append(skipReasons, err.Error())
		}
		skipMu.Unlock()
		t.Skipf("interop test skipped: %v", err)
	}
	return in.Path
}

// Versions returns the oracle's library versions, such as "Python 3.12.4,
// Flask 3.1.3, ...", after Python has succeeded.
func Versions() string {
	in, err := flaskOracle.get()
	if in == nil || err != nil {
		return ""
	}
	return in.Summary()
}

// Run runs script (Python source, usually a testdata/*.py file embedded
// with //go:embed) with the Flask-bearing interpreter, feeding stdin, and
// returns its standard output. Any failure of the script fails the test with
// its standard error. Extra args are passed to the script as sys.argv[1:].
func Run(t testing.TB, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	return run(t, append([]string{"-c", script}, args...), stdin)
}

// RunFile is [Run] for a Python program given by its path.
func RunFile(t testing.TB, path string, stdin []byte, args ...string) []byte {
	t.Helper()
	return run(t, append([]string{path}, args...), stdin)
}

func run(t testing.TB, args []string, stdin []byte) []byte {
	t.Helper()
	py := Python(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+PythonPath())
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python script failed: %v\n%s", err, stderr.String())
	}
	return out
}

// PythonPath returns the PYTHONPATH the scripts run with: the module's
// testdata/, so that they import pydesc (testdata/pydesc.py, the typed
// descriptions the tests compare).
func PythonPath() string { return filepath.Join(ModuleRoot(), "testdata") }

// Main runs the package's tests, then the cleanups, and exits; use it as
// TestMain:
//
//	func TestMain(m *testing.M) { interop.Main(m) }
//
// When interop tests were skipped it prints one line saying how many and
// why, visible without -v where the system lets a child reach go test's
// standard error (Linux's /proc; see report).
func Main(m *testing.M, cleanups ...func()) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	skipMu.Lock()
	n, reason := skipCount, strings.Join(skipReasons, "; ")
	skipMu.Unlock()
	if n > 0 {
		tests := "tests"
		if n == 1 {
			tests = "test"
		}
		report(fmt.Sprintf("%s: %d interop %s skipped: %s\n", packageName(), n, tests, reason))
	}
	os.Exit(code)
}

// report writes line where the person running go test sees it. Without -v,
// go test keeps a passing package's output to itself, so the line goes to
// go test's own standard error when that is a terminal or a pipe (a regular
// file is left alone: go test writes it at its own offset, over the line).
func report(line string) {
	if !testing.Verbose() {
		name := fmt.Sprintf("/proc/%d/fd/2", os.Getppid())
		if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
			if f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0); err == nil {
				_, werr := f.WriteString(line)
				f.Close()
				if werr == nil {
					return
				}
			}
		}
	}
	os.Stdout.WriteString(line)
}

// packageName names the test binary's package for the skip line.
func packageName() string { return path.Join("flasksession", moduleDir()) }

// moduleDir returns the test binary's package directory relative to the
// module root, such as "tagjson" or ".".
func moduleDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	rel, err := filepath.Rel(ModuleRoot(), wd)
	if err != nil {
		return "."
	}
	return filepath.ToSlash(rel)
}

// ModuleRoot returns the module root: the nearest directory at or above the
// working directory that holds go.mod (go test runs each test binary in its
// package's directory).
func ModuleRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}
