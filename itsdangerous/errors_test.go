package itsdangerous

import (
	"errors"
	"strings"
	"testing"
)

// TestBadSignatureErrorLength checks that an error message never repeats a
// hostile token whole: the quoted signature is cut, Message keeps
// itsdangerous's text, and a real signature is quoted in full.
func TestBadSignatureErrorLength(t *testing.T) {
	s, err := NewSigner([][]byte{[]byte("secret")})
	if err != nil {
		t.Fatal(err)
	}
	good := string(s.Sign([]byte("value")))
	tests := []struct {
		name      string
		token     string
		wantWhole bool // Error quotes the whole message
	}{
		{"real signature quoted in full", "valuE" + good[5:], true},
		{"8 KiB signature cut", "x." + strings.Repeat("A", 8<<10), false},
		{"8 KiB of escaped bytes cut", "x." + strings.Repeat("\xff'", 4<<10), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Unsign([]byte(tt.token))
			var bs *BadSignatureError
			if !errors.As(err, &bs) {
				t.Fatalf("Unsign: %v, want a *BadSignatureError", err)
			}
			msg := err.Error()
			if whole := msg == goMessage(bs.Message); whole != tt.wantWhole {
				t.Errorf("Error() %q, Message %q", msg, bs.Message)
			}
			if len(msg) > len("itsdangerous: ")+maxErrorMessage || !strings.HasSuffix(msg, " does not match") {
				t.Errorf("Error() is %d bytes: %.200q", len(msg), msg)
			}
		})
	}
}
