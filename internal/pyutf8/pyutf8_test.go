package pyutf8

import (
	"strings"
	"testing"
)

// The expected values are what Python 3 prints for
// bytes.decode("utf-8", "replace") on the same bytes.
func TestDecode(t *testing.T) {
	const r = "\uFFFD"
	tests := []struct{ name, in, want string }{
		{"valid text is itself", "abc é", "abc é"},
		{"a lone invalid byte", "\xff", r},
		{"a truncated sequence counts once", "a\xe2\x82", "a" + r},
		{"truncated then ASCII then invalid", "\xe2\x82A\xff", r + "A" + r},
		{"a surrogate is three subparts", "\xed\xa0\x80", r + r + r},
		{"a truncated four-byte sequence", "\xf0\x9f\x98", r},
		{"beyond U+10FFFF is four subparts", "\xf4\x90\x80\x80", r + r + r + r},
		{"an overlong two-byte form", "\xc0\xaf", r + r},
		{"an overlong three-byte form", "\xe0\x80\xaf", r + r + r},
	}
	for _, tt := range tests {
		if got := Decode(tt.in); got != tt.want {
			t.Errorf("%s: Decode(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
		if got := string(AppendDecode([]byte("x"), tt.in)); got != "x"+tt.want {
			t.Errorf("%s: AppendDecode(x, %q) = %q, want %q", tt.name, tt.in, got, "x"+tt.want)
		}
	}
}

// TestASCII puts a byte above 0x7f at every position of strings that
// end inside and after whole 8-byte words.
func TestASCII(t *testing.T) {
	for n := 0; n <= 17; n++ {
		s := strings.Repeat("~", n)
		if !ASCII(s) {
			t.Errorf("ASCII(%q) = false", s)
		}
		for pos := 0; pos < n; pos++ {
			for _, c := range []byte{0x80, 0xe9, 0xff} {
				b := []byte(s)
				b[pos] = c
				if ASCII(string(b)) {
					t.Errorf("ASCII(%q) = true", b)
				}
			}
		}
	}
}
