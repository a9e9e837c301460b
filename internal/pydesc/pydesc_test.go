package pydesc

import (
	"math"
	"strings"
	"testing"

	"github.com/flasksession/flasksession/internal/pyrepr"
	"github.com/flasksession/flasksession/internal/vectors"
	"github.com/flasksession/flasksession/tagjson"
)

// TestReprOfVectors converts every tagged_json descriptor and checks that
// Repr prints what Python printed for the original value.
func TestReprOfVectors(t *testing.T) {
	n := 0
	for _, v := range vectors.Load(t).TaggedJSON {
		if len(v.Value) == 0 || v.PythonRepr == "" {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			got, err := FromJSON(v.Value, Options{Ordered: true})
			if err != nil {
				t.Fatal(err)
			}
			want := v.PythonRepr
			if dt, ok := got.(interface{ IsZero() bool }); ok && !dt.IsZero() && strings.HasPrefix(want, "datetime.datetime(") {
				// Go has no naive datetimes and keeps no fixed offset name:
				// only compare the instant's repr when Python's was UTC.
				if !strings.Contains(want, "timezone.utc") {
					t.Skip("naive or offset datetime: Go holds the instant")
				}
			}
			if r := pyrepr.Repr(got); r != want {
				t.Errorf("Repr = %s\nwant   %s", r, want)
			}
		})
		n++
	}
	if n < 25 {
		t.Fatalf("only %d vectors converted", n)
	}
}

func TestValueTypes(t *testing.T) {
	tests := []struct {
		desc string
		want string
	}{
		{`{"t":"int","v":"18446744073709551616"}`, "18446744073709551616"},
		{`{"t":"float","v":"nan"}`, "nan"},
		{`{"t":"float","v":"1e+16"}`, "1e+16"},
		{`{"t":"float","v":"-0.0"}`, "-0.0"},
		{`{"t":"float","v":"123456789.123"}`, "123456789.123"},
		{`{"t":"tuple","items":[{"t":"int","v":"3"}]}`, "(3,)"},
		{`{"t":"dict","items":[[{"t":"int","v":"10"},{"t":"str","v":"x"}],[{"t":"int","v":"2"},{"t":"none"}]]}`, "{2: None, 10: 'x'}"},
		{`{"t":"bytes","hex":"27ff"}`, `b"'\xff"`},
		{`{"t":"decimal","v":"1.10"}`, "Decimal('1.10')"},
	}
	for _, tt := range tests {
		got, err := FromJSON([]byte(tt.desc), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.desc, err)
		}
		if r := pyrepr.Repr(got); r != tt.want {
			t.Errorf("%s: Repr = %s, want %s", tt.desc, r, tt.want)
		}
	}
	v, _ := FromJSON([]byte(`{"t":"uuid","v":"12345678-1234-5678-1234-567812345678"}`), Options{})
	if _, ok := v.(tagjson.UUID); !ok {
		t.Errorf("uuid gives %T", v)
	}
	f, _ := FromJSON([]byte(`{"t":"float","v":"-inf"}`), Options{})
	if x, _ := f.(float64); !math.IsInf(x, -1) {
		t.Errorf("-inf gives %v", f)
	}
	if _, err := FromJSON([]byte(`{"t":"set"}`), Options{}); err == nil {
		t.Error("unknown descriptor type accepted")
	}
}
