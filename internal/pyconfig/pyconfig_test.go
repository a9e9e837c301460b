package pyconfig

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValueAndKind(t *testing.T) {
	tests := []struct {
		raw      string
		want     any
		wantKind string
	}{
		{"true", true, "a boolean"},
		{"3600", 3600.0, "a number"},
		{"null", nil, "null"},
		{`"quoted"`, "quoted", "a string"},
		{"plain text", "plain text", "a string"},
		{`["POST","PUT"]`, []any{"POST", "PUT"}, "a list"},
		{`{"a":1}`, map[string]any{"a": 1.0}, "an object"},
		{"", "", "a string"},
	}
	for _, tt := range tests {
		v := Value(tt.raw)
		if d := cmp.Diff(tt.want, v); d != "" {
			t.Errorf("Value(%q): %s", tt.raw, d)
		}
		if k := Kind(v); k != tt.wantKind {
			t.Errorf("Kind(Value(%q)) = %q, want %q", tt.raw, k, tt.wantKind)
		}
	}
}

func TestGetter(t *testing.T) {
	env := map[string]string{"FLASK_A": "1", "APP__B": "x"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		prefix, key, wantName string
		want                  any
		wantOK                bool
	}{
		{"", "A", "FLASK_A", 1.0, true},
		{"FLASK", "A", "FLASK_A", 1.0, true},
		{"APP_", "B", "APP__B", "x", true},
		{"", "B", "FLASK_B", nil, false},
	}
	for _, tt := range tests {
		v, name, ok := Getter(tt.prefix, lookup)(tt.key)
		if v != tt.want || name != tt.wantName || ok != tt.wantOK {
			t.Errorf("Getter(%q)(%q) = %v, %q, %v", tt.prefix, tt.key, v, name, ok)
		}
	}
}
