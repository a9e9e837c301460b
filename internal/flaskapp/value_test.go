package flaskapp

import (
	"encoding/json"
	"math"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/flasksession/flasksession/tagjson"
)

var goValueCmp = cmp.Options{
	cmpopts.EquateNaNs(),
	cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

func TestToValueAndGo(t *testing.T) {
	id := tagjson.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name string
		in   any
		want Value
		back any // Go form after Go(); nil means in itself
	}{
		{"None", nil, Value{"NoneType", nil}, nil},
		{"bool", true, Value{"bool", true}, nil},
		{"str", "x", Value{"str", "x"}, nil},
		{"Markup", tagjson.Markup("<b>"), Value{"Markup", "<b>"}, nil},
		{"int64", int64(-3), Value{"int", "-3"}, nil},
		{"int", 7, Value{"int", "7"}, int64(7)},
		{"uint64 beyond int64", uint64(math.MaxUint64), Value{"int", "18446744073709551615"}, new(big.Int).SetUint64(math.MaxUint64)},
		{"big.Int", new(big.Int).Lsh(big.NewInt(1), 100), Value{"int", "1267650600228229401496703205376"}, nil},
		{"float 1.0", 1.0, Value{"float", "1.0"}, nil},
		{"float nan", math.NaN(), Value{"float", "nan"}, nil},
		{"bytes", []byte{0, 255}, Value{"bytes", "AP8="}, nil},
		{"UUID", id, Value{"UUID", "0102030405060708090a0b0c0d0e0f10"}, nil},
		{"datetime", when, Value{"datetime", "2024-01-02T03:04:05+00:00"}, nil},
		{"datetime with µs and offset", time.Date(2024, 1, 2, 3, 4, 5, 6000, time.FixedZone("", -90*60)),
			Value{"datetime", "2024-01-02T03:04:05.000006-01:30"}, nil},
		{"tuple", tagjson.Tuple{"a", int64(1)}, Value{"tuple", []Value{{"str", "a"}, {"int", "1"}}}, nil},
		{"list", []any{}, Value{"list", []Value{}}, nil},
		{"dict", map[string]any{"k": []any{nil}}, Value{"dict", map[string]Value{"k": {"list", []Value{{"NoneType", nil}}}}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ToValue(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ToValue (-want +got):\n%s", diff)
			}
			// A JSON round trip keeps the description.
			data, _ := json.Marshal(got)
			var again Value
			if err := json.Unmarshal(data, &again); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("JSON round trip (-before +after):\n%s", diff)
			}
			back, err := got.Go()
			if err != nil {
				t.Fatal(err)
			}
			want := tc.back
			if want == nil {
				want = tc.in
			}
			if diff := cmp.Diff(want, back, goValueCmp); diff != "" {
				t.Errorf("Go() (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ToValue(struct{}{}); err == nil {
		t.Error("ToValue(struct{}{}) succeeded, want an error")
	}
	for _, bad := range []Value{{"int", "x"}, {"bytes", "!"}, {"frozenset", "[]"}, {"tuple", "no"}, {"bool", "yes"}} {
		if _, err := bad.Go(); err == nil {
			t.Errorf("%+v.Go() succeeded, want an error", bad)
		}
	}
}

// TestDescriptionsRoundTripThroughFlask has Flask build, store (in its
// cookie), reload and describe values described in Go: the description
// that comes back must be the one sent.
func TestDescriptionsRoundTripThroughFlask(t *testing.T) {
	s := sharedApp(t)
	values := map[string]any{
		"tuple": tagjson.Tuple{int64(1), tagjson.Markup("<i>"), []byte("x")},
		"uuid":  tagjson.UUID{0xff},
		"when":  time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC),
		"big":   new(big.Int).Lsh(big.NewInt(-1), 80),
		"nan":   math.NaN(),
		"one":   1.0,
		"ctrl":  "\x00\u2028\U0001F600",
		"d":     map[string]any{"l": []any{false, nil}},
	}
	sent, err := ToValues(values)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body, _ := json.Marshal(sent)
	getJSON(t, c, "POST", s.URL+"/set", string(body), nil)
	var dump struct{ Values map[string]Value }
	getJSON(t, c, "GET", s.URL+"/dump", "", &dump)
	if diff := cmp.Diff(sent, dump.Values); diff != "" {
		t.Errorf("Flask's description after a cookie round trip (-sent +got):\n%s", diff)
	}
	back, err := GoValues(dump.Values)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(values, back, goValueCmp); diff != "" {
		t.Errorf("GoValues (-want +got):\n%s", diff)
	}
}
