package main

import (
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
BenchmarkBareMux-2             	     500	      5056 ns/op	      5032 cpu-ns/op	    6104 B/op	      18 allocs/op
BenchmarkBareMux-2             	     500	      3000 ns/op	      2000 cpu-ns/op	    6104 B/op	      18 allocs/op
BenchmarkBareMux-2             	     500	      4000 ns/op	      9000 cpu-ns/op	    6104 B/op	      18 allocs/op
BenchmarkOpen/SMALL/floor      	    2000	       282.6 ns/op	       0 B/op	       0 allocs/op
PASS
`

func TestParseBench(t *testing.T) {
	tests := []struct {
		stat, clock string
		name        string
		wantNS      float64
	}{
		{"min", "cpu", "BenchmarkBareMux", 2000},
		{"min", "wall", "BenchmarkBareMux", 3000},
		{"median", "cpu", "BenchmarkBareMux", 5032},
		{"median", "wall", "BenchmarkBareMux", 4000},
		{"min", "cpu", "BenchmarkOpen/SMALL/floor", 282.6}, // no cpu-ns/op: falls back to ns/op
	}
	defer func(s, c string) { stat, clock = s, c }(stat, clock)
	for _, tt := range tests {
		stat, clock = tt.stat, tt.clock
		res, err := parseBench([]byte(sampleOutput))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := res[tt.name]
		if !ok {
			t.Fatalf("%s/%s: %s not parsed (have %v)", tt.stat, tt.clock, tt.name, res)
		}
		if got.ns != tt.wantNS {
			t.Errorf("%s/%s: %s ns = %v, want %v", tt.stat, tt.clock, tt.name, got.ns, tt.wantNS)
		}
		if tt.name == "BenchmarkBareMux" && (got.allocs != 18 || got.bytes != 6104) {
			t.Errorf("%s: allocs %v, bytes %v", tt.name, got.allocs, got.bytes)
		}
	}
	if _, err := parseBench([]byte("PASS\n")); err == nil {
		t.Error("parseBench of output with no benchmark lines: no error")
	}
}

func TestReportVerdicts(t *testing.T) {
	res := map[string]result{
		"BenchmarkNoCookieUntouched/bare":         {ns: 1000, allocs: 18},
		"BenchmarkNoCookieUntouched/flasksession": {ns: 1200, allocs: 20},
		"BenchmarkUntouchedHandler/bare":          {ns: 5, allocs: 0},
		"BenchmarkUntouchedHandler/context-only":  {ns: 105, allocs: 2},
		"BenchmarkUntouchedHandler/flasksession":  {ns: 145, allocs: 2},
	}
	var b strings.Builder
	r := &report{w: &b, res: res, check: map[string]flaskCheck{}}
	r.print()
	out := b.String()
	if !strings.Contains(out, "| added by the middleware (full request) | **+200 ns** | **+2** | ≤ 150 ns and ≤ 3 allocs | **missed**") {
		t.Errorf("untouched-request verdict not as expected:\n%s", out)
	}
	if !strings.Contains(out, "| added by the middleware (handler level) | **+140 ns** | **+2** | ≤ 150 ns and ≤ 3 allocs | met") {
		t.Errorf("handler-level verdict not as expected:\n%s", out)
	}
	if !strings.Contains(out, "| of which the floor above / the middleware's own | 100 / +40 ns | 2 / +0 |") {
		t.Errorf("floor split not as expected:\n%s", out)
	}
	if !strings.Contains(out, "Missing benchmark results") {
		t.Error("missing benchmarks not listed")
	}
}
