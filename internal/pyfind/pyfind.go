// Package pyfind finds a Python interpreter and reports the versions of the
// Flask libraries it imports, so that the interop tests and the demo agree on
// which Flask they can use and say the same thing when they cannot.
//
// It does not import "testing": internal/interop wraps it for tests (skip or
// fail), and cmd/flasksession's demo can call it directly.
//
//	in, err := pyfind.Find(ctx, pyfind.Candidates(os.Getenv(pyfind.EnvPython))...)
//	if err == nil {
//		err = in.Check(pyfind.FlaskOracle)
//	}
//	if err != nil {
//		return err // "Flask 2.2.2 found in /usr/bin/python3, Flask 3.1.3 or newer needed ..."
//	}
//
// [FindWith] instead takes the first of several candidates that meets the
// requirements, for an interpreter chosen by what it has installed.
package pyfind

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// EnvPython names the variable that chooses the interpreter. Unset, the
// interpreter is "python3" on PATH.
const EnvPython = "FLASKSESSION_PYTHON"

// Distribution names as pip knows them; [Interpreter.Versions] is keyed by these.
const (
	Flask        = "flask"
	Werkzeug     = "werkzeug"
	ItsDangerous = "itsdangerous"
	MarkupSafe   = "markupsafe"
	FlaskLogin   = "flask-login"
	FlaskWTF     = "flask-wtf"
)

// probed lists the distributions [Probe] asks about.
var probed = []string{Flask, Werkzeug, ItsDangerous, MarkupSafe, FlaskLogin, FlaskWTF}

// probeScript prints a JSON object: the interpreter's sys.executable and
// version, and each distribution's version (absent when not installed).
// importlib.metadata reads the installed metadata without importing the
// libraries, so a broken install still reports what it has.
const probeScript = `
import json, sys
try:
    from importlib import metadata
except ImportError:
    metadata = None
vers = {}
for name in sys.argv[1:]:
    try:
        vers[name] = metadata.version(name)
    except Exception:
        pass
print(json.dumps({"executable": sys.executable, "python": "%d.%d.%d" % sys.version_info[:3], "versions": vers}))
`

// Interpreter is a Python interpreter and what it has installed.
type Interpreter struct {
	// Path is the interpreter as found on PATH (absolute when it contains a
	// slash or was looked up).
	Path string
	// Python is the interpreter's own version, such as "3.12.4".
	Python string
	// Versions maps each installed distribution among Flask, Werkzeug,
	// itsdangerous, MarkupSafe, Flask-Login and Flask-WTF to its version.
	Versions map[string]string
}

// Requirement is a minimum version of one distribution.
type Requirement struct {
	Name string // distribution name, such as [Flask]
	Min  string // lowest acceptable version, such as "3.1.3"
}

// FlaskOracle is what the interop tests and the demo need: the versions the
// golden vectors in testdata/ were made with.
var FlaskOracle = []Requirement{{Flask, "3.1.3"}, {ItsDangerous, "2.2.0"}, {Werkzeug, "3.1.0"}, {MarkupSafe, "2.1.1"}}

// FlaskLoginOracle and FlaskWTFOracle are what the Flask-Login and
// Flask-WTF differential tests need; Debian's python3-flask-login and
// python3-flaskext.wtf (with its Flask 2.2.2) satisfy them.
// FlaskExtensions is both.
var (
	FlaskLoginOracle = []Requirement{{Flask, "2.2.2"}, {FlaskLogin, "0.6.2"}}
	FlaskWTFOracle   = []Requirement{{Flask, "2.2.2"}, {FlaskWTF, "1.1.1"}}
	FlaskExtensions  = []Requirement{{Flask, "2.2.2"}, {FlaskLogin, "0.6.2"}, {FlaskWTF, "1.1.1"}}
)

// ErrNotFound reports that none of the candidate interpreters exists.
var ErrNotFound = errors.New("pyfind: no Python interpreter found")

// VersionError reports an interpreter whose libraries are missing or older
// than a [Requirement].
type VersionError struct {
	Path  string // the interpreter
	Name  string // the distribution, such as [Flask]
	Found string // the installed version, "" when not installed
	Need  string // the minimum
	Env   string // the variable that chooses the interpreter; "" means [EnvPython]
}

func (e *VersionError) Error() string {
	found := "no " + displayName(e.Name)
	if e.Found != "" {
		found = displayName(e.Name) + " " + e.Found
	}
	return fmt.Sprintf("%s found in %s, %s %s or newer needed (set %s to another interpreter)",
		found, e.Path, displayName(e.Name), e.Need, cmp.Or(e.Env, EnvPython))
}

// Candidates returns the interpreters to try, in order: override when it is
// not empty (only it: an explicit choice is not second-guessed), else
// "python3".
func Candidates(override string) []string {
	if override != "" {
		return []string{override}
	}
	return []string{"python3"}
}

// Find probes each candidate (a name on PATH or a path) in order and returns
// the first that runs. It does not check versions: see [Interpreter.Check].
// With no candidate found it returns an error wrapping [ErrNotFound].
func Find(ctx context.Context, candidates ...string) (*Interpreter, error) {
	var errs []string
	for _, c := range candidates {
		in, err := Probe(ctx, c)
		if err == nil {
			return in, nil
		}
		errs = append(errs, err.Error())
	}
	return nil, fmt.Errorf("%w: %s (set %s)", ErrNotFound, strings.Join(errs, "; "), EnvPython)
}

// FindWith returns the first candidate that runs and meets reqs. When none
// does, the error is the first candidate's: a [*VersionError] if it runs, or
// one wrapping [ErrNotFound] if no candidate runs.
func FindWith(ctx context.Context, reqs []Requirement, candidates ...string) (*Interpreter, error) {
	return FindFor(ctx, EnvPython, reqs, candidates...)
}

// FindFor is [FindWith] for an interpreter chosen by the variable env
// (such as FLASKSESSION_LOGIN_PYTHON): its errors say to set env.
func FindFor(ctx context.Context, env string, reqs []Requirement, candidates ...string) (*Interpreter, error) {
	var first error
	for _, c := range candidates {
		in, err := Probe(ctx, c)
		if err == nil {
			if err = in.Check(reqs); err == nil {
				return in, nil
			}
			var ve *VersionError
			if errors.As(err, &ve) {
				ve.Env = env
			}
			if first == nil || !errors.As(first, &ve) {
				first = err
			}
			continue
		}
		if first == nil {
			first = fmt.Errorf("%w: %v (set %s)", ErrNotFound, err, env)
		}
	}
	if first == nil {
		first = fmt.Errorf("%w: no candidates", ErrNotFound)
	}
	return nil, first
}

// Probe runs the interpreter named or located by name and reports its
// versions.
func Probe(ctx context.Context, name string) (*Interpreter, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an executable file or a command on PATH", name)
	}
	cmd := exec.CommandContext(ctx, path, append([]string{"-c", probeScript}, probed...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		if msg != "" {
			return nil, fmt.Errorf("%s does not run: %v: %s", path, err, msg)
		}
		return nil, fmt.Errorf("%s does not run: %v", path, err)
	}
	var res struct {
		Python   string            `json:"python"`
		Versions map[string]string `json:"versions"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("%s: unexpected probe output %.100q", path, out)
	}
	if res.Versions == nil {
		res.Versions = map[string]string{}
	}
	return &Interpreter{Path: path, Python: res.Python, Versions: res.Versions}, nil
}

// Version returns the installed version of the distribution name, or "".
func (in *Interpreter) Version(name string) string { return in.Versions[name] }

// Check returns a [*VersionError] for the first requirement the interpreter
// does not meet, or nil.
func (in *Interpreter) Check(reqs []Requirement) error {
	for _, r := range reqs {
		v := in.Versions[r.Name]
		if v == "" || Compare(v, r.Min) < 0 {
			return &VersionError{Path: in.Path, Name: r.Name, Found: v, Need: r.Min}
		}
	}
	return nil
}

// Summary lists the installed versions in a fixed order, such as
// "Python 3.12.4, Flask 3.1.3, Werkzeug 3.1.8, itsdangerous 2.2.0".
func (in *Interpreter) Summary() string {
	parts := []string{"Python " + in.Python}
	for _, name := range probed {
		if v := in.Versions[name]; v != "" {
			parts = append(parts, displayName(name)+" "+v)
		}
	}
	return strings.Join(parts, ", ")
}

// Compare compares two release versions numerically, component by
// component ("3.1.10" > "3.1.3"; a missing component counts as 0). A
// component's non-numeric suffix ("0rc1", "2.post1") is ignored, so a
// pre-release compares equal to its release.
func Compare(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		x, y := component(as, i), component(bs, i)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func component(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	s := parts[i]
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	v, _ := strconv.Atoi(s[:n])
	return v
}

// displayName is a distribution's name as its project spells it.
func displayName(name string) string {
	switch name {
	case Flask:
		return "Flask"
	case Werkzeug:
		return "Werkzeug"
	case MarkupSafe:
		return "MarkupSafe"
	case FlaskLogin:
		return "Flask-Login"
	case FlaskWTF:
		return "Flask-WTF"
	}
	return name
}
