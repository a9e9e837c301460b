package tagjson

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"
)

func TestFloatRepr(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{1, "1.0"}, {-1, "-1.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"},
		{0.1, "0.1"}, {1.5, "1.5"}, {100, "100.0"}, {123456789.123, "123456789.123"},
		{1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {1.5e16, "1.5e+16"}, {9999999999999998, "9999999999999998.0"},
		{1e22, "1e+22"}, {1.2345678901234568e+17, "1.2345678901234568e+17"},
		{0.0001, "0.0001"}, {0.00012, "0.00012"}, {1e-05, "1e-05"}, {2.5e-07, "2.5e-07"}, {1.5e-10, "1.5e-10"},
		{5e-324, "5e-324"}, {1.7976931348623157e+308, "1.7976931348623157e+308"}, {1e100, "1e+100"}, {1e-100, "1e-100"},
		{math.NaN(), "NaN"}, {math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"},
	} {
		if got := string(appendFloat(nil, c.in)); got != c.want {
			t.Errorf("appendFloat(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestStringEscapes(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    string
		ascii string // EnsureASCII true
		raw   string // EnsureASCII false
	}{
		{"plain", "abc", `"abc"`, `"abc"`},
		{"html and slash stay", `</a>&'`, `"</a>&'"`, `"</a>&'"`},
		{"quote and backslash", `"\`, `"\"\\"`, `"\"\\"`},
		{"short escapes", "\n\r\t\b\f", `"\n\r\t\b\f"`, `"\n\r\t\b\f"`},
		{"other controls", "\x00\x1f", `"\u0000\u001f"`, `"\u0000\u001f"`},
		{"DEL", "\x7f", `"\u007f"`, "\"\x7f\""},
		{"latin", "é", `"\u00e9"`, `"é"`},
		{"line separator", "\u2028", `"\u2028"`, "\"\u2028\""},
		{"BMP end", "\uffff", `"\uffff"`, "\"\uffff\""},
		{"astral", "😀", `"\ud83d\ude00"`, `"😀"`},
		{"lone surrogate (WTF-8)", "a\xed\xa0\x80b", `"a\ud800b"`, `"a\ud800b"`},
		{"low surrogate", "\xed\xbf\xbf", `"\udfff"`, `"\udfff"`},
		{"invalid UTF-8", "a\xffb", `"a\ufffdb"`, "\"a\ufffdb\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(appendString(nil, c.in, true)); got != c.ascii {
				t.Errorf("ensure_ascii: got %s, want %s", got, c.ascii)
			}
			if got := string(appendString(nil, c.in, false)); got != c.raw {
				t.Errorf("raw: got %s, want %s", got, c.raw)
			}
		})
	}
}

type point struct {
	X int     `json:"x"`
	Y []int   `json:"y"`
	Z float64 `json:"z,omitempty"`
}

type textKey struct{ a, b int }

func (k textKey) MarshalText() ([]byte, error) {
	return []byte(strings.Repeat("k", k.a) + strings.Repeat("z", k.b)), nil
}

func TestMarshalGoValues(t *testing.T) {
	i8 := int8(-5)
	var nilPtr *int
	for _, c := range []struct {
		name string
		in   any
		want string
	}{
		{"ints of every kind", []any{int8(-1), int16(2), int32(3), uint(4), uint8(5), uint16(6), uint32(7), uint64(8), uintptr(9)}, `[-1,2,3,4,5,6,7,8,9]`},
		{"uint64 beyond int64", uint64(math.MaxUint64), `18446744073709551615`},
		{"big.Int", new(big.Int).Lsh(big.NewInt(1), 70), `1180591620717411303424`},
		{"negative big.Int", new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 64)), `-18446744073709551616`},
		{"float32 keeps short digits", float32(0.1), `0.1`},
		{"float32 whole", float32(3), `3.0`},
		{"pointer", &i8, `-5`},
		{"nil pointer", nilPtr, `null`},
		{"[]string", []string{"a", "é"}, `["a","\u00e9"]`},
		{"map[string]string", map[string]string{"b": "1", "a": "2"}, `{"a":"2","b":"1"}`},
		{"map[string]int one tag-like key", map[string]int{" t": 1}, `{" di":{" t__":1}}`},
		{"nested typed map", map[string][]int{"x": {1, 2}}, `{"x":[1,2]}`},
		{"int keys sort numerically", map[int]string{10: "a", 2: "b", -1: "c"}, `{"-1":"c","2":"b","10":"a"}`},
		{"uint keys", map[uint8]bool{200: true, 3: false}, `{"3":false,"200":true}`},
		{"float keys use repr", map[float64]int{1.5: 1, 10: 2, 1e16: 3}, `{"1.5":1,"10.0":2,"1e+16":3}`},
		{"bool keys", map[bool]int{true: 1, false: 0}, `{"false":0,"true":1}`},
		{"interface keys all strings", map[any]int{"b": 1, "a": 2}, `{"a":2,"b":1}`},
		{"interface keys all ints", map[any]int{int64(10): 1, int64(9): 2}, `{"9":2,"10":1}`},
		{"TextMarshaler keys", map[textKey]int{{1, 0}: 1, {0, 1}: 2}, `{"k":1,"z":2}`},
		{"struct via encoding/json, untagged", point{X: 1, Y: []int{2, 3}}, `{"x":1,"y":[2,3]}`},
		{"struct inside a map", map[string]any{"p": &point{X: 1}}, `{"p":{"x":1,"y":null}}`},
		{"json.Number int", json.Number("12345678901234567890"), `12345678901234567890`},
		{"json.Number float", json.Number("1e16"), `1e+16`},
		{"json.RawMessage is re-encoded canonically", json.RawMessage(`{"b": 1.50, "a": "\u00e9"}`), `{"a":"\u00e9","b":1.5}`},
		{"array of bytes is a list", [3]byte{1, 2, 3}, `[1,2,3]`},
		{"named byte slice is bytes", json.RawMessage(nil), `null`},
		{"nil []any", []any(nil), `null`},
		{"nil map", map[string]any(nil), `null`},
		{"empty tuple", Tuple{}, `{" t":[]}`},
		{"nil []byte", []byte(nil), `{" b":""}`},
		{"time in a zone goes to UTC, seconds truncated", time.Date(2024, 1, 2, 3, 4, 5, 999999999, time.FixedZone("", 7200)), `{" d":"Tue, 02 Jan 2024 01:04:05 GMT"}`},
		{"ordered keeps order when unsorted? no: sorted by default", Ordered{{"b", 1}, {"a", 2}}, `{"a":2,"b":1}`},
		{"ordered one tag key", Ordered{{" u", 1}}, `{" di":{" u__":1}}`},
		{"di at top level with escapes", map[string]any{" b": "é"}, `{" di":{" b__":"\u00e9"}}`},
		{"unknown tag stays", map[string]any{" od": []any{}}, `{" od":[]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Marshal(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Fatalf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestMarshalOptions(t *testing.T) {
	v := Ordered{{"b", "é"}, {"a", map[string]any{"y": 1, "x": 2}}}
	for _, c := range []struct {
		sort, ascii bool
		want        string
	}{
		{true, true, `{"a":{"x":2,"y":1},"b":"\u00e9"}`},
		{false, true, `{"b":"\u00e9","a":{"x":2,"y":1}}`},
		{false, false, `{"b":"é","a":{"x":2,"y":1}}`},
		{true, false, `{"a":{"x":2,"y":1},"b":"é"}`},
	} {
		s := &Serializer{SortKeys: c.sort, EnsureASCII: c.ascii}
		got, err := s.Marshal(v)
		if err != nil || string(got) != c.want {
			t.Errorf("SortKeys=%v EnsureASCII=%v: got %s, %v; want %s", c.sort, c.ascii, got, err, c.want)
		}
	}
}

func TestMarshalErrors(t *testing.T) {
	deep := any(1)
	for range 300 {
		deep = []any{deep}
	}
	for _, c := range []struct {
		name string
		in   any
		path string
		is   error
	}{
		{"channel", map[string]any{"a": []any{1, make(chan int)}}, "$.a[1]", ErrUnsupported},
		{"func", map[string]any{"odd key": func() {}}, `$["odd key"]`, ErrUnsupported},
		{"complex", Tuple{complex(1, 2)}, "$[0]", ErrUnsupported},
		{"mixed keys", map[string]any{"m": map[any]int{"a": 1, 2: 2}}, "$.m", ErrUnsupported},
		{"struct key", map[[2]int]int{{1, 2}: 3}, "$", ErrUnsupported},
		{"duplicate ordered keys", Ordered{{"a", 1}, {"a", 2}}, "$", ErrUnsupported},
		{"bytes in raw position", map[string]any{"s": point{}, "x": plainJSON{[]byte("x")}}, "$.x", ErrUnsupported},
		{"year out of Python range", map[string]any{"t": time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, "$.t", ErrUnsupported},
		{"too deep", deep, "$" + strings.Repeat("[0]", DefaultMaxDepth), ErrDepth},
		{"di escape path", map[string]any{" t": []any{make(chan int)}}, `$[" t"][0]`, ErrUnsupported},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := Marshal(c.in)
			var me *MarshalError
			if !errors.As(err, &me) {
				t.Fatalf("Marshal = %s, %v; want a *MarshalError", out, err)
			}
			if !errors.Is(err, c.is) {
				t.Errorf("error %v does not match %v", err, c.is)
			}
			if me.Path != c.path {
				t.Errorf("path %q, want %q (%v)", me.Path, c.path, err)
			}
		})
	}
}

func TestAppendMarshal(t *testing.T) {
	dst := []byte("prefix:")
	out, err := std.AppendMarshal(dst, map[string]any{"a": Tuple{1}})
	if err != nil || string(out) != `prefix:{"a":{" t":[1]}}` {
		t.Fatalf("got %s, %v", out, err)
	}
	out, err = std.AppendMarshal(dst, make(chan int))
	if err == nil || string(out) != "prefix:" {
		t.Fatalf("on error got %q, %v; want dst unchanged and an error", out, err)
	}
}

// TestPlainWord checks the word-at-a-time test against the byte tables for
// every byte value in every position.
func TestPlainWord(t *testing.T) {
	base := []byte("abcdefgh")
	for pos := range 8 {
		for c := range 256 {
			w := append([]byte(nil), base...)
			w[pos] = byte(c)
			x := load64b(w, 0)
			wantEnc := plainByte[c]
			wantDec := strPlain[c] && c < 0x80
			if got := plainWord(x, false); got != wantEnc {
				t.Errorf("encoder: byte %#x at %d: plainWord %v, table %v", c, pos, got, wantEnc)
			}
			if got := plainWord(x, true); got != wantDec {
				t.Errorf("decoder: byte %#x at %d: plainWord %v, table %v", c, pos, got, wantDec)
			}
		}
	}
}
