package tagjson

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestUnmarshalValues(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want any
	}{
		{"int", `42`, int64(42)},
		{"negative zero int", `-0`, int64(0)},
		{"int64 max", `9223372036854775807`, int64(math.MaxInt64)},
		{"int64 min", `-9223372036854775808`, int64(math.MinInt64)},
		{"big", `9223372036854775808`, new(big.Int).Lsh(big.NewInt(1), 63)},
		{"float stays float", `1.0`, 1.0},
		{"exponent is float", `1e2`, 100.0},
		{"huge exponent is inf", `1E400`, math.Inf(1)},
		{"tiny is zero", `1e-400`, 0.0},
		{"negative zero float", `-0.0`, math.Copysign(0, -1)},
		{"Infinity", `-Infinity`, math.Inf(-1)},
		{"whitespace around", " \t\r\n[1 , 2]\n ", []any{int64(1), int64(2)}},
		{"escapes", `"\"\\\/\b\f\n\r\t\u00e9\u00E9"`, "\"\\/\b\f\n\r\téé"},
		{"surrogate pair", `"\ud83d\ude00"`, "😀"},
		{"lone high surrogate is WTF-8", `"\ud800x"`, "\xed\xa0\x80x"},
		{"lone low surrogate", `"\udc00"`, "\xed\xb0\x80"},
		{"high then non-low escape", `"\ud800\u0041"`, "\xed\xa0\x80A"},
		{"two highs", `"\ud800\ud800"`, "\xed\xa0\x80\xed\xa0\x80"},
		{"raw DEL and UTF-8 allowed", "\"\x7fé\"", "\x7fé"},
		{"NUL escape", `"\u0000"`, "\x00"},
		{"duplicate keys: last wins", `{"a":1,"a":2}`, map[string]any{"a": int64(2)}},
		{"empty containers", `[{},[]]`, []any{map[string]any{}, []any{}}},
		{"di takes first key in source order", `{" di":{"b":1,"a":2,"b":3}}`, map[string]any{"": int64(3)}},
		{"di of a di", `{" di":{" di":{"ab":1}}}`, map[string]any{"": int64(1)}},
		{"di strips two code points", `{" di":{"xé😀":1}}`, map[string]any{"x": int64(1)}},
		{"tuple of string is chars", `{" t":"aé😀"}`, Tuple{"a", "é", "😀"}},
		{"tuple of lone surrogate string", `{" t":"\ud800a"}`, Tuple{"\xed\xa0\x80", "a"}},
		{"tuple of object is keys in source order", `{" t":{"b":1,"a":2}}`, Tuple{"b", "a"}},
		{"tuple of bytes is ints", `{" t":{" b":"YWI="}}`, Tuple{int64(97), int64(98)}},
		{"tuple of markup is chars", `{" t":{" m":"ab"}}`, Tuple{"a", "b"}},
		{"duplicate tag keys collapse", `{" t":[1]," t":[2]}`, Tuple{int64(2)}},
		{"bytes of bytes", `{" b":{" b":"WVE9PQ=="}}`, []byte("a")},
		{"markup of number", `{" m":5}`, Markup("5")},
		{"markup of float", `{" m":1e16}`, Markup("1e+16")},
		{"markup of list", `{" m":[1,"a",null,true]}`, Markup("[1, 'a', None, True]")},
		{"markup of dict keeps source order", `{" m":{"b":1,"a":"x'y"}}`, Markup(`{'b': 1, 'a': "x'y"}`)},
		{"uuid braced", `{" u":"{12345678-1234-5678-1234-567812345678}"}`, UUID{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78}},
		{"date null", `{" d":null}`, nil},
		{"date garbage", `{" d":"garbage"}`, nil},
		{"date falsy", `{" d":0}`, nil},
		{"unknown tag stays", `{" x":1}`, map[string]any{" x": int64(1)}},
		{"two-key tag-like object stays", `{" t":[1],"x":1}`, map[string]any{" t": []any{int64(1)}, "x": int64(1)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got any
			if err := Unmarshal([]byte(c.in), &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
				cmp.Comparer(func(a, b float64) bool { return a == b && math.Signbit(a) == math.Signbit(b) || a != a && b != b })); diff != "" {
				t.Fatalf("-want +got:\n%s", diff)
			}
		})
	}
}

func TestUnmarshalErrors(t *testing.T) {
	deep := strings.Repeat("[", DefaultMaxDepth+1) + strings.Repeat("]", DefaultMaxDepth+1)
	for _, c := range []struct {
		name string
		in   string
		is   error
	}{
		{"empty", ``, ErrSyntax},
		{"only whitespace", "  ", ErrSyntax},
		{"trailing data", `{} x`, ErrSyntax},
		{"two values", `1 2`, ErrSyntax},
		{"trailing comma array", `[1,]`, ErrSyntax},
		{"trailing comma object", `{"a":1,}`, ErrSyntax},
		{"single quotes", `{'a':1}`, ErrSyntax},
		{"leading zero", `01`, ErrSyntax},
		{"bare minus", `-`, ErrSyntax},
		{"dot without digits", `1.`, ErrSyntax},
		{"exponent without digits", `1e`, ErrSyntax},
		{"plus sign", `+1`, ErrSyntax},
		{"+Infinity", `+Infinity`, ErrSyntax},
		{"-NaN", `-NaN`, ErrSyntax},
		{"nan lowercase", `nan`, ErrSyntax},
		{"raw newline in string", "\"a\nb\"", ErrSyntax},
		{"raw tab in string", "\"a\tb\"", ErrSyntax},
		{"invalid UTF-8", "\"\xff\"", ErrSyntax},
		{"encoded surrogate", "\"\xed\xa0\x80\"", ErrSyntax},
		{"overlong", "\"\xc0\xaf\"", ErrSyntax},
		{"UTF-8 BOM", "\xef\xbb\xbf{}", ErrSyntax},
		{"bad escape", `"\x"`, ErrSyntax},
		{"short unicode escape", `"\u12"`, ErrSyntax},
		{"bad second surrogate escape", `"\ud800\uzzzz"`, ErrSyntax},
		{"unterminated", `"abc`, ErrSyntax},
		{"form feed is not whitespace", "\f1", ErrSyntax},
		{"non-breaking space is not whitespace", "\u00a01", ErrSyntax},
		{"too deep", deep, ErrDepth},
		{"too many digits", strings.Repeat("9", 4301), ErrIntTooLong},
		{"di of empty object", `{" di":{}}`, ErrTagValue},
		{"di of string", `{" di":"x"}`, ErrTagValue},
		{"di of tuple", `{" di":{" t":[1]}}`, ErrTagValue},
		{"tuple of number", `{" t":5}`, ErrTagValue},
		{"tuple of null", `{" t":null}`, ErrTagValue},
		{"tuple of uuid", `{" t":{" u":"12345678123456781234567812345678"}}`, ErrTagValue},
		{"bytes without padding", `{" b":"YQ"}`, ErrTagValue},
		{"bytes url-safe alphabet", `{" b":"YQ-_"}`, ErrTagValue},
		{"bytes non-ASCII", `{" b":"é"}`, ErrTagValue},
		{"bytes of number", `{" b":1}`, ErrTagValue},
		{"uuid bad", `{" u":"xyz"}`, ErrTagValue},
		{"uuid of number", `{" u":1}`, ErrTagValue},
		{"date of number", `{" d":5}`, ErrTagValue},
		{"date of list", `{" d":[1]}`, ErrTagValue},
		{"date year overflows C int", `{" d":"2 Jan 99999999999 03:04:05"}`, ErrTagValue},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v any
			err := Unmarshal([]byte(c.in), &v)
			if !errors.Is(err, c.is) {
				t.Fatalf("Unmarshal(%q) = %v, %v; want %v", c.in, v, err, c.is)
			}
		})
	}
}

func TestUnmarshalLimits(t *testing.T) {
	s := &Serializer{MaxDepth: 3, MaxIntDigits: 5}
	var v any
	if err := s.Unmarshal([]byte(`[[[1]]]`), &v); err != nil {
		t.Errorf("depth 3: %v", err)
	}
	if err := s.Unmarshal([]byte(`[[[[1]]]]`), &v); !errors.Is(err, ErrDepth) {
		t.Errorf("depth 4: %v, want ErrDepth", err)
	}
	// The fast int path covers up to 18 digits; the limit must still apply.
	s = &Serializer{MaxIntDigits: 20}
	if err := s.Unmarshal([]byte(strings.Repeat("1", 20)), &v); err != nil {
		t.Errorf("20 digits: %v", err)
	}
	if err := s.Unmarshal([]byte("-"+strings.Repeat("1", 21)), &v); !errors.Is(err, ErrIntTooLong) {
		t.Errorf("21 digits: %v, want ErrIntTooLong", err)
	}
	s = &Serializer{MaxIntDigits: -1}
	if err := s.Unmarshal([]byte(strings.Repeat("1", 5000)), &v); err != nil {
		t.Errorf("unlimited: %v", err)
	}
	if err := Unmarshal([]byte(strings.Repeat("1", 4300)), &v); err != nil {
		t.Errorf("4300 digits (CPython's limit): %v", err)
	}
	var se *SyntaxError
	if err := Unmarshal([]byte(`[1, x]`), &v); !errors.As(err, &se) || se.Offset != 4 {
		t.Errorf("offset: %v", err)
	}
}

func TestUnmarshalTargets(t *testing.T) {
	var m map[string]any
	if err := Unmarshal([]byte(`{"a":1}`), &m); err != nil || m["a"] != int64(1) {
		t.Errorf("*map: %v %v", m, err)
	}
	if err := Unmarshal([]byte(`[1]`), &m); !errors.Is(err, ErrTarget) {
		t.Errorf("array into *map: %v", err)
	}
	var tu Tuple
	if err := Unmarshal([]byte(`{" t":[1]}`), &tu); err != nil || len(tu) != 1 {
		t.Errorf("*Tuple: %v %v", tu, err)
	}
	var s string
	if err := Unmarshal([]byte(`"x"`), &s); err != nil || s != "x" {
		t.Errorf("*string: %v %v", s, err)
	}
	var n int
	if err := Unmarshal([]byte(`1`), &n); !errors.Is(err, ErrTarget) {
		t.Errorf("int64 into *int: %v", err)
	}
	if err := Unmarshal([]byte(`1`), nil); !errors.Is(err, ErrTarget) {
		t.Errorf("nil: %v", err)
	}
	var o any
	ps := &Serializer{PreserveOrder: true}
	if err := ps.Unmarshal([]byte(`{"b":1,"a":{"d":1,"c":2},"b":3}`), &o); err != nil {
		t.Fatal(err)
	}
	want := Ordered{{"b", int64(3)}, {"a", Ordered{{"d", int64(1)}, {"c", int64(2)}}}}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("PreserveOrder -want +got:\n%s", diff)
	}
}

// TestFastPathsAgreeWithGeneralParsers checks the fast date and UUID parsers
// against the Python-compatible general ones on inputs near their edges.
func TestFastPathsAgreeWithGeneralParsers(t *testing.T) {
	dates := []string{"Tue, 02 Jan 2024 03:04:05 GMT", "xyz, 31 DEC 9999 23:59:59 GMT", "Mon, 29 Feb 2023 00:00:00 GMT",
		"Mon, 29 Feb 2024 00:00:00 GMT", "Mon, 01 Jan 0099 00:00:00 GMT", "Mon, 01 Jan 0100 00:00:00 GMT", "Mon, 01 Foo 2024 00:00:00 GMT",
		"Mon, 01 Jan 2024 24:00:00 GMT", "Mon, 01 Jan 2024 00:60:00 GMT", "Mon, 01 Jan 2024 00:00:60 GMT", "Mon, 00 Jan 2024 00:00:00 GMT",
		"M n, 01 Jan 2024 00:00:00 GMT", "Mon, 01 jan 2024 00:00:00 GMT"}
	for _, s := range dates {
		fast, ok := fastHTTPDate(s)
		d := *parsePyDateGeneral(t, s)
		if ok && (d == nil || !d.(time.Time).Equal(fast) || d.(time.Time).Location() != time.UTC) {
			t.Errorf("%q: fast path %v, general %v", s, fast, d)
		}
	}
	if _, ok := fastHTTPDate(dates[0]); !ok {
		t.Errorf("fast path refused Flask's own format %q", dates[0])
	}
	for _, s := range []string{"12345678123456781234567812345678", "12345678-1234-5678-1234-567812345678", "ABCDEF78-1234-5678-1234-567812345678",
		"1234567g123456781234567812345678", "12345678-1234-5678-1234-56781234567g", "12345678_1234-5678-1234-567812345678"} {
		fast, ok := fastUUID(s)
		if !ok {
			continue
		}
		s2 := "{" + s + "}" // forces the general path
		slow, err := parsePyUUID(s2)
		if err != nil || slow != fast {
			t.Errorf("%q: fast %v, general %v %v", s, fast, slow, err)
		}
	}
}

func parsePyDateGeneral(t *testing.T, s string) *any {
	// A leading space keeps the fast path out and changes nothing for
	// Python's whitespace split.
	v, err := parsePyDate(" b", " "+s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return &v
}

func TestPyInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		base int
		want string // "" means Python raises ValueError
	}{
		{"42", 10, "42"}, {" +42\t", 10, "42"}, {"-7", 10, "-7"}, {"1_000", 10, "1000"}, {"007", 10, "7"},
		{"٤٢", 10, "42"}, {"\u00a042", 10, "42"}, {"\x1c42", 10, ""},
		{"++1", 10, ""}, {"+-1", 10, ""}, {"_1", 10, ""}, {"1_", 10, ""}, {"1__0", 10, ""}, {"", 10, ""}, {" ", 10, ""},
		{"1e3", 10, ""}, {"0x10", 10, ""}, {"²", 10, ""},
		{"ff", 16, "255"}, {"0xff", 16, "255"}, {"0x_f", 16, "15"}, {"+0XF", 16, "15"}, {"0x", 16, ""}, {"g", 16, ""},
		{strings.Repeat("1", 4300), 10, strings.Repeat("1", 4300)}, {strings.Repeat("1", 4301), 10, ""},
	} {
		n, ok := pyInt(c.in, c.base)
		got := ""
		if ok {
			got = n.String()
		}
		if got != c.want {
			t.Errorf("int(%q, %d) = %q, want %q", c.in, c.base, got, c.want)
		}
	}
}

func TestMaxIntDigitsBelowNineteenApplies(t *testing.T) {
	s := NewSerializer()
	s.MaxIntDigits = 5
	var v any
	if err := s.Unmarshal([]byte("123456"), &v); !errors.Is(err, ErrIntTooLong) {
		t.Fatalf("6-digit int with MaxIntDigits 5: err = %v, want ErrIntTooLong", err)
	}
	if err := s.Unmarshal([]byte("-12345"), &v); err != nil || v != int64(-12345) {
		t.Fatalf("5-digit int with MaxIntDigits 5 = %v, %v; want -12345", v, err)
	}
}

// TestUnmarshalDuplicateKeys: Flask's loads is json.loads, which keeps only
// the last value of a repeated key, followed by the untag scan, so a tag that
// fails inside a replaced value never raises, while JSON errors and limits
// anywhere in the text still do. Every expectation here is what Flask 3.1.3
// loads (the Flask differential in interop_test.go sends some of these to
// the real Flask on every run); the too-deep case is this package's own
// bound, which also holds for the whole text.
func TestUnmarshalDuplicateKeys(t *testing.T) {
	deep := strings.Repeat("[", DefaultMaxDepth+1) + strings.Repeat("]", DefaultMaxDepth+1)
	for _, c := range []struct {
		name   string
		in     string
		want   any    // when is is nil
		is     error  // the error Unmarshal must match
		tagKey string // with ErrTagValue: the tag whose error Flask raises first
	}{
		{"bad uuid under a replaced key", `{"a":{" u":"x"},"a":1}`, map[string]any{"a": int64(1)}, nil, ""},
		{"bad uuid under the last value", `{"a":1,"a":{" u":"x"}}`, nil, ErrTagValue, " u"},
		{"date of a number under a replaced key", `{"a":{" d":5},"a":1}`, map[string]any{"a": int64(1)}, nil, ""},
		{"overflowing date under a replaced key", `{"a":{" d":"2 Jan 99999999999 03:04:05"},"a":null}`, map[string]any{"a": nil}, nil, ""},
		{"bad base64 under a replaced key", `{"a":{" b":"YQ"},"a":"ok"}`, map[string]any{"a": "ok"}, nil, ""},
		{"bad tag deep inside a replaced value", `{"a":[{"b":{"c":[{" t":5}]}}],"a":1}`, map[string]any{"a": int64(1)}, nil, ""},
		{"several failures inside a replaced value", `{"a":[{" u":"x"},[1,{" d":5}]],"a":[]}`, map[string]any{"a": []any{}}, nil, ""},
		{"replaced key in a nested object", `{"x":{"a":{" u":"x"},"a":1}}`, map[string]any{"x": map[string]any{"a": int64(1)}}, nil, ""},
		{"replaced key inside arrays", `[[{"k":{" b":"Y"},"k":null}]]`, []any{[]any{map[string]any{"k": nil}}}, nil, ""},
		{"replaced keys at two depths", `{"a":{"b":{"c":[{" b":"Y"}],"c":2}},"a":{"b":{" b":"YQ=="," b":"Y"},"b":3}}`,
			map[string]any{"a": map[string]any{"b": int64(3)}}, nil, ""},
		{"failure replaced inside the last value", `{"a":1,"a":{"b":{" u":"x"},"b":{" b":"YQ=="}}}`, map[string]any{"a": map[string]any{"b": []byte("a")}}, nil, ""},
		{"repeated tag key with a failed first value", `{" t":{" u":"x"}," t":[1]}`, Tuple{int64(1)}, nil, ""},
		{"repeated tag key with a failed last value", `{" t":[1]," t":{" u":"x"}}`, nil, ErrTagValue, " u"},
		{"tuple of keys keeps a replaced key's place", `{" t":{"b":{" u":"x"},"a":1,"b":2}}`, Tuple{"b", "a"}, nil, ""},
		{"markup of a replaced failure", `{" m":{" u":"x"}," m":"ok"}`, Markup("ok"), nil, ""},
		{"di escape with a replaced key", `{" di":{"a u":{" u":"x"},"a u":1}}`, map[string]any{"a": int64(1)}, nil, ""},
		{"di of an empty object, replaced", `{" di":{}," di":{"ab":1}}`, map[string]any{"": int64(1)}, nil, ""},
		{"failing di inside a replaced di", `{" di":{" di":{}}," di":{"ab":1}}`, map[string]any{"": int64(1)}, nil, ""},
		{"failure under another key still counts", `{"a":{" u":"x"},"b":{" t":5},"a":1}`, nil, ErrTagValue, " t"},
		{"the last value is the one untagged", `{"a":{" u":"x"},"b":1,"a":{" b":"Y"}}`, nil, ErrTagValue, " b"},
		{"first failure in array order", `[{" u":"x"},{" b":"Y"}]`, nil, ErrTagValue, " u"},
		{"first failure in dict order, keys by first place", `{"b":{" u":"x"},"a":{" t":5},"b":{" b":"Y"}}`, nil, ErrTagValue, " b"},
		{"syntax error after a replaced failure", `{"a":{" u":"x"},"a":1`, nil, ErrSyntax, ""},
		{"syntax error after a failure", `[{" u":"x"},]`, nil, ErrSyntax, ""},
		{"long int in a replaced value", `{"a":` + strings.Repeat("1", 4301) + `,"a":1}`, nil, ErrIntTooLong, ""},
		{"long int after a failure", `[{" u":"x"},` + strings.Repeat("1", 4301) + `]`, nil, ErrIntTooLong, ""},
		{"too deep in a replaced value", `{"a":` + deep + `,"a":1}`, nil, ErrDepth, ""},
	} {
		for _, s := range []*Serializer{NewSerializer(), {PreserveOrder: true}} {
			name := c.name
			if s.PreserveOrder {
				name += " (PreserveOrder)"
			}
			t.Run(name, func(t *testing.T) {
				var got any
				err := s.Unmarshal([]byte(c.in), &got)
				if c.is != nil {
					var te *TagError
					if !errors.Is(err, c.is) || c.tagKey != "" && (!errors.As(err, &te) || te.Key != c.tagKey) {
						t.Fatalf("Unmarshal = %v, %v; want %v from tag %q", got, err, c.is, c.tagKey)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(c.want, unorder(t, got, s.PreserveOrder)); diff != "" {
					t.Fatalf("-want +got:\n%s", diff)
				}
			})
		}
	}
}

// unorder turns the Ordered values of a PreserveOrder result into maps, and
// fails if it finds a map where Ordered was due or the other way round.
func unorder(t *testing.T, v any, ordered bool) any {
	t.Helper()
	switch x := v.(type) {
	case Ordered:
		if !ordered {
			t.Fatalf("Ordered without PreserveOrder: %v", x)
		}
		m := make(map[string]any, len(x))
		for _, kv := range x {
			m[kv.Key] = unorder(t, kv.Value, ordered)
		}
		return m
	case map[string]any:
		if ordered {
			t.Fatalf("map with PreserveOrder: %v", x)
		}
		for k, e := range x {
			x[k] = unorder(t, e, ordered)
		}
	case []any:
		for i, e := range x {
			x[i] = unorder(t, e, ordered)
		}
	}
	return v
}

// A custom tag's ToGo error counts only where Flask's scan reaches it.
func TestUnmarshalDuplicateKeysCustomTag(t *testing.T) {
	s := NewSerializer()
	if err := s.Register(failingTag{}, false); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := s.Unmarshal([]byte(`{"a":{" x":1},"a":2}`), &v); err != nil {
		t.Errorf("replaced failing custom tag: %v", err)
	} else if diff := cmp.Diff(map[string]any{"a": int64(2)}, v); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
	if err := s.Unmarshal([]byte(`{"a":2,"a":{" x":1}}`), &v); !errors.Is(err, errNoGood) {
		t.Errorf("failing custom tag under the last value: %v; want the tag's error", err)
	}
}
