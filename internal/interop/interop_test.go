package interop

import (
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/pyfind"
)

func TestMain(m *testing.M) { Main(m) }

func TestOracleVersions(t *testing.T) {
	Python(t)
	v := Versions()
	for _, want := range []string{"Flask 3.1.3", "itsdangerous 2.2.0"} {
		if !strings.Contains(v, want) {
			t.Errorf("oracle versions = %q, want %q: the vectors were made with those versions", v, want)
		}
	}
}

func TestRunPassesStdinAndArgs(t *testing.T) {
	out := Run(t, "import sys; print(sys.stdin.read().upper(), sys.argv[1])", []byte("abc"), "x")
	if got, want := strings.TrimSpace(string(out)), "ABC x"; got != want {
		t.Errorf("Run output = %q, want %q", got, want)
	}
}

func TestSeeds(t *testing.T) {
	tests := []struct {
		name        string
		seed, count string
		want        []uint64
	}{
		{"one seed replays", "42", "", []uint64{FixedSeed, 42}},
		{"a batch of consecutive seeds", "7", "3", []uint64{FixedSeed, 7, 8, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvSeed, tt.seed)
			t.Setenv(EnvSeeds, tt.count)
			got := Seeds(t)
			if len(got) != len(tt.want) {
				t.Fatalf("Seeds = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Seeds = %v, want %v", got, tt.want)
				}
			}
		})
	}
	t.Run("unset gives the fixed seed and one random seed", func(t *testing.T) {
		t.Setenv(EnvSeed, "")
		if got := Seeds(t); len(got) != 2 || got[0] != FixedSeed {
			t.Errorf("Seeds = %v, want [%d, random]", got, FixedSeed)
		}
	})
}

func TestPackageName(t *testing.T) {
	if got, want := packageName(), "flasksession/internal/interop"; got != want {
		t.Errorf("packageName() = %q, want %q", got, want)
	}
}

func TestPythonWith(t *testing.T) {
	// Debian's python3 carries Flask-Login and Flask-WTF; skipped elsewhere.
	py := PythonWith(t, pyfind.FlaskExtensions, "/usr/bin/python3")
	if py == "" {
		t.Fatal("PythonWith returned no interpreter")
	}
}

func TestPythonFrom(t *testing.T) {
	// Unset, the variable gives way to the fallback: Debian's python3.
	t.Setenv("FLASKSESSION_TEST_UNSET_PYTHON", "")
	if py := PythonFrom(t, pyfind.FlaskExtensions, "FLASKSESSION_TEST_UNSET_PYTHON", "/usr/bin/python3"); py != "/usr/bin/python3" {
		t.Errorf("PythonFrom = %q, want /usr/bin/python3", py)
	}
}
