// Command report runs this module's benchmarks and the real Flask's timings
// on the same sessions, and prints one markdown report: the machine, then
// tables of Go and Python numbers and their ratios. With -summary it prints
// only the rows the top-level README's benchmark block shows, after a line
// saying how they were made.
//
// Run it from the bench directory:
//
//	go run ./cmd/report        # 20 runs of 500 iterations each, minimum kept
//	go run ./cmd/report -benchtime 1s -count 3 -stat median
//	go run ./cmd/report -summary -benchtime 1s -count 6 -stat median -clock wall
//
// The Python interpreter is $FLASKSESSION_PYTHON, else python3; it needs
// Flask 3.1.3.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flasksession/flasksession/bench/fixtures"
)

func main() {
	benchtime := flag.String("benchtime", "500x", "go test -benchtime of each run")
	number := flag.Int("number", 200, "Flask timing: calls per timeit run")
	repeat := flag.Int("repeat", 25, "Flask timing: timeit runs (-stat picks the figure)")
	count := flag.Int("count", 20, "go test -count: runs of each benchmark")
	flag.StringVar(&stat, "stat", "min", "how the -count runs become one figure: min (least disturbed by other load on the machine) or median")
	flag.StringVar(&clock, "clock", "cpu", "cpu: the process's CPU time per op (cpu-ns/op; Python's process_time), which waiting for a core does not inflate; wall: ns/op (perf_counter)")
	benchOut := flag.String("benchout", "", "also write the raw go test -bench output to this file")
	summary := flag.Bool("summary", false, "print only the rows of the README's benchmark block")
	flag.Parse()
	if err := run(os.Stdout, *benchtime, *count, *number, *repeat, *benchOut, *summary); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// result is one benchmark line.
type result struct {
	ns     float64
	bytes  float64
	allocs float64
}

type flaskTime struct {
	OpenUS    float64 `json:"open_us"` // median
	SaveUS    float64 `json:"save_us"`
	OpenMinUS float64 `json:"open_min_us"`
	SaveMinUS float64 `json:"save_min_us"`
}

type flaskTiming struct {
	Python   string               `json:"python"`
	Number   int                  `json:"number"`
	Repeat   int                  `json:"repeat"`
	Sessions map[string]flaskTime `json:"sessions"`
}

type flaskCheck struct {
	LoadedUnchanged  bool   `json:"loaded_unchanged"`
	Error            string `json:"error"`
	OursLen          int    `json:"ours_len"`
	FlaskLen         int    `json:"flask_len"`
	IdenticalToFlask bool   `json:"identical_to_flask"`
}

func python() string {
	if p := os.Getenv("FLASKSESSION_PYTHON"); p != "" {
		return p
	}
	return "python3"
}

func run(w io.Writer, benchtime string, count, number, repeat int, benchOut string, summary bool) error {
	if _, err := os.Stat("flask_bench.py"); err != nil {
		return fmt.Errorf("run me from the bench directory (flask_bench.py not found): %w", err)
	}
	started := time.Now()

	fmt.Fprintf(os.Stderr, "report: go test -bench . -benchtime %s -count %d (a few minutes)...\n", benchtime, count)
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, "-count", strconv.Itoa(count), ".")
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go test -bench: %w\n%s", err, raw)
	}
	if benchOut != "" {
		if err := os.WriteFile(benchOut, raw, 0o644); err != nil {
			return err
		}
	}
	if stat != "min" && stat != "median" {
		return fmt.Errorf("-stat %q: want min or median", stat)
	}
	if clock != "cpu" && clock != "wall" {
		return fmt.Errorf("-clock %q: want cpu or wall", clock)
	}
	res, err := parseBench(raw)
	if err != nil {
		return err
	}

	fmt.Fprintln(os.Stderr, "report: timing Flask's open_session / save_session...")
	var ft flaskTiming
	if err := runPython(nil, &ft, "time", "--number", strconv.Itoa(number), "--repeat", strconv.Itoa(repeat), "--clock", clock); err != nil {
		return err
	}
	if stat == "min" {
		for name, t := range ft.Sessions {
			t.OpenUS, t.SaveUS = t.OpenMinUS, t.SaveMinUS
			ft.Sessions[name] = t
		}
	}

	m := fixtures.NewManager()
	ours := map[string]string{}
	for _, name := range fixtures.Names {
		v, err := m.EncodeCookie(fixtures.Session(name))
		if err != nil {
			return fmt.Errorf("EncodeCookie(%s): %w", name, err)
		}
		ours[name] = v
	}
	in, _ := json.Marshal(ours)
	var check map[string]flaskCheck
	if err := runPython(in, &check, "check"); err != nil {
		return err
	}

	goVersion, _ := exec.Command("go", "version").Output()
	r := &report{w: w, res: res, flask: ft, check: check, summary: summary}
	if summary {
		var args []string
		for _, a := range os.Args[1:] {
			if a != "-summary" && a != "--summary" {
				args = append(args, a)
			}
		}
		fmt.Fprintf(w, "Made by `go run ./cmd/report -summary %s` in bench/ on %s: %d CPUs (%s), %s, Python %s with Flask 3.1.3.\n\n",
			strings.Join(args, " "), started.UTC().Format("2006-01-02"), runtime.NumCPU(), cpuModel(),
			strings.TrimPrefix(strings.TrimSpace(string(goVersion)), "go version "), ft.Python)
		r.print()
		return nil
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(w, "Measured %s on %d CPUs (%s), %s, load average before the run %s; Python %s with Flask 3.1.3.\n"+
		"Times are %s time per operation. Go: `go test -bench . -benchmem -benchtime %s -count %d`, %s of the %d runs; Flask: timeit, %s of %d runs of %d calls. Took %v.\n\n",
		started.UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), cpuModel(), strings.TrimSpace(string(goVersion)),
		strings.Join(strings.Fields(string(load))[:3], " "), ft.Python, map[string]string{"cpu": "process CPU", "wall": "wall-clock"}[clock], benchtime, count, stat, count, stat, repeat, number, time.Since(started).Round(time.Second))
	r.print()
	return nil
}

func runPython(stdin []byte, v any, args ...string) error {
	cmd := exec.Command(python(), append([]string{"flask_bench.py"}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s flask_bench.py %s: %w", python(), args[0], err)
	}
	return json.Unmarshal(out, v)
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ns/op)?(?:\s+([\d.]+) B/op)?(?:\s+([\d.]+) allocs/op)?`)

// stat is how several runs of one benchmark become one figure; clock is
// which time per operation is used.
var stat, clock = "min", "cpu"

// parseBench reads go test -bench output; a benchmark run several times
// (-count) gets the minimum or the median of its runs (-stat).
func parseBench(out []byte) (map[string]result, error) {
	runs := map[string][]result{}
	for _, line := range strings.Split(string(out), "\n") {
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var r result
		r.ns, _ = strconv.ParseFloat(m[2], 64)
		if clock == "cpu" && m[3] != "" {
			r.ns, _ = strconv.ParseFloat(m[3], 64)
		}
		r.bytes, _ = strconv.ParseFloat(m[4], 64)
		r.allocs, _ = strconv.ParseFloat(m[5], 64)
		runs[m[1]] = append(runs[m[1]], r)
	}
	if len(runs) == 0 {
		return nil, fmt.Errorf("no benchmark results in go test output:\n%s", out)
	}
	res := map[string]result{}
	for name, rs := range runs {
		res[name] = combine(rs)
	}
	return res, nil
}

func combine(rs []result) result {
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		if stat == "min" {
			return v[0]
		}
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return result{
		ns:     pick(func(r result) float64 { return r.ns }),
		bytes:  pick(func(r result) float64 { return r.bytes }),
		allocs: pick(func(r result) float64 { return r.allocs }),
	}
}

type report struct {
	w       io.Writer
	res     map[string]result
	flask   flaskTiming
	check   map[string]flaskCheck
	missing []string
	summary bool // only the rows in summaryRows
}

// summaryRows are the rows of the first table that -summary prints: the
// README's benchmark block.
var summaryRows = map[string]bool{
	"per operation": true,
	"---":           true,
	"flasksession request: read + write + save":              true,
	"gorilla/sessions CookieStore: read + write + save":      true,
	"ratio read+write+save: flasksession / gorilla":          true,
	"Flask open_session + save_session (Python)":             true,
	"flasksession open + save (DecodeCookie + EncodeCookie)": true,
	"ratio open + save: flasksession / Flask":                true,
	"ratio cookie length: flasksession / Flask":              true,
}

func (r *report) get(name string) (result, bool) {
	v, ok := r.res[name]
	if !ok {
		r.missing = append(r.missing, name)
	}
	return v, ok
}

func dur(ns float64) string {
	switch {
	case ns < 1000:
		return fmt.Sprintf("%.0f ns", ns)
	default:
		return fmt.Sprintf("%.2f µs", ns/1000)
	}
}

func (r *report) req(name string) string {
	v, ok := r.get(name)
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%s, %.0f allocs", dur(v.ns), v.allocs)
}

func (r *report) ratio(num, den string) string {
	a, ok1 := r.get(num)
	b, ok2 := r.get(den)
	if !ok1 || !ok2 || b.ns == 0 {
		return "—"
	}
	return fmt.Sprintf("**%.3fx**", a.ns/b.ns)
}

func (r *report) row(cells ...string) {
	if r.summary && !summaryRows[cells[0]] {
		return
	}
	fmt.Fprintf(r.w, "| %s |\n", strings.Join(cells, " | "))
}

func (r *report) print() {
	names := fixtures.Names
	cols := func(f func(name string) string) []string {
		var out []string
		for _, n := range names {
			out = append(out, f(n))
		}
		return out
	}
	row := func(label string, f func(string) string) {
		r.row(append([]string{label}, cols(f)...)...)
	}

	r.row("per operation", "SMALL", "MEDIUM", "LARGE")
	r.row("---", "---", "---", "---")

	// Full requests.
	row("flasksession request: read", func(n string) string { return r.req("BenchmarkRequest/" + n + "/flasksession/read") })
	row("flasksession request: read + write + save", func(n string) string { return r.req("BenchmarkRequest/" + n + "/flasksession/readwrite") })
	row("gorilla/sessions CookieStore: read", func(n string) string { return r.req("BenchmarkRequest/" + n + "/gorilla/read") })
	row("gorilla/sessions CookieStore: read + write + save", func(n string) string { return r.req("BenchmarkRequest/" + n + "/gorilla/readwrite") })
	row("ratio read+write+save: flasksession / gorilla", func(n string) string {
		return r.ratio("BenchmarkRequest/"+n+"/flasksession/readwrite", "BenchmarkRequest/"+n+"/gorilla/readwrite")
	})

	// Against Flask.
	row("Flask open_session + save_session (Python)", func(n string) string {
		t := r.flask.Sessions[n]
		return fmt.Sprintf("%.1f + %.1f = %.1f µs", t.OpenUS, t.SaveUS, t.OpenUS+t.SaveUS)
	})
	row("flasksession open + save (DecodeCookie + EncodeCookie)", func(n string) string {
		o, ok1 := r.get("BenchmarkOpen/" + n + "/flasksession")
		s, ok2 := r.get("BenchmarkSave/" + n + "/flasksession")
		if !ok1 || !ok2 {
			return "—"
		}
		return fmt.Sprintf("%s + %s = %s", dur(o.ns), dur(s.ns), dur(o.ns+s.ns))
	})
	row("ratio open + save: flasksession / Flask", func(n string) string {
		o, ok1 := r.get("BenchmarkOpen/" + n + "/flasksession")
		s, ok2 := r.get("BenchmarkSave/" + n + "/flasksession")
		t := r.flask.Sessions[n]
		if !ok1 || !ok2 || t.OpenUS+t.SaveUS == 0 {
			return "—"
		}
		x := (o.ns + s.ns) / 1000 / (t.OpenUS + t.SaveUS)
		return fmt.Sprintf("**%.3fx** (1/%.0f)", x, 1/x)
	})
	row("ratio whole read+write+save request / Flask open + save", func(n string) string {
		v, ok := r.get("BenchmarkRequest/" + n + "/flasksession/readwrite")
		t := r.flask.Sessions[n]
		if !ok || t.OpenUS+t.SaveUS == 0 {
			return "—"
		}
		return fmt.Sprintf("%.3fx", v.ns/1000/(t.OpenUS+t.SaveUS))
	})

	// Against the floor.
	row("floor open (base64, HMAC-SHA1, compress/zlib, encoding/json)", func(n string) string { return r.req("BenchmarkOpen/" + n + "/floor") })
	row("flasksession open (DecodeCookie)", func(n string) string { return r.req("BenchmarkOpen/" + n + "/flasksession") })
	row("ratio open: flasksession / floor", func(n string) string {
		return r.ratio("BenchmarkOpen/"+n+"/flasksession", "BenchmarkOpen/"+n+"/floor")
	})
	row("floor save (encoding/json, zlib level 6, HMAC-SHA1, base64)", func(n string) string { return r.req("BenchmarkSave/" + n + "/floor") })
	row("flasksession save (EncodeCookie)", func(n string) string { return r.req("BenchmarkSave/" + n + "/flasksession") })
	row("ratio save: flasksession / floor", func(n string) string {
		return r.ratio("BenchmarkSave/"+n+"/flasksession", "BenchmarkSave/"+n+"/floor")
	})

	// Cookie sizes and interop.
	row("cookie length: Flask (Python) / flasksession (Go)", func(n string) string {
		c := r.check[n]
		return fmt.Sprintf("%d / %d B", c.FlaskLen, c.OursLen)
	})
	row("ratio cookie length: flasksession / Flask", func(n string) string {
		c := r.check[n]
		if c.FlaskLen == 0 {
			return "—"
		}
		return fmt.Sprintf("**%.3fx**", float64(c.OursLen)/float64(c.FlaskLen))
	})
	row("Flask's open_session loads our cookie back unchanged", func(n string) string {
		if c, ok := r.check[n]; !ok || !c.LoadedUnchanged {
			return "**no** " + c.Error
		}
		return "yes"
	})
	row("our cookie byte-identical to Flask's", func(n string) string {
		if r.check[n].IdenticalToFlask {
			return "yes"
		}
		return "no"
	})

	if r.summary {
		return
	}

	// No cookie, untouched session.
	fmt.Fprintln(r.w)
	r.row("request with no cookie, handler never touches the session", "time", "allocs")
	r.row("---", "---", "---")
	bare, ok1 := r.get("BenchmarkNoCookieUntouched/bare")
	fs, ok2 := r.get("BenchmarkNoCookieUntouched/flasksession")
	mux, _ := r.get("BenchmarkBareMux")
	r.row("bare net/http request through a ServeMux (httptest)", dur(mux.ns), fmt.Sprintf("%.0f", mux.allocs))
	r.row("bare handler", dur(bare.ns), fmt.Sprintf("%.0f", bare.allocs))
	r.row("the same behind flasksession's middleware", dur(fs.ns), fmt.Sprintf("%.0f", fs.allocs))
	if ok1 && ok2 {
		dns, dal := fs.ns-bare.ns, fs.allocs-bare.allocs
		r.row("added by the middleware (full request)", fmt.Sprintf("**%+.0f ns**", dns), fmt.Sprintf("**%+.0f**", dal))
	}
	// The same at the handler, without httptest's allocations around it,
	// next to the floor every context-carrying middleware pays.
	hBare, ok3 := r.get("BenchmarkUntouchedHandler/bare")
	hCtx, ok4 := r.get("BenchmarkUntouchedHandler/context-only")
	hFS, ok5 := r.get("BenchmarkUntouchedHandler/flasksession")
	r.row("handler called directly, request and writer reused", dur(hBare.ns), fmt.Sprintf("%.0f", hBare.allocs))
	r.row("the same with r.WithContext(context.WithValue(...)) only: the floor of any middleware that gives the handler a context value",
		dur(hCtx.ns), fmt.Sprintf("%.0f", hCtx.allocs))
	r.row("the same behind flasksession's middleware", dur(hFS.ns), fmt.Sprintf("%.0f", hFS.allocs))
	if ok3 && ok4 && ok5 {
		dns, dal := hFS.ns-hBare.ns, hFS.allocs-hBare.allocs
		r.row("added by the middleware (handler level)", fmt.Sprintf("**%+.0f ns**", dns), fmt.Sprintf("**%+.0f**", dal))
		r.row("of which the floor above / the middleware's own", fmt.Sprintf("%.0f / %+.0f ns", hCtx.ns-hBare.ns, hFS.ns-hCtx.ns),
			fmt.Sprintf("%.0f / %+.0f", hCtx.allocs-hBare.allocs, hFS.allocs-hCtx.allocs))
	}

	// Where the floor's time goes.
	fmt.Fprintln(r.w)
	r.row("floor pieces, SMALL", "time", "allocs")
	r.row("---", "---", "---")
	for _, p := range []string{"open/base64", "open/hmac", "open/inflate", "open/json", "save/json", "save/deflate", "save/hmac", "save/base64"} {
		v, ok := r.get("BenchmarkFloorPieces/" + p)
		if ok {
			r.row(p, dur(v.ns), fmt.Sprintf("%.0f", v.allocs))
		}
	}
	if len(r.missing) > 0 {
		fmt.Fprintf(r.w, "\nMissing benchmark results (failed or not run): %s\n", strings.Join(r.missing, ", "))
	}
}
