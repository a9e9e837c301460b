package interop

import (
	"strings"
	"testing"
)

func TestOracleVersions(t *testing.T) {
	Python(t)
	v := Versions()
	for _, want := range []string{"flask 3.1.3", "itsdangerous 2.2.0"} {
		if !strings.Contains(v, want) {
			t.Errorf("oracle versions = %q, want a line %q: the vectors were made with those versions", v, want)
		}
	}
}

func TestRunPassesStdinAndArgs(t *testing.T) {
	out := Run(t, "import sys; print(sys.stdin.read().upper(), sys.argv[1])", []byte("abc"), "x")
	if got, want := strings.TrimSpace(string(out)), "ABC x"; got != want {
		t.Errorf("Run output = %q, want %q", got, want)
	}
}
