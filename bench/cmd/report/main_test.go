package main

import (
	"os"
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

func TestReportRows(t *testing.T) {
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
	for _, want := range []string{
		"| per operation | SMALL | MEDIUM | LARGE |\n",
		"| added by the middleware (full request) | **+200 ns** | **+2** |\n",
		"| added by the middleware (handler level) | **+140 ns** | **+2** |\n",
		"| of which the floor above / the middleware's own | 100 / +40 ns | 2 / +0 |\n",
		"Missing benchmark results",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// TestREADMEBlockIsTheSummary checks that the top-level README's benchmark
// block is what -summary prints: its made-by line, then the same rows.
func TestREADMEBlockIsTheSummary(t *testing.T) {
	b, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "<!-- BENCHMARKS")
	if !ok {
		t.Fatal("README has no <!-- BENCHMARKS --> block")
	}
	block, _, _ = strings.Cut(block, "<!-- /BENCHMARKS -->")
	var labels []string
	madeBy := false
	for _, line := range strings.Split(block, "\n") {
		if strings.HasPrefix(line, "Made by `go run ./cmd/report -summary ") && strings.Contains(line, "` in bench/ on ") {
			madeBy = true
		}
		if cells := strings.Split(line, " | "); strings.HasPrefix(line, "| ") {
			labels = append(labels, strings.TrimPrefix(cells[0], "| "))
		}
	}
	if !madeBy {
		t.Error("README's benchmark block does not say what made it (a line \"Made by `go run ./cmd/report -summary ...` in bench/ on DATE...\")")
	}

	var out strings.Builder
	r := &report{w: &out, res: map[string]result{}, check: map[string]flaskCheck{}, summary: true}
	r.print()
	var want []string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "| ") {
			want = append(want, strings.TrimPrefix(strings.Split(line, " | ")[0], "| "))
		}
	}
	if strings.Join(labels, "\n") != strings.Join(want, "\n") {
		t.Errorf("README's benchmark rows:\n%s\n-summary prints:\n%s", strings.Join(labels, "\n"), strings.Join(want, "\n"))
	}
}
