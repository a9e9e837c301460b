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

func TestDescribeAndGo(t *testing.T) {
	id := tagjson.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name string
		in   any
		want string // the description, as JSON
		back any    // Go form after Go(); nil means in itself
	}{
		{"None", nil, `{"t":"none"}`, nil},
		{"bool", true, `{"t":"bool","v":true}`, nil},
		{"str", "x", `{"t":"str","v":"x"}`, nil},
		{"Markup", tagjson.Markup("<b>"), `{"t":"markup","v":"<b>"}`, nil},
		{"int64", int64(-3), `{"t":"int","v":"-3"}`, nil},
		{"int", 7, `{"t":"int","v":"7"}`, int64(7)},
		{"uint64 beyond int64", uint64(math.MaxUint64), `{"t":"int","v":"18446744073709551615"}`, new(big.Int).SetUint64(math.MaxUint64)},
		{"big.Int", new(big.Int).Lsh(big.NewInt(1), 100), `{"t":"int","v":"1267650600228229401496703205376"}`, nil},
		{"float 1.0", 1.0, `{"t":"float","v":"1.0"}`, nil},
		{"float nan", math.NaN(), `{"t":"float","v":"nan"}`, nil},
		{"bytes", []byte{0, 255}, `{"t":"bytes","hex":"00ff"}`, nil},
		{"UUID", id, `{"t":"uuid","v":"01020304-0506-0708-090a-0b0c0d0e0f10"}`, nil},
		{"datetime", when, `{"t":"datetime","v":"2024-01-02T03:04:05+00:00"}`, nil},
		// Flask keeps whole seconds in UTC.
		{"datetime with µs and offset", time.Date(2024, 1, 2, 3, 4, 5, 6000, time.FixedZone("", -90*60)),
			`{"t":"datetime","v":"2024-01-02T04:34:05+00:00"}`, time.Date(2024, 1, 2, 4, 34, 5, 0, time.UTC)},
		{"tuple", tagjson.Tuple{"a", int64(1)}, `{"t":"tuple","items":[{"t":"str","v":"a"},{"t":"int","v":"1"}]}`, nil},
		{"list", []any{}, `{"t":"list","items":[]}`, nil},
		{"dict", map[string]any{"k": []any{nil}}, `{"t":"dict","items":[[{"t":"str","v":"k"},{"t":"list","items":[{"t":"none"}]}]]}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Describe(map[string]any{"x": tc.in})
			var want map[string]any
			if err := json.Unmarshal([]byte(tc.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got["x"]); diff != "" {
				t.Errorf("Describe (-want +got):\n%s", diff)
			}
			// A JSON round trip keeps the description.
			data, _ := json.Marshal(got)
			var again Session
			if err := json.Unmarshal(data, &again); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("JSON round trip (-before +after):\n%s", diff)
			}
			back, err := again.Go()
			if err != nil {
				t.Fatal(err)
			}
			wantBack := tc.back
			if wantBack == nil {
				wantBack = tc.in
			}
			if diff := cmp.Diff(wantBack, back["x"], goValueCmp); diff != "" {
				t.Errorf("Go() (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Describe(map[string]any{"x": struct{}{}}).Go(); err == nil {
		t.Error("Describe(struct{}{}).Go() succeeded, want an error")
	}
	for _, bad := range []string{
		`{"t":"int","v":"x"}`, `{"t":"bytes","hex":"!"}`, `{"t":"frozenset","items":[]}`, `{"t":"tuple","items":"no"}`, `{"t":"bool","v":"yes"}`,
	} {
		var d map[string]any
		json.Unmarshal([]byte(bad), &d)
		if _, err := (Session{"x": d}).Go(); err == nil {
			t.Errorf("Go() of %s succeeded, want an error", bad)
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
	sent := Describe(values)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	body, _ := json.Marshal(sent)
	getJSON(t, c, "POST", s.URL+"/set", string(body), nil)
	var dump struct{ Values Session }
	getJSON(t, c, "GET", s.URL+"/dump", "", &dump)
	if diff := cmp.Diff(sent, dump.Values); diff != "" {
		t.Errorf("Flask's description after a cookie round trip (-sent +got):\n%s", diff)
	}
	back, err := dump.Values.Go()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(values, back, goValueCmp); diff != "" {
		t.Errorf("Go() (-want +got):\n%s", diff)
	}
}
