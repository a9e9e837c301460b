package tagjson

import (
	"math/big"
	"testing"
	"time"
)

func TestTypeName(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{nil, "NoneType"}, {true, "bool"}, {int64(1), "int"}, {big.NewInt(1), "int"},
		{1.5, "float"}, {"s", "str"}, {Markup("<b>"), "Markup"}, {[]any{}, "list"},
		{Tuple{1}, "tuple"}, {map[string]any{}, "dict"}, {[]byte("b"), "bytes"},
		{UUID{}, "UUID"}, {time.Time{}, "datetime"}, {int8(1), "int8"},
	}
	for _, tt := range tests {
		if got := TypeName(tt.v); got != tt.want {
			t.Errorf("TypeName(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
