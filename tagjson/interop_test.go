package tagjson_test

// Live differential test against Flask's TaggedJSONSerializer: random
// nested values cross between Python and Go in both directions, one Python
// process per direction.
//
//  1. Python builds values with its own seeded generator, dumps each with
//     Flask's serializer inside an app context, and reports what Flask loads
//     back (a typed description) and what Flask writes when it dumps that
//     again. Go must decode to the same typed value and re-encode to the same
//     bytes.
//  2. Go builds values, encodes them with tagjson.Marshal; Python loads each
//     with Flask's serializer and reports the typed description, which must
//     equal what the Go value should become in Python, and Flask's re-dump,
//     which must equal Go's bytes.
//
// Each run uses interop.FixedSeed and one random seed (logged, with the
// command that replays it); FLASKSESSION_SEED and FLASKSESSION_SEEDS choose
// them. Every feature the coverage check names comes from fixed values sent
// before the random ones, so no check depends on what a seed produced.

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/internal/pydesc"
	"github.com/flasksession/flasksession/tagjson"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// valuesPerRun is the number of random values per seed and direction.
const valuesPerRun = 600

// pyDescribe is shared by the Python scripts: a typed description of a
// Python value, the same shape as testdata's descriptors. A str or Markup holding lone
// surrogates is given as its WTF-8 bytes (utf-8 with surrogatepass), since
// JSON text cannot carry it to Go intact.
//
//go:embed testdata/describe.py
var pyDescribe string

// pyFromPython generates values with a seeded generator and prints, one JSON
// line per value: Flask's dump, what Flask loads from it, and Flask's re-dump.
//
//go:embed testdata/from_python.py
var pyFromPythonBody string

var pyFromPython = pyDescribe + pyFromPythonBody

// pyLoad reads base64 lines of tagged JSON written by Go and prints, per
// line, what Flask loads from it and Flask's re-dump, or the error. A line
// starting with "U:" is loaded and re-dumped by the unsorted, non-ASCII app.
//
//go:embed testdata/load.py
var pyLoadBody string

var pyLoad = pyDescribe + pyLoadBody

// fromPython is one line of pyFromPython's output.
type fromPython struct {
	Fixed  bool   `json:"fixed"` // one of the fixed values sent first
	JSON   string `json:"json"`
	Loaded any    `json:"loaded"`
	Redump string `json:"redump"`
	// The same value through the unsorted, non-ASCII app; JSONU is nil when
	// that app cannot encode it (lone surrogates).
	JSONU   *string `json:"json_u"`
	LoadedU any     `json:"loaded_u"`
	RedumpU string  `json:"redump_u"`
}

// unsorted is tagjson set up like the unsorted, non-ASCII Flask app.
var unsorted = &tagjson.Serializer{SortKeys: false, EnsureASCII: false, PreserveOrder: true}

// pyLoaded is one line of pyLoad's output.
type pyLoaded struct {
	Loaded      any    `json:"loaded"`
	Redump      string `json:"redump"`
	RedumpError string `json:"redump_error"`
	Error       string `json:"error"`
}

func readLines[T any](t *testing.T, out []byte) []T {
	t.Helper()
	var res []T
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("bad line from python: %v: %.200s", err, sc.Text())
		}
		res = append(res, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

// mismatches collects failures and reports the first few in full.
type mismatches struct {
	t     *testing.T
	n     int
	total int
}

func (m *mismatches) add(format string, args ...any) {
	m.t.Helper()
	m.n++
	if m.n <= 8 {
		m.t.Errorf(format, args...)
	}
}

func (m *mismatches) done(what string) {
	m.t.Helper()
	if m.n > 8 {
		m.t.Errorf("... %d more mismatches not shown", m.n-8)
	}
	m.t.Logf("%s: %d values, %d mismatches", what, m.total, m.n)
}

// TestInteropFlaskToGo: Flask dumps, Go decodes and re-encodes.
func TestInteropFlaskToGo(t *testing.T) {
	interop.Python(t)
	seeds := interop.Seeds(t)
	args := append([]string{strconv.Itoa(valuesPerRun)}, interop.SeedArgs(seeds)...)
	all := readLines[fromPython](t, interop.Run(t, pyFromPython, nil, args...))
	nFixed := 0
	for nFixed < len(all) && all[nFixed].Fixed {
		nFixed++
	}
	if len(all) != nFixed+valuesPerRun*len(seeds) {
		t.Fatalf("python produced %d values, want %d fixed + %d", len(all), nFixed, valuesPerRun*len(seeds))
	}
	check := func(what string, lines []fromPython) coverage {
		m := &mismatches{t: t, total: len(lines)}
		cov := coverage{}
		for i, l := range lines {
			cov.text(l.JSON)
			if desc, _ := json.Marshal(l.Loaded); bytes.Contains(desc, []byte(`"wtf8"`)) {
				cov["lone surrogate"]++
			}
			var v any
			if err := tagjson.Unmarshal([]byte(l.JSON), &v); err != nil {
				m.add("%s value %d: Unmarshal(%s): %v", what, i, l.JSON, err)
				continue
			}
			if diff := diffDesc(l.Loaded, pydesc.Describe(v)); diff != "" {
				m.add("%s value %d: Unmarshal(%s) differs from what Flask loads (-flask +go):\n%s", what, i, l.JSON, diff)
				continue
			}
			got, err := tagjson.Marshal(v)
			if err != nil {
				m.add("%s value %d: Marshal of Unmarshal(%s): %v", what, i, l.JSON, err)
				continue
			}
			if string(got) != l.Redump {
				m.add("%s value %d: re-encoding differs\n input: %s\n flask: %s\n    go: %s", what, i, l.JSON, l.Redump, got)
				continue
			}
			if l.JSONU == nil {
				cov["not encodable without ensure_ascii"]++
				continue
			}
			var u any
			if err := unsorted.Unmarshal([]byte(*l.JSONU), &u); err != nil {
				m.add("%s value %d: unsorted Unmarshal(%s): %v", what, i, *l.JSONU, err)
				continue
			}
			if diff := diffDesc(l.LoadedU, pydesc.Describe(u)); diff != "" {
				m.add("%s value %d: unsorted Unmarshal(%s) differs from what Flask loads (-flask +go):\n%s", what, i, *l.JSONU, diff)
				continue
			}
			got, err = unsorted.Marshal(u)
			if err != nil {
				m.add("%s value %d: unsorted Marshal of Unmarshal(%s): %v", what, i, *l.JSONU, err)
				continue
			}
			if string(got) != l.RedumpU {
				m.add("%s value %d: unsorted re-encoding differs (key order or raw UTF-8)\n input: %s\n flask: %s\n    go: %s", what, i, *l.JSONU, l.RedumpU, got)
				continue
			}
			cov["unsorted round trip"]++
		}
		m.done(what + " Flask->Go")
		return cov
	}
	// The fixed values carry every feature by construction; the check that
	// they do guards the list itself.
	check("fixed", all[:nFixed]).require(t, "fixed Flask->Go values")
	for si, seed := range seeds {
		start := nFixed + si*valuesPerRun
		cov := check(fmt.Sprintf("seed %d", seed), all[start:start+valuesPerRun])
		if len(seeds) <= 2 {
			t.Logf("seed %d Flask->Go coverage: %v", seed, map[string]int(cov))
		}
	}
}

// TestInteropGoToFlask: Go builds and encodes values, Flask loads them.
func TestInteropGoToFlask(t *testing.T) {
	interop.Python(t)
	type item struct {
		v        any
		data     []byte
		unsorted bool // encoded by unsorted, loaded by the unsorted, non-ASCII app
	}
	var items []item
	var stdin bytes.Buffer
	m := &mismatches{t: t}
	for _, v := range fixedGoValues() {
		items = append(items, item{v: v})
	}
	nFixed := len(items)
	for _, seed := range interop.Seeds(t) {
		g := newGen(seed)
		for range valuesPerRun {
			items = append(items, item{v: g.top()})
		}
	}
	for _, it := range items {
		items = append(items, item{v: it.v, unsorted: true})
	}
	// The fixed values carry every feature by construction; the check that
	// they do guards the list itself. The random values' coverage is logged.
	fixedCov, randomCov := coverage{}, coverage{}
	for i := range items {
		marshal, prefix := tagjson.Marshal, ""
		cov := randomCov
		if i < nFixed {
			cov = fixedCov
		}
		if items[i].unsorted {
			marshal, prefix = unsorted.Marshal, "U:"
		} else {
			cov.walk(items[i].v)
		}
		data, err := marshal(items[i].v)
		if err != nil {
			m.add("value %d (unsorted %v): Marshal(%#v): %v", i, items[i].unsorted, items[i].v, err)
			data = []byte("null")
		}
		if !items[i].unsorted {
			cov.text(string(data))
		}
		items[i].data = data
		stdin.WriteString(prefix + base64.StdEncoding.EncodeToString(data))
		stdin.WriteByte('\n')
	}
	res := readLines[pyLoaded](t, interop.Run(t, pyLoad, stdin.Bytes()))
	if len(res) != len(items) {
		t.Fatalf("python answered %d lines for %d values", len(res), len(items))
	}
	m.total = len(items)
	for i, r := range res {
		it := items[i]
		if r.Error != "" || r.RedumpError != "" {
			m.add("value %d (unsorted %v): Flask cannot load or re-dump Go's %s: %s%s", i, it.unsorted, it.data, r.Error, r.RedumpError)
			continue
		}
		if diff := diffDesc(pydesc.DescribeAsPython(it.v), r.Loaded); diff != "" {
			m.add("value %d (unsorted %v): Flask loads Go's %s as another value (-want +flask):\n%s", i, it.unsorted, it.data, diff)
			continue
		}
		if string(it.data) != r.Redump {
			m.add("value %d (unsorted %v): bytes differ from Flask's dump of the same value\n    go: %s\n flask: %s", i, it.unsorted, it.data, r.Redump)
		}
	}
	m.done("Go->Flask")
	fixedCov.require(t, "fixed Go->Flask values")
	t.Logf("random Go->Flask coverage: %v", map[string]int(randomCov))

	// Keys across the BMP/astral boundary: Python sorts code points (as
	// UTF-8 bytes do), so U+FFFF comes before U+10000 and U+1F600, although
	// UTF-16 would put the surrogates U+D800.. first. The bytes were already
	// compared with Flask's above; this pins the order explicitly.
	first := string(items[0].data)
	order := []string{`"\ud7ff"`, `"\ue000"`, `"\uffff"`, `"\ud800\udc00"`, `"\ud83d\ude00"`}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(first, order[i-1]), strings.Index(first, order[i]); a < 0 || b < 0 || a > b {
			t.Errorf("key order in %s: want %s before %s", first, order[i-1], order[i])
		}
	}
}

// coverage counts the features the generated values exercise, so that the
// test fails if a generator stops producing one of them.
type coverage map[string]int

// text counts features of an encoded value.
func (c coverage) text(s string) {
	for _, f := range []string{`{" t":`, `{" b":`, `{" m":`, `{" u":`, `{" d":`, `{" di":`, `" t__"`, `" x"`,
		"NaN", "Infinity", "-Infinity", "-0.0", `\u2028`, `\u007f`, `\u0000`, `\n`} {
		if strings.Contains(s, f) {
			c[f]++
		}
	}
	longest := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		longest = max(longest, j-i)
		if j < len(s)-2 && j > i && s[j] == 'e' && (s[j+1] == '+' || s[j+1] == '-') {
			c["exponent float"]++
		}
		i = j + 1
	}
	if longest >= 20 {
		c["20+ digit int"]++
	}
	if longest >= 4300 {
		c["4300 digit int"]++
	}
	// A surrogate pair escape: \ud800-\udbff followed by \udc00-\udfff.
	for i := strings.Index(s, `\ud`); i >= 0 && i+12 <= len(s); {
		if strings.ContainsRune("89ab", rune(s[i+3])) && s[i+6:i+9] == `\ud` && strings.ContainsRune("cdef", rune(s[i+9])) {
			c["astral"]++
			break
		}
		k := strings.Index(s[i+1:], `\ud`)
		if k < 0 {
			break
		}
		i += 1 + k
	}
}

// walk counts the Go types in a value.
func (c coverage) walk(v any) {
	switch x := v.(type) {
	case map[string]any:
		c["map"]++
		if len(x) <= 2 {
			for k := range x {
				if strings.HasPrefix(k, " ") && len(k) <= 3 {
					c[fmt.Sprintf("%d-key map with tag-like key", len(x))]++
				}
			}
		}
		for _, e := range x {
			c.walk(e)
		}
	case []any:
		c["[]any"]++
		for _, e := range x {
			c.walk(e)
		}
	case tagjson.Tuple:
		c["Tuple"]++
		for _, e := range x {
			c.walk(e)
		}
	case float64:
		switch {
		case math.IsNaN(x):
			c["NaN"]++
		case x != 0 && math.Abs(x) < 2.2250738585072014e-308:
			c["subnormal"]++
		}
	default:
		c[fmt.Sprintf("%T", v)]++
	}
}

func (c coverage) require(t *testing.T, what string) {
	t.Helper()
	want := []string{`{" t":`, `{" b":`, `{" m":`, `{" u":`, `{" d":`, `{" di":`, `" t__"`, `" x"`,
		"NaN", "Infinity", "-Infinity", "-0.0", `\u2028`, `\u007f`, `\u0000`, `\n`,
		"astral", "20+ digit int", "4300 digit int", "exponent float"}
	if strings.Contains(what, "Go->") {
		want = append(want, "Tuple", "[]uint8", "tagjson.Markup", "tagjson.UUID", "time.Time", "*big.Int",
			"int64", "subnormal", "1-key map with tag-like key", "2-key map with tag-like key", "uint64", "int8")
	} else {
		want = append(want, "lone surrogate", "unsorted round trip")
	}
	for _, f := range want {
		if c[f] == 0 {
			t.Errorf("%s: the generated values never contain %s", what, f)
		}
	}
	t.Logf("%s coverage: %v", what, map[string]int(c))
}

// TestInteropFlaskLoads feeds the same bytes to Flask's loads and to
// tagjson.Unmarshal: hand-written edge cases of every tag's from-JSON side
// and of Python's JSON grammar, then random mutations of valid encodings. Go
// must fail exactly where Flask fails; where Flask loads, Go must load the
// same typed value and re-encode it as Flask re-dumps it.
func TestInteropFlaskLoads(t *testing.T) {
	interop.Python(t)
	inputs := edgeInputs()
	nEdge := len(inputs)
	for _, seed := range interop.Seeds(t) {
		g := newGen(seed)
		for range valuesPerRun {
			data, err := tagjson.Marshal(g.value(2)) // small values: mutations stay local
			if err != nil {
				t.Fatalf("Marshal of a generated value: %v", err)
			}
			inputs = append(inputs, g.mutate(data))
		}
	}
	var stdin bytes.Buffer
	for _, in := range inputs {
		stdin.WriteString(base64.StdEncoding.EncodeToString(in))
		stdin.WriteByte('\n')
	}
	res := readLines[pyLoaded](t, interop.Run(t, pyLoad, stdin.Bytes()))
	if len(res) != len(inputs) {
		t.Fatalf("python answered %d lines for %d inputs", len(res), len(inputs))
	}
	m := &mismatches{t: t, total: len(inputs)}
	accepted, rejected, edgeAccepted := 0, 0, 0
	fixedAccepted, fixedRejected := 0, 0 // the mutations of interop.FixedSeed, always the same
	for i, r := range res {
		fixedMutation := i >= nEdge && i < nEdge+valuesPerRun
		in := inputs[i]
		what := "edge case"
		if i >= nEdge {
			what = "mutation"
		}
		var v any
		err := tagjson.Unmarshal(in, &v)
		if r.Error != "" {
			rejected++
			if fixedMutation {
				fixedRejected++
			}
			if err == nil {
				m.add("%s %d: Flask rejects %q (%s) but Unmarshal accepts it as %#v", what, i, in, r.Error, v)
			}
			continue
		}
		accepted++
		if fixedMutation {
			fixedAccepted++
		}
		if i < nEdge {
			edgeAccepted++
		}
		if err != nil {
			m.add("%s %d: Flask loads %q but Unmarshal fails: %v\n flask loads: %v", what, i, in, err, r.Loaded)
			continue
		}
		if diff := diffDesc(r.Loaded, pydesc.Describe(v)); diff != "" {
			m.add("%s %d: Unmarshal(%q) differs from what Flask loads (-flask +go):\n%s", what, i, in, diff)
			continue
		}
		if r.RedumpError != "" {
			continue // Flask cannot write what it loaded (e.g. a date that leaves datetime's range in UTC)
		}
		got, err := tagjson.Marshal(v)
		if err != nil {
			m.add("%s %d: Marshal(Unmarshal(%q)): %v", what, i, in, err)
			continue
		}
		if string(got) != r.Redump {
			m.add("%s %d: re-encoding of %q differs\n flask: %s\n    go: %s", what, i, in, r.Redump, got)
		}
	}
	m.done(fmt.Sprintf("Flask loads: %d edge cases (%d accepted by Flask) + %d mutations; %d accepted, %d rejected in all",
		nEdge, edgeAccepted, len(inputs)-nEdge, accepted, rejected))
	// The mutator's balance is judged on the fixed seed's mutations only,
	// which are the same in every run: a random seed's share must not decide.
	if fixedAccepted < valuesPerRun/5 || fixedRejected < valuesPerRun/10 {
		t.Errorf("mutations are too tame or too wild: of the fixed seed's %d, %d accepted, %d rejected",
			valuesPerRun, fixedAccepted, fixedRejected)
	}
}

// edgeInputs are hand-written inputs for Flask's loads: the tags' from-JSON
// conversions with odd values, and the corners of Python's JSON grammar.
func edgeInputs() [][]byte {
	digits := strings.Repeat("7", 4300)
	texts := []string{
		`{" di":{"ab":1}}`, `{" di":{"a":1,"b":2}}`, `{" di":{}}`, `{" di":"x"}`, `{" di":[1]}`,
		`{" di":{" t__":{" t":[1]}}}`, `{" di":{" x__":1}}`, `{" di":{" di__":{" di__":1}}}`,
		`{" t":"abc"}`, `{" t":"é😀"}`, `{" t":{"a":1}}`, `{" t":{"b":1,"a":2}}`, `{" t":{"b":1,"a":2,"b":3}}`,
		`{" t":5}`, `{" t":null}`, `{" t":true}`, `{" t":[]}`,
		`{" b":"YQ=="}`, `{" b":"YQ"}`, `{" b":"Y*Q=="}`, `{" b":"YQ-_"}`, `{" b":"Y Q = ="}`, `{" b":"YQ==\n"}`,
		`{" b":"YQ==YQ=="}`, `{" b":"é"}`, `{" b":5}`, `{" b":""}`, `{" b":"YWI"}`, `{" b":"YWJj="}`, `{" b":"Y"}`,
		`{" b":"===="}`, `{" b":"YQ=a"}`, `{" b":"Y\u0000Q=="}`,
		`{" m":5}`, `{" m":1.5}`, `{" m":true}`, `{" m":null}`, `{" m":[1,"a"]}`, `{" m":{"a":1}}`, `{" m":1e400}`,
		`{" m":-0.0}`, `{" m":12345678901234567890}`, `{" m":{" t":[1]}}`, `{" m":"x"}`, `{" m":1e16}`, `{" m":[]}`,
		`{" u":"12345678123456781234567812345678"}`, `{" u":"12345678-1234-5678-1234-567812345678"}`,
		`{" u":"{12345678-1234-5678-1234-567812345678}"}`, `{" u":"urn:uuid:12345678-1234-5678-1234-567812345678"}`,
		`{" u":"URN:UUID:12345678123456781234567812345678"}`, `{" u":"1234567812345678123456781234567G"}`,
		`{" u":"ABCDEF78123456781234567812345678"}`, `{" u":"0x345678123456781234567812345678ab"}`,
		`{" u":"1_345678123456781234567812345678a"}`, `{" u":" 2345678123456781234567812345678 "}`,
		`{" u":"+2345678123456781234567812345678a"}`, `{" u":"urn:12345678123456781234567812345678"}`,
		`{" u":"uuid:12345678123456781234567812345678"}`, `{" u":"{{12345678123456781234567812345678}}"}`,
		`{" u":"12-34-5678123456781234567812345678"}`, `{" u":"1234"}`, `{" u":5}`, `{" u":null}`,
		`{" d":"Tue, 02 Jan 2024 03:04:05 GMT"}`, `{" d":"Tue, 02 Jan 2024 03:04:05 +0100"}`,
		`{" d":"Tue, 02 Jan 2024 03:04:05 -0000"}`, `{" d":"Tue, 02 Jan 2024 03:04:05 +0000"}`,
		`{" d":"2 Jan 2024 03:04:05"}`, `{" d":"Tue, 02 Jan 24 03:04:05 GMT"}`, `{" d":"Tue, 02 Jan 70 03:04:05 GMT"}`,
		`{" d":"Tue, 02 Jan 2024 03:04 GMT"}`, `{" d":"Mon, 02 Jan 2024 03:04:05 GMT"}`,
		`{" d":"Tue, 02 Jan 2024 03:04:05 EST"}`, `{" d":"Tue, 02 Jan 2024 03:04:05 UT"}`,
		`{" d":"Tue, 02 Jan 2024 03:04:05 PDT"}`, `{" d":"Tue, 02 Jan 2024 03:04:05 Z"}`,
		`{" d":"Tue, 02 Jan 2024 03:04:05 XYZ"}`, `{" d":"tue, 02 jan 2024 03:04:05 gmt"}`,
		`{" d":"Tue, 2 January 2024 03:04:05 GMT"}`, `{" d":"02 Jan 2024 24:00:00 GMT"}`,
		`{" d":"Tue, 31 Feb 2024 03:04:05 GMT"}`, `{" d":"Tue, 02 Jan 2024 03:04:60 GMT"}`,
		`{" d":"Tuesday, 02-Jan-24 03:04:05 GMT"}`, `{" d":"Tue Jan  2 03:04:05 2024"}`, `{" d":"2024-01-02T03:04:05Z"}`,
		`{" d":""}`, `{" d":"garbage"}`, `{" d":null}`, `{" d":5}`, `{" d":"Tue, 02 Jan 2024 03:04:05 +2400"}`,
		`{" d":"Tue, 02 Jan 0001 00:30:00 +0100"}`, `{" d":"Fri, 31 Dec 9999 23:59:59 -0100"}`,
		`{" d":"Tue, 02 Jan 0050 03:04:05 GMT"}`, `{" d":"Tue, 02 Jan 2024 03:04:05.5 GMT"}`,
		`{" d":"  Tue,  02  Jan  2024  03:04:05  GMT  "}`, `{" d":"Tue, 02 Jan 2024 3:4:5 GMT"}`,
		`{"a":1,"a":2}`, `{"a":NaN,"b":Infinity,"c":-Infinity}`, `{"a":1E400,"b":-0,"c":1.0,"d":12345678901234567890123}`,
		`{"a":-1E400}`, `{"a":1e-400}`, `{"a":-0.0}`, `{"a":0E0}`, `{"a":1.5E+3}`, `{"a":1e5}`, `{"a":100000000000000000000.0}`,
		`[]`, `{}`, `null`, `true`, `"x"`, `1`, ` {} `, "\t[1]\n", "\r\n[ 1 , 2 ]\r\n", `{"a":1} x`, `[1,]`, `{"a":1,}`,
		`01`, `-`, `1.`, `.5`, `+1`, `nan`, `NaN`, `-NaN`, `infinity`, `-Infinity`, `[1 2]`, `{"a" 1}`, `{1:2}`,
		`"\ud800"`, `"\ud800\udc00"`, `"\udc00\ud800"`, `"\ud800x"`, `"\x41"`, `"\u00e9"`, `"\u00E9"`, `"\/"`,
		`"\'"`, "\"a\tb\"", "\"a\x7fb\"", "\"\u2028\"", "\ufeff{}", `"é"`, "\"\xff\"", "\"\xc0\xaf\"",
		"\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", `[` + digits + `]`, `[` + digits + `7]`, `[-` + digits + `]`,
		`[0.` + digits + `1]`, `[1` + strings.Repeat("0", 400) + `.0]`, `[` + digits[:4299] + `e1]`,
		`{" t":[1],"x":{" t":[2]}}`, `{" x":{" t":[2]}}`,
		// json.loads keeps a repeated key's last value before any tag is
		// read: a failing tag in a replaced value never raises.
		`{"a":{" u":"x"},"a":1}`, `{"a":1,"a":{" u":"x"}}`, `{"a":{" d":5},"a":1}`, `{"a":{" b":"YQ"},"a":"ok"}`,
		`{"a":[{"b":{"c":[{" t":5}]}}],"a":1}`, `[[{"k":{" b":"Y"},"k":null}]]`, `{" t":{" u":"x"}," t":[1]}`,
		`{" t":[1]," t":{" u":"x"}}`, `{" di":{"a u":{" u":"x"},"a u":1}}`, `{" di":{" di":{}}," di":{"ab":1}}`,
		`{"a":{" u":"x"},"a":1`, `{"a":` + digits + `7,"a":1}`,
	}
	out := make([][]byte, len(texts))
	for i, s := range texts {
		out[i] = []byte(s)
	}
	return out
}

// mutate applies one to three random byte edits to a valid encoding.
func (g *gen) mutate(data []byte) []byte {
	b := slices.Clone(data)
	pool := []byte(`"\{}[],:0123456789-+eE. NItuxnd` + "\x00\n\x7f\xff\xc3\xa9")
	for range 1 + g.r.IntN(3) {
		pos := g.r.IntN(len(b) + 1)
		switch g.r.IntN(4) {
		case 0: // delete
			if pos < len(b) {
				b = slices.Delete(b, pos, pos+1)
			}
		case 1: // insert
			b = slices.Insert(b, pos, pool[g.r.IntN(len(pool))])
		case 2: // replace
			if pos < len(b) {
				b[pos] = pool[g.r.IntN(len(pool))]
			}
		default: // duplicate
			if pos < len(b) {
				b = slices.Insert(b, pos, b[pos])
			}
		}
	}
	return b
}

// fixedGoValues are hand-picked values sent before the random ones: key order
// across the BMP/astral boundary (Python sorts code points, as UTF-8 bytes
// do, not UTF-16 units), escapes at the top level, and each tag once.
func fixedGoValues() []any {
	return []any{
		map[string]any{"\uffff": 1, "\U0001F600": 2, "\ue000": 3, "\U00010000": 4, "\ud7ff": 5, "a": 6, "é": 7, "": 8},
		map[string]any{"\U0010FFFF": "max", "\uFFFD": "replacement", "\U0001F600x": 1, "\U0001F600": 2},
		map[string]any{" t": tagjson.Tuple{int64(1), "x"}},
		map[string]any{" di": map[string]any{" di": " di"}},
		map[string]any{" t__": []byte("a"), " x": int64(1)},
		tagjson.Tuple{},
		[]any{[]byte{}, tagjson.Markup("<em>&</em>"), tagjson.UUID{0x12, 0x34}, time.Unix(1700000000, 999999999).UTC()},
		[]any{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 5e-324, 1e16, 1e-5},
		[]any{big.NewInt(0).Exp(big.NewInt(10), big.NewInt(25), nil), nines4300, uint64(math.MaxUint64), int8(-128), int64(-7)},
		[]any{"\u2028\x7f\x00\n\U0001F600"},
	}
}

// nines4300 has 4300 digits, CPython's default limit for int<->str, which
// Flask still loads.
var nines4300, _ = new(big.Int).SetString(strings.Repeat("9", 4300), 10)

// ---------------------------------------------------------------------------
// Comparing typed descriptions (internal/pydesc's Describe gives Go's side).

// diffDesc compares two descriptions after canon, and returns cmp.Diff's
// report when they differ (cmp.Diff is too slow to run on every value).
func diffDesc(want, got any) string {
	w, g := canon(want), canon(got)
	wj, err1 := json.Marshal(w)
	gj, err2 := json.Marshal(g)
	if err1 == nil && err2 == nil && bytes.Equal(wj, gj) {
		return ""
	}
	return cmp.Diff(w, g)
}

// canon sorts the items of every dict description by key, so that
// descriptions compare without regard to map or JSON order (the order of the
// bytes is checked separately, against Flask's dump).
func canon(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = canon(e)
		}
		if x["t"] == "dict" {
			items, _ := out["items"].([]any)
			slices.SortStableFunc(items, func(a, b any) int {
				return strings.Compare(keyOf(a), keyOf(b))
			})
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canon(e)
		}
		return out
	}
	return v
}

func keyOf(item any) string {
	pair, _ := item.([]any)
	if len(pair) == 0 {
		return ""
	}
	k, _ := pair[0].(map[string]any)
	s, _ := k["v"].(string)
	if w, ok := k["wtf8"].(string); ok {
		b, _ := hex.DecodeString(w)
		s = string(b)
	}
	return s
}

// ---------------------------------------------------------------------------
// Random Go values.

type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen {
	return &gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var (
	runeRanges = []struct {
		lo, hi rune
		weight int
	}{
		{0x20, 0x7e, 30}, {0x00, 0x1f, 4}, {0x7f, 0x7f, 1}, {0x80, 0xff, 3},
		{0x100, 0xd7ff, 4}, {0xe000, 0xfffd, 3}, {0x10000, 0x10ffff, 4},
	}
	specialRunes = []rune{0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff, '"', '\\', '/', '<', '>', '&', '\'', 0x1f600, 0x10000}
	tagLikeKeys  = []string{" t", " di", " b", " m", " u", " d", " t__", " di__", " x", " od", "", " ", "t", "di",
		"_flashes", "_permanent", "\uffff", "\U0001F600", "\ue000", "\U00010000", "\ud7ff", "é"}
	specialFloats = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324,
		2.2250738585072014e-308, 2.225073858507201e-308, math.MaxFloat64, 1e16, 1e15, 9999999999999998,
		1e-4, 1e-5, 9.999e-5, 0.1, 1e22, 1e21, 1e-7, 123456789012345680, 1, -1.5}
	specialInts = []int64{0, 1, -1, 1 << 31, 1 << 53, 1<<53 + 1, -(1 << 53) - 1, math.MaxInt64, math.MinInt64}
)

func (g *gen) str() string {
	var b strings.Builder
	n := []int{0, 1, 2, 3, 5, 8, 13}[g.r.IntN(7)]
	total := 0
	for _, rr := range runeRanges {
		total += rr.weight
	}
	for range n {
		if g.r.IntN(10) == 0 {
			b.WriteRune(specialRunes[g.r.IntN(len(specialRunes))])
			continue
		}
		w := g.r.IntN(total)
		for _, rr := range runeRanges {
			if w < rr.weight {
				b.WriteRune(rr.lo + rune(g.r.Int64N(int64(rr.hi-rr.lo+1))))
				break
			}
			w -= rr.weight
		}
	}
	return b.String()
}

func (g *gen) key() string {
	if g.r.IntN(100) < 35 {
		return tagLikeKeys[g.r.IntN(len(tagLikeKeys))]
	}
	return g.str()
}

func (g *gen) bigInt() *big.Int {
	switch g.r.IntN(10) {
	case 0: // just outside int64
		return new(big.Int).Add(big.NewInt(math.MaxInt64), big.NewInt(1+g.r.Int64N(3)))
	case 1:
		return new(big.Int).Sub(big.NewInt(math.MinInt64), big.NewInt(1+g.r.Int64N(3)))
	case 2: // small value held in a *big.Int: still an int
		return big.NewInt(g.r.Int64N(2000) - 1000)
	case 3:
		if g.r.IntN(20) == 0 { // 4300 digits: CPython's limit, still accepted
			n, _ := new(big.Int).SetString(strings.Repeat("9", 4300), 10)
			return n
		}
	}
	n := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(19+g.r.IntN(45))), nil)
	n.Mul(n, big.NewInt(1+g.r.Int64N(1<<40)))
	if g.r.IntN(2) == 0 {
		n.Neg(n)
	}
	return n
}

func (g *gen) float() float64 {
	switch k := g.r.IntN(100); {
	case k < 15:
		return specialFloats[g.r.IntN(len(specialFloats))]
	case k < 55:
		mant := g.r.Int64N(int64(math.Pow10(1 + g.r.IntN(17))))
		f, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", mant+1, g.r.IntN(61)-30), 64)
		if g.r.IntN(2) == 0 {
			f = -f
		}
		return f
	case k < 70:
		f, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", 1+g.r.IntN(999), g.r.IntN(641)-330), 64)
		return f
	case k < 80:
		return math.Float64frombits(g.r.Uint64N(1 << 52)) // subnormals (and 0)
	default:
		return math.Float64frombits(g.r.Uint64())
	}
}

func (g *gen) time() time.Time {
	lo := time.Date(100, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	sec := lo + g.r.Int64N(hi-lo+1)
	ns := int64(0)
	if g.r.IntN(2) == 0 {
		ns = g.r.Int64N(1e9)
	}
	t := time.Unix(sec, ns)
	switch g.r.IntN(3) {
	case 0:
		return t.UTC()
	case 1:
		return t.In(time.FixedZone("", (g.r.IntN(2*1439+1)-1439)*60))
	}
	return t.In(time.FixedZone("GMT", 0))
}

func (g *gen) scalar() any {
	switch g.r.IntN(16) {
	case 0:
		return nil
	case 1:
		return g.r.IntN(2) == 0
	case 2, 3:
		if g.r.IntN(3) == 0 {
			return specialInts[g.r.IntN(len(specialInts))]
		}
		return g.r.Int64() >> g.r.IntN(64) * int64(1-2*g.r.IntN(2))
	case 4:
		return g.bigInt()
	case 5, 6:
		return g.float()
	case 7, 8:
		return g.str()
	case 9:
		b := make([]byte, g.r.IntN(25))
		for i := range b {
			b[i] = byte(g.r.UintN(256))
		}
		return b
	case 10:
		return tagjson.Markup([]string{"<b>", "<em>x</em> & y", ""}[g.r.IntN(3)] + g.str())
	case 11:
		var u tagjson.UUID
		for i := range u {
			u[i] = byte(g.r.UintN(256))
		}
		return u
	case 12:
		return g.time()
	case 13: // other integer kinds a handler stores
		n := g.r.Int64()
		return []any{int(n), int8(n), int16(n), int32(n), uint(n), uint8(n), uint16(n), uint32(n), uint64(g.r.Uint64())}[g.r.IntN(9)]
	case 14:
		return []string{g.str(), g.key()}[:g.r.IntN(3)]
	default:
		return map[string]string{g.key(): g.str()}
	}
}

func (g *gen) dict(depth int) map[string]any {
	m := map[string]any{}
	switch k := g.r.IntN(100); {
	case k < 20:
		m[tagLikeKeys[g.r.IntN(len(tagLikeKeys))]] = g.value(depth + 1)
	case k < 35:
		m[tagLikeKeys[g.r.IntN(len(tagLikeKeys))]] = g.value(depth + 1)
		m[g.key()] = g.value(depth + 1)
	default:
		for range g.r.IntN(6) {
			m[g.key()] = g.value(depth + 1)
		}
	}
	return m
}

func (g *gen) value(depth int) any {
	if depth >= 5 || (depth > 0 && g.r.IntN(10) < 4) {
		return g.scalar()
	}
	switch k := g.r.IntN(100); {
	case k < 45:
		return g.dict(depth)
	case k < 75:
		l := make([]any, g.r.IntN(6))
		for i := range l {
			l[i] = g.value(depth + 1)
		}
		return l
	case k < 90:
		l := make(tagjson.Tuple, g.r.IntN(5))
		for i := range l {
			l[i] = g.value(depth + 1)
		}
		return l
	}
	return g.scalar()
}

// top returns a top-level value: usually a session-like dict.
func (g *gen) top() any {
	if g.r.IntN(10) < 7 {
		return g.dict(0)
	}
	return g.value(0)
}
