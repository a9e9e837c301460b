package flasklogin

import (
	"encoding/json"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"time"
)

func TestRememberCookieCodec(t *testing.T) {
	// Value computed with Flask-Login's encode_cookie("42", key="secret").
	const want42 = "42|b97e927ef9028868b280f1e0ce4f56691e7ee14bebda8bdae538162787e9355b61dbbafa370099593d917136069255781a44aab690f956ff114ee498523df85c"
	got, err := EncodeRememberCookie("secret", "42")
	if err != nil || got != want42 {
		t.Fatalf("EncodeRememberCookie = %q, %v; want %q", got, err, want42)
	}
	tests := []struct {
		name, key, value string
		wantID           string
		wantOK           bool
	}{
		{"round trip", "secret", got, "42", true},
		{"wrong key", "other", got, "", false},
		{"tampered id", "secret", "43" + got[2:], "", false},
		{"upper-case digest", "secret", "42|" + strings.ToUpper(got[3:]), "", false},
		{"no separator", "secret", "42", "", false},
		{"empty", "secret", "", "", false},
	}
	for _, tc := range tests {
		id, ok := DecodeRememberCookie(tc.key, tc.value)
		if id != tc.wantID || ok != tc.wantOK {
			t.Errorf("%s: DecodeRememberCookie = %q, %v; want %q, %v", tc.name, id, ok, tc.wantID, tc.wantOK)
		}
	}
	withPipe, _ := EncodeRememberCookie("k", "a|b")
	if id, ok := DecodeRememberCookie("k", withPipe); !ok || id != "a|b" {
		t.Errorf("id holding |: decoded %q, %v", id, ok)
	}
	if _, err := EncodeRememberCookie("ключ", "1"); !errors.Is(err, ErrKeyNotLatin1) {
		t.Errorf("non-Latin-1 key: err = %v, want ErrKeyNotLatin1", err)
	}
	if _, err := EncodeRememberCookie("k", "\xff"); !errors.Is(err, ErrInvalidUserID) {
		t.Errorf("non-UTF-8 id: err = %v, want ErrInvalidUserID", err)
	}
}

// TestRememberCookieMatchesFlaskLogin compares encode_cookie and
// decode_cookie on random keys, ids and values (valid, tampered, without
// separator); the rare cases are in every run by construction.
func TestRememberCookieMatchesFlaskLogin(t *testing.T) {
	loginPython(t)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	type codecCase struct {
		Key   string `json:"key"`
		ID    string `json:"id"`
		Value string `json:"value"`
	}
	cases := []codecCase{
		{"secret", "", "|"},
		{"secret", "1", "no-separator"},
		{"sécret\u00ff", "ünïcode|id", ""},
		{"ключ", "1", "1|00"},
		{"", "empty key", ""},
		{"k", "1", "1|" + strings.Repeat("é", 64)},
	}
	alphabet := []rune("ab01|_ -é€😀\u00ff\x00\"\\")
	word := func() string {
		var b strings.Builder
		for range rng.Intn(10) {
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	for len(cases) < 300 {
		cases = append(cases, codecCase{Key: word(), ID: word()})
	}
	for i := range cases {
		c := &cases[i]
		if c.Value != "" || i < 6 {
			continue
		}
		enc, err := EncodeRememberCookie(c.Key, c.ID)
		switch {
		case err != nil:
			c.Value = c.ID + "|" + strings.Repeat("0", 128)
		case rng.Intn(3) == 0:
			b := []byte(enc)
			b[len(b)-1-rng.Intn(128)] ^= 1
			c.Value = string(b)
		case rng.Intn(3) == 0:
			c.Value = c.ID
		default:
			c.Value = enc
		}
	}
	data, _ := json.Marshal(cases)
	var want []struct {
		Encoded string `json:"encoded"`
		Decoded *string
	}
	if err := json.Unmarshal(runOracle(t, "codec", data), &want); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		enc, err := EncodeRememberCookie(c.Key, c.ID)
		if err != nil {
			enc = "error: UnicodeEncodeError"
		}
		if enc != want[i].Encoded {
			t.Errorf("seed %d: encode(%q, key %q) = %q, Flask-Login %q", seed, c.ID, c.Key, enc, want[i].Encoded)
		}
		id, ok := DecodeRememberCookie(c.Key, c.Value)
		wantOK := want[i].Decoded != nil && !strings.HasPrefix(*want[i].Decoded, "error: ")
		if ok != wantOK || ok && id != *want[i].Decoded {
			t.Errorf("seed %d: decode(%q, key %q) = %q, %v; Flask-Login %v", seed, c.Value, c.Key, id, ok, want[i].Decoded)
		}
	}
}
