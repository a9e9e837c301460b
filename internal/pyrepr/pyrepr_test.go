package pyrepr

import (
	_ "embed"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

// The Python halves of the differential tests.
var (
	//go:embed testdata/float_repr.py
	pyFloatRepr string
	//go:embed testdata/repr_str.py
	pyReprStr string
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// point is a type this package does not know; the test registers it.
type point struct{ x, y int }

func init() {
	Register(func(w *Writer, v any) bool {
		p, ok := v.(point)
		if ok {
			w.Seq('(', []any{p.x, p.y}, ')')
		}
		return ok
	})
}

var floatCases = []struct {
	f    float64
	want string
}{
	{1, "1.0"},
	{0, "0.0"},
	{math.Copysign(0, -1), "-0.0"},
	{0.1, "0.1"},
	{1e15, "1000000000000000.0"},
	{1e16, "1e+16"},
	{1e22, "1e+22"},
	{-1e100, "-1e+100"},
	{0.0001, "0.0001"},
	{0.00001, "1e-05"},
	{2.5e-7, "2.5e-07"},
	{123456789.123, "123456789.123"},
	{1.2345678901234568e17, "1.2345678901234568e+17"},
	{5e-324, "5e-324"},
	{math.MaxFloat64, "1.7976931348623157e+308"},
	{math.NaN(), "nan"},
	{math.Inf(1), "inf"},
	{math.Inf(-1), "-inf"},
}

func TestFloat(t *testing.T) {
	for _, tc := range floatCases {
		if got := Float(tc.f); got != tc.want {
			t.Errorf("Float(%v) = %q, want %q", tc.f, got, tc.want)
		}
		if got := string(AppendFloat([]byte("x"), tc.f)); got != "x"+tc.want {
			t.Errorf("AppendFloat(x, %v) = %q, want %q", tc.f, got, "x"+tc.want)
		}
	}
}

func TestBytes(t *testing.T) {
	// Expected values are Python 3.11's repr() of the same bytes.
	tests := []struct{ in, want string }{
		{"", "b''"},
		{"abc", "b'abc'"},
		{"a'b", `b"a'b"`},
		{`a'"b`, `b'a\'"b'`},
		{`a"b`, `b'a"b'`},
		{"\\", `b'\\'`},
		{"\t\n\r\x00\x1f\x7f\x80\xff", `b'\t\n\r\x00\x1f\x7f\x80\xff'`},
		{"é", `b'\xc3\xa9'`},
	}
	for _, tt := range tests {
		if got := Bytes([]byte(tt.in)); got != tt.want {
			t.Errorf("Bytes(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if got := Repr([]byte(tt.in)); got != tt.want {
			t.Errorf("Repr([]byte(%q)) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestPlainBytes checks the 8-bytes-at-a-time test against the byte table
// it stands for: each byte value at each position of a word and of the
// tail, among plain bytes, then random strings of plain and other bytes.
func TestPlainBytes(t *testing.T) {
	want := func(p []byte) bool {
		for _, c := range p {
			if bytesReprClass[c]&(reprEscaped|reprSingle) != 0 {
				return false
			}
		}
		return true
	}
	check := func(p []byte) {
		t.Helper()
		if got := PlainBytes(p); got != want(p) {
			t.Fatalf("PlainBytes(%q) = %v", p, got)
		}
		if got := PlainBytes(string(p)); got != want(p) {
			t.Fatalf("PlainBytes(string %q) = %v", p, got)
		}
	}
	for n := 1; n <= 19; n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				p := []byte(strings.Repeat("~ a\"", n))[:n]
				p[pos] = byte(c)
				check(p)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		p := make([]byte, rng.IntN(40))
		for i := range p {
			p[i] = byte(0x20 + rng.IntN(0x5f))
			if rng.IntN(8) == 0 {
				p[i] = byte(rng.IntN(256))
			}
		}
		check(p)
	}
}

func TestAppendFloatAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendFloat(buf[:0], 1.2345678901234568e17) }); n != 0 {
		t.Errorf("AppendFloat allocates %v times", n)
	}
}

// TestFloatMatchesPython compares with repr() in the real interpreter, for
// random bit patterns and decimal boundaries.
func TestFloatMatchesPython(t *testing.T) {
	var floats []float64
	for e := -330; e <= 310; e += 7 {
		floats = append(floats, math.Pow(10, float64(e)), -1.5*math.Pow(10, float64(e)))
	}
	for _, seed := range interop.Seeds(t) {
		rng := interop.Rand(seed, 2)
		for range 300 {
			f := math.Float64frombits(rng.Uint64())
			if !math.IsNaN(f) {
				floats = append(floats, f)
			}
		}
	}
	for _, tc := range floatCases {
		floats = append(floats, tc.f)
	}
	var in strings.Builder
	for _, f := range floats {
		in.WriteString(strconv.FormatUint(math.Float64bits(f), 16) + "\n")
	}
	out := interop.Run(t, pyFloatRepr, []byte(in.String()))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(floats) {
		t.Fatalf("python printed %d lines for %d floats", len(lines), len(floats))
	}
	for i, f := range floats {
		if got := Float(f); got != lines[i] {
			t.Errorf("Float(%b) = %q, Python repr %q", f, got, lines[i])
		}
	}
}

var (
	utc   = time.Date(2024, 1, 2, 3, 4, 0, 0, time.UTC)
	west  = time.Date(2024, 1, 2, 3, 4, 5, 6000, time.FixedZone("", -5*3600))
	east  = time.Date(1999, 12, 31, 23, 59, 0, 0, time.FixedZone("", 5*3600+30*60+15))
	big64 = new(big.Int).Lsh(big.NewInt(1), 64)
)

// reprCases: a Go value, the Python expression for the value it stands for,
// and that value's repr() and str().
var reprCases = []struct {
	name string
	v    any
	py   string
	repr string
	str  string
}{
	{"None", nil, "None", "None", "None"},
	{"True", true, "True", "True", "True"},
	{"False", false, "False", "False", "False"},
	{"int", -7, "-7", "-7", "-7"},
	{"int64", int64(1) << 62, "1 << 62", "4611686018427387904", "4611686018427387904"},
	{"big int", big64, "1 << 64", "18446744073709551616", "18446744073709551616"},
	{"float", 2.5e-7, "2.5e-07", "2.5e-07", "2.5e-07"},
	{"float nan", math.NaN(), "float('nan')", "nan", "nan"},
	{"str", "a", "'a'", "'a'", "a"},
	{"str quote", "it's", `"it's"`, `"it's"`, "it's"},
	{"str both quotes", `'"`, `'\'"'`, `'\'"'`, `'"`},
	{"str controls", "\t\n\r\x00\x1f\x7f\\", `'\t\n\r\x00\x1f\x7f\\'`, `'\t\n\r\x00\x1f\x7f\\'`, "\t\n\r\x00\x1f\x7f\\"},
	{"str unicode", "é\u00a0\u2028😀\U000e0001", `'é\xa0\u2028😀\U000e0001'`, `'é\xa0\u2028😀\U000e0001'`, "é\u00a0\u2028😀\U000e0001"},
	{"str lone surrogate", "a\xed\xa0\x80b", `'a\ud800b'`, `'a\ud800b'`, "a\xed\xa0\x80b"},
	{"bytes", []byte("\x00\xff\t'a"), `b"\x00\xff\t'a"`, `b"\x00\xff\t'a"`, `b"\x00\xff\t'a"`},
	{"bytes both quotes", []byte(`'"\`), `b'\'"\\'`, `b'\'"\\'`, `b'\'"\\'`},
	{"list", []any{1, "x", []any{}}, "[1, 'x', []]", "[1, 'x', []]", "[1, 'x', []]"},
	{"dict sorted", map[string]any{"b": 1, "a": []byte("z")}, "{'a': b'z', 'b': 1}", "{'a': b'z', 'b': 1}", "{'a': b'z', 'b': 1}"},
	{"int dict sorted", map[int64]any{10: "x", 2: nil}, "{2: None, 10: 'x'}", "{2: None, 10: 'x'}", "{2: None, 10: 'x'}"},
	{"datetime utc", utc, "datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)",
		"datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)", "2024-01-02 03:04:00+00:00"},
	{"datetime west", west, "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))",
		"datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))",
		"2024-01-02 03:04:05.000006-05:00"},
	{"datetime east", east, "datetime.datetime(1999, 12, 31, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(seconds=19815)))",
		"datetime.datetime(1999, 12, 31, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(seconds=19815)))",
		"1999-12-31 23:59:00+05:30:15"},
	{"registered type", []any{point{1, 2}}, "[(1, 2)]", "[(1, 2)]", "[(1, 2)]"},
	{"one-tuple", point{3, 4}, "(3, 4)", "(3, 4)", "(3, 4)"},
}

func TestRepr(t *testing.T) {
	for _, tc := range reprCases {
		if got := Repr(tc.v); got != tc.repr {
			t.Errorf("%s: Repr = %s, want %s", tc.name, got, tc.repr)
		}
		if got := Str(tc.v); got != tc.str {
			t.Errorf("%s: Str = %q, want %q", tc.name, got, tc.str)
		}
	}
	if got, want := Repr(struct{}{}), "<struct {} {}>"; got != want {
		t.Errorf("unknown type: Repr = %s, want %s", got, want)
	}
	var w Writer
	w.Seq('(', []any{"x"}, ')')
	if got, want := w.String(), "('x',)"; got != want {
		t.Errorf("Seq of one item = %s, want %s", got, want)
	}
}

// TestReprMatchesPython checks the table's expectations against repr() and
// str() in the real interpreter.
func TestReprMatchesPython(t *testing.T) {
	var in strings.Builder
	for _, tc := range reprCases {
		fmt.Fprintf(&in, "%q\n", tc.py)
	}
	out := interop.Run(t, pyReprStr, []byte(in.String()))
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2*len(reprCases) {
		t.Fatalf("python printed %d lines for %d cases", len(lines), len(reprCases))
	}
	for i, tc := range reprCases {
		repr, str := pyString(t, lines[2*i]), pyString(t, lines[2*i+1])
		if repr != tc.repr {
			t.Errorf("%s: Python repr %s, table %s", tc.name, repr, tc.repr)
		}
		if str != tc.str {
			t.Errorf("%s: Python str %q, table %q", tc.name, str, tc.str)
		}
	}
}

// pyString decodes a line of hex: the UTF-8 of a Python str, lone
// surrogates in WTF-8 as this package's strings hold them.
func pyString(t *testing.T, line string) string {
	t.Helper()
	b, err := hex.DecodeString(line)
	if err != nil {
		t.Fatalf("python output %q: %v", line, err)
	}
	return string(b)
}
