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
