package pyconfig

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReader(t *testing.T) {
	type settings struct {
		B      bool
		S, O   string
		L      []string
		Custom string
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    settings
		wantErr string
	}{
		{"unset keeps the defaults", nil, settings{B: true, S: "s", O: "o", L: []string{"d"}}, ""},
		{"all set", map[string]string{"P_B": "false", "P_S": `"x"`, "P_O": "plain", "P_L": `["a","b"]`, "P_C": "c"},
			settings{S: "x", O: "plain", L: []string{"a", "b"}, Custom: "c"}, ""},
		{"null is no value for an optional string", map[string]string{"P_O": "null"}, settings{B: true, S: "s", L: []string{"d"}}, ""},
		{"false is no value for an optional string", map[string]string{"P_O": "false"}, settings{B: true, S: "s", L: []string{"d"}}, ""},
		{"null is not a string", map[string]string{"P_S": "null"}, settings{}, "P_S must be a string, not null"},
		{"bool given a number", map[string]string{"P_B": "1"}, settings{}, "P_B must be true or false, not a number"},
		{"optional string given true", map[string]string{"P_O": "true"}, settings{}, "P_O must be a string, not a boolean"},
		{"list given a string", map[string]string{"P_L": "POST"}, settings{}, "P_L must be a JSON list of strings, not a string"},
		{"list item not a string", map[string]string{"P_L": `["a", 1]`}, settings{}, "P_L[1] must be a string, not a number"},
		{"the first error is kept", map[string]string{"P_B": "1", "P_L": "x", "P_C": "bad"}, settings{}, "P_B must be true or false, not a number"},
		{"a custom setting's error", map[string]string{"P_C": "bad"}, settings{}, "P_C is bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := settings{B: true, S: "s", O: "o", L: []string{"d"}}
			r := NewReader("P", func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			r.Bool("B", &got.B)
			r.String("S", &got.S)
			r.OptionalString("O", &got.O)
			r.StringList("L", &got.L)
			if v, name, ok := r.Lookup("C"); ok {
				if v == "bad" {
					r.Fail(name, errors.New("is bad"))
				} else {
					got.Custom = v.(string)
				}
			}
			err := r.Err()
			if tt.wantErr != "" {
				var se *SettingError
				if err == nil || err.Error() != tt.wantErr || !errors.As(err, &se) {
					t.Fatalf("Err() = %v, want a SettingError %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
		})
	}
}
