package pydesc

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

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

// TestDescribeRoundTrip checks that Value inverts Describe for every kind
// Describe knows.
func TestDescribeRoundTrip(t *testing.T) {
	big1, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		name string
		v    any
	}{
		{"none", nil},
		{"bool", true},
		{"int", int64(-7)},
		{"big int", big1},
		{"float", 1e16},
		{"nan", math.NaN()},
		{"str", "é😀\u2028"},
		{"lone surrogate", "a\xed\xa0\x80b"},
		{"markup", tagjson.Markup("<b>x</b>")},
		{"markup with a lone surrogate", tagjson.Markup("\xed\xb0\x80")},
		{"bytes", []byte{0, 0xff}},
		{"uuid", tagjson.UUID{0x12, 0x34}},
		{"datetime", time.Date(2024, 1, 2, 3, 4, 5, 6000, time.FixedZone("", 3600))},
		{"date", Date{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}},
		{"decimal", Decimal("1.10")},
		{"list", []any{int64(1), "x", nil}},
		{"tuple", tagjson.Tuple{int64(1), tagjson.Tuple{}}},
		{"dict", tagjson.Ordered{{Key: "b", Value: int64(1)}, {Key: "a", Value: []any{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Value(Describe(tt.v), Options{Ordered: true})
			if err != nil {
				t.Fatalf("Value(Describe(%#v)): %v", tt.v, err)
			}
			if g, w := pyrepr.Repr(got), pyrepr.Repr(tt.v); g != w {
				t.Errorf("round trip gives %s, want %s", g, w)
			}
		})
	}
}

func TestDescribeAsPython(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string // the description as JSON
	}{
		{"int8 is an int", int8(-8), `{"t":"int","v":"-8"}`},
		{"uint64 is an int", uint64(1 << 63), `{"t":"int","v":"9223372036854775808"}`},
		{"time to the second in UTC", time.Date(2024, 1, 2, 3, 4, 5, 999, time.FixedZone("", 3600)), `{"t":"datetime","v":"2024-01-02T02:04:05+00:00"}`},
		{"[]string is a list", []string{"a"}, `{"items":[{"t":"str","v":"a"}],"t":"list"}`},
		{"none", nil, `{"t":"none"}`},
		{"map items sorted by key", map[string]any{"b": int64(1), "a": nil},
			`{"items":[[{"t":"str","v":"a"},{"t":"none"}],[{"t":"str","v":"b"},{"t":"int","v":"1"}]],"t":"dict"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(DescribeAsPython(tt.v))
			if err != nil || string(got) != tt.want {
				t.Errorf("DescribeAsPython(%#v) = %s, %v; want %s", tt.v, got, err, tt.want)
			}
		})
	}
	if got := Describe(time.Date(2024, 1, 2, 3, 4, 5, 1, time.UTC))["v"]; got != "2024-01-02T03:04:05.000000(+1ns)+00:00" {
		t.Errorf("Describe of a time with nanoseconds = %v", got)
	}
	if got := Describe(int8(1))["t"]; got != "unexpected Go type int8" {
		t.Errorf("Describe(int8) type = %v, want the unexpected marker", got)
	}
}
