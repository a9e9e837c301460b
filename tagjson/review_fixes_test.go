package tagjson_test

import (
	"errors"
	"testing"

	"github.com/flasksession/flasksession/tagjson"
)

func TestMaxIntDigitsBelowNineteenApplies(t *testing.T) {
	s := tagjson.NewSerializer()
	s.MaxIntDigits = 5
	var v any
	if err := s.Unmarshal([]byte("123456"), &v); !errors.Is(err, tagjson.ErrIntTooLong) {
		t.Fatalf("6-digit int with MaxIntDigits 5: err = %v, want ErrIntTooLong", err)
	}
	if err := s.Unmarshal([]byte("-12345"), &v); err != nil || v != int64(-12345) {
		t.Fatalf("5-digit int with MaxIntDigits 5 = %v, %v; want -12345", v, err)
	}
}

var errBadCents = errors.New("cents out of range")

// centsTag's ToGo fails with its own sentinel.
type centsTag struct{}

func (centsTag) Key() string                                      { return " cents" }
func (centsTag) Check(any) bool                                   { return false }
func (centsTag) ToJSON(_ *tagjson.Serializer, v any) (any, error) { return v, nil }
func (centsTag) ToGo(_ *tagjson.Serializer, v any) (any, error)   { return nil, errBadCents }

func TestCustomTagErrorKeepsItsCause(t *testing.T) {
	s := tagjson.NewSerializer()
	if err := s.Register(centsTag{}, false); err != nil {
		t.Fatal(err)
	}
	var v any
	err := s.Unmarshal([]byte(`{"price":{" cents":-1}}`), &v)
	if !errors.Is(err, errBadCents) || !errors.Is(err, tagjson.ErrTagValue) {
		t.Fatalf("err = %v, want it to match both the tag's own error and ErrTagValue", err)
	}
	var te *tagjson.TagError
	if !errors.As(err, &te) || te.Key != " cents" {
		t.Fatalf("errors.As(*TagError) = %v, key %q", te, te.Key)
	}
}
