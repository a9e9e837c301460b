package tagjson

import (
	"errors"
	"strings"
	"testing"
)

// TestLimitsZeroAndNegative checks the limit convention: a field left at
// 0 is the package default, a negative one is no limit.
func TestLimitsZeroAndNegative(t *testing.T) {
	nested := func(depth int) string {
		return strings.Repeat("[", depth) + strings.Repeat("]", depth)
	}
	digits := func(n int) string { return strings.Repeat("9", n) }
	tests := []struct {
		name         string
		set          func(s *Serializer, n int)
		inside, past string
		kind         error
	}{
		{"MaxDepth", func(s *Serializer, n int) { s.MaxDepth = n }, nested(DefaultMaxDepth), nested(DefaultMaxDepth + 1), ErrDepth},
		{"MaxIntDigits", func(s *Serializer, n int) { s.MaxIntDigits = n }, digits(DefaultMaxIntDigits), digits(DefaultMaxIntDigits + 1), ErrIntTooLong},
	}
	for _, tt := range tests {
		for _, limit := range []int{0, -1} {
			s := NewSerializer()
			tt.set(s, limit)
			var v any
			if err := s.Unmarshal([]byte(tt.inside), &v); err != nil {
				t.Errorf("%s %d: at the default bound: %v", tt.name, limit, err)
			}
			err := s.Unmarshal([]byte(tt.past), &v)
			if rejected := errors.Is(err, tt.kind); rejected != (limit == 0) {
				t.Errorf("%s %d: past the default bound: %v", tt.name, limit, err)
			}
		}
	}
	// Encoding is bounded by MaxDepth too.
	var deep any = "x"
	for range DefaultMaxDepth + 1 {
		deep = []any{deep}
	}
	if _, err := NewSerializer().Marshal(deep); !errors.Is(err, ErrDepth) {
		t.Errorf("MaxDepth 0: Marshal past the default bound: %v", err)
	}
	if _, err := (&Serializer{MaxDepth: -1}).Marshal(deep); err != nil {
		t.Errorf("MaxDepth -1: Marshal: %v", err)
	}
}
