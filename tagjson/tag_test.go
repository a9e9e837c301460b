package tagjson

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
)

// keyTag is a minimal custom tag for order tests.
type keyTag string

func (k keyTag) Key() string                              { return string(k) }
func (k keyTag) Check(any) bool                           { return false }
func (k keyTag) ToJSON(_ *Serializer, v any) (any, error) { return v, nil }
func (k keyTag) ToGo(_ *Serializer, v any) (any, error)   { return v, nil }

// foo and tagFoo are Flask's test_custom_tag.
type foo struct{ data any }

type tagFoo struct{}

func (tagFoo) Key() string { return " f" }
func (tagFoo) Check(v any) bool {
	_, ok := v.(foo)
	return ok
}
func (tagFoo) ToJSON(s *Serializer, v any) (any, error) { return s.Tag(v.(foo).data) }
func (tagFoo) ToGo(_ *Serializer, v any) (any, error)   { return foo{v}, nil }

func TestCustomTagRoundTrip(t *testing.T) {
	s := NewSerializer()
	if err := s.Register(tagFoo{}, false); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   any
		json string
	}{
		{foo{"bar"}, `{" f":"bar"}`},
		{foo{Tuple{1, []byte("x")}}, `{" f":{" t":[1,{" b":"eA=="}]}}`},
		{map[string]any{"k": foo{map[string]any{" t": 1}}}, `{"k":{" f":{" di":{" t__":1}}}}`},
		{map[string]any{" f": 1}, `{" di":{" f__":1}}`},
	} {
		got, err := s.Marshal(c.in)
		if err != nil || string(got) != c.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", c.in, got, err, c.json)
			continue
		}
		var back any
		if err := s.Unmarshal(got, &back); err != nil {
			t.Errorf("Unmarshal(%s): %v", got, err)
			continue
		}
		again, err := s.Marshal(back)
		if err != nil || string(again) != c.json {
			t.Errorf("round trip of %s gave %s, %v", c.json, again, err)
		}
	}
	// Without the tag, " f" is an unknown tag and survives as a map.
	var plain any
	if err := Unmarshal([]byte(`{" f":"bar"}`), &plain); err != nil {
		t.Fatal(err)
	}
	if m, ok := plain.(map[string]any); !ok || m[" f"] != "bar" {
		t.Errorf("unknown tag decoded to %#v", plain)
	}
}

func TestRegister(t *testing.T) {
	s := NewSerializer()
	dict := s.Tags()[0]
	if dict.Key() != " di" || len(s.Tags()) != 8 {
		t.Fatalf("default order starts with %q and has %d tags", dict.Key(), len(s.Tags()))
	}
	// test_duplicate_tag
	if err := s.Register(dict, false); !errors.Is(err, ErrTagRegistered) {
		t.Fatalf("duplicate Register = %v, want ErrTagRegistered", err)
	}
	if err := s.Register(dict, true); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Tags()); n != 9 {
		t.Fatalf("forced re-register: %d tags in order, want 9 (the old entry stays)", n)
	}
	// test_tag_order, with list.insert index rules.
	s = NewSerializer()
	if err := s.RegisterAt(keyTag(" 1"), false, -1); err != nil {
		t.Fatal(err)
	}
	if order := s.Tags(); order[len(order)-2].Key() != " 1" {
		t.Errorf("index -1 put the tag at %v", keys(order))
	}
	if err := s.Register(keyTag(" 2"), false); err != nil {
		t.Fatal(err)
	}
	if order := s.Tags(); order[len(order)-1].Key() != " 2" {
		t.Errorf("Register appended at %v", keys(order))
	}
	for _, c := range []struct {
		index int
		at    int
	}{{0, 0}, {3, 3}, {100, 8}, {-100, 0}, {-8, 0}, {-3, 5}} {
		s := NewSerializer()
		if err := s.RegisterAt(keyTag(" x"), false, c.index); err != nil {
			t.Fatal(err)
		}
		if got := s.Tags()[c.at].Key(); got != " x" {
			t.Errorf("RegisterAt(index %d): order %v, want it at %d", c.index, keys(s.Tags()), c.at)
		}
	}
	// A serializer's registrations do not leak into others.
	if len(NewSerializer().Tags()) != 8 || std.lookup(" x") != nil {
		t.Error("registration changed the defaults")
	}
}

func keys(ts []Tag) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Key())
	}
	return out
}

// TestCustomOrderMatchesFastPath checks that the general tag loop (used
// once any tag is registered) writes the same bytes as the fast path.
func TestCustomOrderMatchesFastPath(t *testing.T) {
	custom := NewSerializer()
	if err := custom.Register(keyTag(" zz"), false); err != nil {
		t.Fatal(err)
	}
	values := []any{
		nil, true, int64(-3), 1.0, math.NaN(), "é", Tuple{1, Tuple{}}, []byte{0, 255}, Markup("<b>"),
		UUID{1, 2, 3}, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		map[string]any{"a": []any{map[string]any{" t": 1}, Ordered{{" u", 2}}}, "b": map[int]string{10: "x", 2: "y"}},
		map[string]any{" di": " di"}, []string{"x"}, map[string]int{" b": 1}, point{X: 1}, Ordered{{"b", 1}, {"a", 2}},
	}
	for _, v := range values {
		want, err1 := Marshal(v)
		got, err2 := custom.Marshal(v)
		if fmt.Sprint(err1) != fmt.Sprint(err2) || string(got) != string(want) {
			t.Errorf("%#v: fast path %s (%v), tag loop %s (%v)", v, want, err1, got, err2)
		}
	}
}

func TestBuiltinTagInterface(t *testing.T) {
	tags := NewSerializer().Tags()
	var tuple, bytesTag, dict Tag
	for _, tg := range tags {
		switch tg.Key() {
		case " t":
			tuple = tg
		case " b":
			bytesTag = tg
		case " di":
			dict = tg
		}
	}
	if !tuple.Check(Tuple{}) || tuple.Check([]any{}) {
		t.Error("tuple Check")
	}
	if !dict.Check(map[string]string{" t": "x"}) || dict.Check(map[string]any{"a": 1}) {
		t.Error("dict Check")
	}
	j, err := bytesTag.ToJSON(nil, []byte("a"))
	if err != nil || j != "YQ==" {
		t.Errorf("bytes ToJSON = %v, %v", j, err)
	}
	g, err := bytesTag.ToGo(nil, "YQ==")
	if b, ok := g.([]byte); err != nil || !ok || string(b) != "a" {
		t.Errorf("bytes ToGo = %v, %v", g, err)
	}
	if _, err := tuple.ToGo(nil, 5); !errors.Is(err, ErrTagValue) {
		t.Errorf("tuple ToGo(5) = %v", err)
	}
}

var errNoGood = errors.New("no good")

type failingTag struct{}

func (failingTag) Key() string                            { return " x" }
func (failingTag) Check(v any) bool                       { _, ok := v.(complex128); return ok }
func (failingTag) ToJSON(*Serializer, any) (any, error)   { return nil, errNoGood }
func (failingTag) ToGo(_ *Serializer, v any) (any, error) { return nil, errNoGood }

func TestCustomTagErrors(t *testing.T) {
	s := NewSerializer()
	if err := s.Register(failingTag{}, false); err != nil {
		t.Fatal(err)
	}
	_, err := s.Marshal(map[string]any{"a": []any{complex(1, 1)}})
	var me *MarshalError
	if !errors.As(err, &me) || me.Path != "$.a[0]" || !errors.Is(err, errNoGood) {
		t.Errorf("Marshal error = %v; want a MarshalError at $.a[0] wrapping the tag's error", err)
	}
	var v any
	if err := s.Unmarshal([]byte(`{"k":{" x":1}}`), &v); !errors.Is(err, ErrTagValue) {
		t.Errorf("Unmarshal error = %v; want ErrTagValue", err)
	}
}

func TestTagAndUntag(t *testing.T) {
	s := NewSerializer()
	tagged, err := s.Tag(map[string]any{"a": Tuple{[]byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": map[string]any{" t": []any{map[string]any{" b": "eA=="}}}}
	if fmt.Sprint(tagged) != fmt.Sprint(want) {
		t.Errorf("Tag = %v, want %v", tagged, want)
	}
	back, err := s.Untag(tagged)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%#v", back.(map[string]any)["a"]); got != `tagjson.Tuple{[]uint8{0x78}}` {
		t.Errorf("Untag gave %s", got)
	}
}

func TestRegisterOnCopy(t *testing.T) {
	a := NewSerializer()
	if err := a.Register(keyTag(" a"), false); err != nil {
		t.Fatal(err)
	}
	b := *a
	if err := b.Register(keyTag(" y"), false); err != nil {
		t.Fatal(err)
	}
	if a.lookup(" y") != nil || len(a.Tags()) != 9 || len(b.Tags()) != 10 {
		t.Errorf("registering on a copy changed the original: %v / %v", keys(a.Tags()), keys(b.Tags()))
	}
}

var errBadCents = errors.New("cents out of range")

// centsTag's ToGo fails with its own sentinel.
type centsTag struct{}

func (centsTag) Key() string                              { return " cents" }
func (centsTag) Check(any) bool                           { return false }
func (centsTag) ToJSON(_ *Serializer, v any) (any, error) { return v, nil }
func (centsTag) ToGo(_ *Serializer, v any) (any, error)   { return nil, errBadCents }
func TestCustomTagErrorKeepsItsCause(t *testing.T) {
	s := NewSerializer()
	if err := s.Register(centsTag{}, false); err != nil {
		t.Fatal(err)
	}
	var v any
	err := s.Unmarshal([]byte(`{"price":{" cents":-1}}`), &v)
	if !errors.Is(err, errBadCents) || !errors.Is(err, ErrTagValue) {
		t.Fatalf("err = %v, want it to match both the tag's own error and ErrTagValue", err)
	}
	var te *TagError
	if !errors.As(err, &te) || te.Key != " cents" {
		t.Fatalf("errors.As(*TagError) = %v, key %q", te, te.Key)
	}
}
