package pyfind

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"3.1.3", "3.1.3", 0},
		{"3.1.10", "3.1.3", 1},
		{"2.2.2", "3.1.3", -1},
		{"3.1", "3.1.0", 0},
		{"3.2", "3.1.9", 1},
		{"3.1.3rc1", "3.1.3", 0},
		{"10.0", "9.9", 1},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	old := &Interpreter{Path: "/usr/bin/python3", Versions: map[string]string{Flask: "2.2.2", ItsDangerous: "2.1.2"}}
	err := old.Check(FlaskOracle)
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Name != Flask || ve.Found != "2.2.2" || ve.Need != "3.1.3" {
		t.Fatalf("Check = %v, want a VersionError for Flask 2.2.2 < 3.1.3", err)
	}
	want := "Flask 2.2.2 found in /usr/bin/python3, Flask 3.1.3 or newer needed (set FLASKSESSION_PYTHON to another interpreter)"
	if got := err.Error(); got != want {
		t.Errorf("message\n got  %q\n want %q", got, want)
	}
	err = old.Check(FlaskExtensions)
	if !errors.As(err, &ve) || ve.Name != FlaskLogin || ve.Found != "" {
		t.Fatalf("Check(FlaskExtensions) = %v, want Flask-Login missing", err)
	}
	if got := err.Error(); !strings.HasPrefix(got, "no Flask-Login found in /usr/bin/python3") {
		t.Errorf("message for a missing library = %q", got)
	}
	current := &Interpreter{Versions: map[string]string{Flask: "3.1.3", ItsDangerous: "2.2.0", Werkzeug: "3.1.8", MarkupSafe: "3.0.3"}}
	if err := current.Check(FlaskOracle); err != nil {
		t.Errorf("Check of the oracle's versions = %v", err)
	}
}

func TestFindMissing(t *testing.T) {
	_, err := Find(context.Background(), "/nonexistent/python3", "no-such-python-here")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Find = %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "/nonexistent/python3") {
		t.Errorf("error %q does not name the candidates tried", err)
	}
}

// TestProbe runs whichever real interpreter is on PATH: the probe must read
// its version without importing Flask.
func TestProbe(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 on PATH")
	}
	in, err := Find(context.Background(), "/nonexistent/python3", "python3")
	if err != nil {
		t.Fatal(err)
	}
	if in.Python == "" || !strings.HasPrefix(in.Summary(), "Python 3.") {
		t.Errorf("probe of %s: %+v, summary %q", in.Path, in, in.Summary())
	}
}

func TestCandidates(t *testing.T) {
	if got := Candidates("/opt/py"); len(got) != 1 || got[0] != "/opt/py" {
		t.Errorf("Candidates(override) = %v", got)
	}
	if got := Candidates(""); len(got) != 1 || got[0] != "python3" {
		t.Errorf("Candidates(\"\") = %v", got)
	}
}

func TestFindWith(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 on PATH")
	}
	impossible := []Requirement{{Flask, "99.0"}}
	_, err := FindWith(context.Background(), impossible, "/nonexistent/python3", "python3")
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Need != "99.0" {
		t.Fatalf("FindWith(Flask 99) = %v, want the VersionError of the interpreter that runs", err)
	}
	in, err := FindWith(context.Background(), nil, "/nonexistent/python3", "python3")
	if err != nil || in.Python == "" {
		t.Fatalf("FindWith(no requirements) = %+v, %v", in, err)
	}
	if _, err := FindWith(context.Background(), nil, "/nonexistent/python3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("FindWith(missing) = %v, want ErrNotFound", err)
	}
}

// FindFor's errors say which variable chooses the interpreter.
func TestFindForNamesTheVariable(t *testing.T) {
	const env = "FLASKSESSION_OTHER_PYTHON"
	_, err := FindFor(context.Background(), env, nil, "/nonexistent/python3")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), env) {
		t.Errorf("FindFor(missing) = %v, want ErrNotFound naming %s", err, env)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		return
	}
	_, err = FindFor(context.Background(), env, []Requirement{{Flask, "99.0"}}, "python3")
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Env != env || !strings.Contains(err.Error(), env) {
		t.Errorf("FindFor(Flask 99) = %v, want a VersionError naming %s", err, env)
	}
}
