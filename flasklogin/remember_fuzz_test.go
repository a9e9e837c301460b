package flasklogin

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeRememberCookie: a hostile remember cookie never panics and
// verifies only when it is exactly the cookie EncodeRememberCookie makes
// for the id it yields; every UTF-8 id survives the round trip.
func FuzzDecodeRememberCookie(f *testing.F) {
	good, _ := EncodeRememberCookie("secret", "42")
	f.Add(good)
	f.Add(strings.ToUpper(good))
	f.Add("42|")
	f.Add("|" + good)
	f.Add("a|b|" + good[3:])
	f.Add("\xff|00")
	f.Fuzz(func(t *testing.T, value string) {
		if id, ok := DecodeRememberCookie("secret", value); ok {
			if want, _ := EncodeRememberCookie("secret", id); value != want {
				t.Fatalf("%q verified as %q, but that id's cookie is %q", value, id, want)
			}
		}
		if !utf8.ValidString(value) {
			return
		}
		enc, err := EncodeRememberCookie("secret", value)
		if err != nil {
			t.Fatal(err)
		}
		if id, ok := DecodeRememberCookie("secret", enc); !ok || id != value {
			t.Fatalf("round trip of %q gave %q, %v", value, id, ok)
		}
	})
}
