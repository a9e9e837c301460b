package flasksession

import (
	"testing"
)

// The expected values are what Python 3.11 prints for the same input.

func TestPyTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"lax", "Lax"},
		{"LAX", "Lax"},
		{"sAmE-sItE", "Same-Site"},
		{"none", "None"},
		{"x1y", "X1Y"},
		{"a_b c", "A_B C"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := pyTitle(tt.in); got != tt.want {
			t.Errorf("pyTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPyStrip(t *testing.T) {
	// Bytes of a header that WSGI decoded as Latin-1: 0x85 is NEL and
	// 0xa0 NBSP, both whitespace to str.strip.
	tests := []struct{ in, want string }{
		{" \t a b \x1c", "a b"},
		{"\xa0x\x85", "x"},
		{"\x0bq\x0c", "q"},
		{"\x1fz\x1e", "z"},
		{"\x00a\x00", "\x00a\x00"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := pyStrip(tt.in); got != tt.want {
			t.Errorf("pyStrip(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
