package itsdangerous

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"hash"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

const (
	negSecret = "negative-test-secret"
	negNow    = 1700000000
)

func negSerializer(t *testing.T, key string, now int64, opts ...Option) *URLSafeTimedSerializer {
	t.Helper()
	s, err := NewURLSafeTimedSerializer([][]byte{[]byte(key)}, append([]Option{fixedClock(now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signRaw signs an arbitrary encoded payload the way the serializer would,
// so that payload errors are reached behind a valid signature.
func signRaw(t *testing.T, encodedPayload string, now int64) string {
	t.Helper()
	ts, err := NewTimestampSigner([][]byte{[]byte(negSecret)}, WithSalt(DefaultSerializerSalt), fixedClock(now))
	if err != nil {
		t.Fatal(err)
	}
	return string(ts.Sign([]byte(encodedPayload)))
}

// signPlain signs value with a plain Signer set up like the serializer's,
// so that the timestamp is missing or is whatever value carries.
func signPlain(t *testing.T, value string) string {
	t.Helper()
	s, err := NewSigner([][]byte{[]byte(negSecret)}, WithSalt(DefaultSerializerSalt))
	if err != nil {
		t.Fatal(err)
	}
	return string(s.Sign([]byte(value)))
}

func TestNegativeLoads(t *testing.T) {
	good, err := negSerializer(t, negSecret, negNow).Dumps(map[string]any{"user": "alice"})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	if len(parts) != 3 {
		t.Fatalf("unexpected token %q", good)
	}
	bomb := zlibCompress(nil, make([]byte, 1<<20))
	tests := []struct {
		name     string
		token    string
		verifier *URLSafeTimedSerializer
		maxAge   time.Duration
		want     error   // most specific sentinel
		notWant  []error // sentinels it must not match
		message  string  // itsdangerous's message, if checked
		payload  *string // BadSignatureError.Payload, if checked
		date     int64   // BadTimeSignatureError.DateSigned in unix seconds, if not 0
		noDate   bool    // BadTimeSignatureError.DateSigned must be zero (None)
		cause    error   // wrapped cause, if checked
	}{
		{
			name: "wrong key", token: good, verifier: negSerializer(t, "another-secret", negNow), maxAge: NoMaxAge,
			want: ErrBadTimeSignature, notWant: []error{ErrSignatureExpired, ErrBadPayload},
			message: "Signature b'" + parts[2] + "' does not match", payload: &parts[0], date: negNow,
		},
		{
			name: "tampered payload", token: "X" + good[1:], maxAge: NoMaxAge,
			want: ErrBadTimeSignature, notWant: []error{ErrSignatureExpired, ErrBadPayload},
			payload: ptr("X" + parts[0][1:]), date: negNow,
		},
		{
			name:  "tampered timestamp",
			token: parts[0] + "." + string(appendTimestamp(nil, negNow+3600)) + "." + parts[2], maxAge: NoMaxAge,
			want: ErrBadTimeSignature, notWant: []error{ErrSignatureExpired},
			payload: &parts[0], date: negNow + 3600, // the claimed, untrusted date, as itsdangerous reports it
		},
		{
			name: "truncated", token: good[:len(good)-4], maxAge: NoMaxAge,
			want: ErrBadTimeSignature, message: "Signature b'" + parts[2][:len(parts[2])-4] + "' does not match",
		},
		{
			name: "truncated to the payload", token: parts[0], maxAge: NoMaxAge,
			want: ErrBadSignature, notWant: []error{ErrBadTimeSignature}, message: "No b'.' found in value",
		},
		{
			name: "no separator", token: "eyJ1c2VyIjoiYWxpY2UifQ", maxAge: NoMaxAge,
			want: ErrBadSignature, notWant: []error{ErrBadTimeSignature, ErrBadPayload}, message: "No b'.' found in value",
		},
		{
			name: "empty", token: "", maxAge: NoMaxAge,
			want: ErrBadSignature, notWant: []error{ErrBadTimeSignature}, message: "No b'.' found in value",
		},
		{
			name: "bad signature base64", token: parts[0] + "." + parts[1] + ".A", maxAge: NoMaxAge,
			want: ErrBadTimeSignature, message: "Signature b'A' does not match",
		},
		{
			name: "bad base64", token: signRaw(t, "eyJ1c2VyIjoiYWxpY2UifQAAA", negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, notWant: []error{ErrBadSignature},
			message: "Could not base64 decode the payload because of an exception", cause: ErrBadData,
		},
		{
			name: "bad zlib", token: signRaw(t, "."+string(Base64Encode([]byte("this is not zlib"))), negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, notWant: []error{ErrBadSignature},
			message: "Could not zlib decompress the payload before decoding the payload",
		},
		{
			name: "truncated zlib", token: signRaw(t, "."+string(Base64Encode(zlibCompress(nil, []byte(`{"user":"alice","pad":"aaaaaaaaaaaaaaaaaaaaaa"}`))[:12])), negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, message: "Could not zlib decompress the payload before decoding the payload",
		},
		{
			name: "zlib bomb over the limit", token: signRaw(t, "."+string(Base64Encode(bomb)), negNow),
			verifier: negSerializer(t, negSecret, negNow, WithMaxDecompressedSize(64<<10)), maxAge: NoMaxAge,
			want: ErrBadPayload, notWant: []error{ErrBadSignature},
			message: "Could not zlib decompress the payload before decoding the payload", cause: ErrPayloadTooLarge,
		},
		{
			name: "zlib bomb over the default limit", token: signRaw(t, "."+string(Base64Encode(bomb)), negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, cause: ErrPayloadTooLarge,
		},
		{
			name: "payload is not JSON", token: signRaw(t, string(Base64Encode([]byte("{nope"))), negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, notWant: []error{ErrBadSignature},
			message: "Could not load the payload because an exception occurred on unserializing the data.",
		},
		{
			name: "payload is not UTF-8", token: signRaw(t, string(Base64Encode([]byte("\"\xff\""))), negNow), maxAge: NoMaxAge,
			want: ErrBadPayload, message: "Could not load the payload because an exception occurred on unserializing the data.",
		},
		{
			name: "expired by one second", token: good, verifier: negSerializer(t, negSecret, negNow+11), maxAge: 10 * time.Second,
			want: ErrSignatureExpired, message: "Signature age 11 > 10 seconds", payload: &parts[0], date: negNow,
		},
		{
			name: "future timestamp", token: good, verifier: negSerializer(t, negSecret, negNow-1), maxAge: 10 * time.Second,
			want: ErrSignatureExpired, message: "Signature age -1 < 0 seconds", payload: &parts[0], date: negNow,
		},
		{
			name: "future timestamp beyond the clock skew", token: good,
			verifier: negSerializer(t, negSecret, negNow-3, WithClockSkew(2*time.Second)), maxAge: 10 * time.Second,
			want: ErrSignatureExpired, message: "Signature age -3 < 0 seconds",
		},
		{
			name: "expired beyond the clock skew", token: good,
			verifier: negSerializer(t, negSecret, negNow+13, WithClockSkew(2*time.Second)), maxAge: 10 * time.Second,
			want: ErrSignatureExpired, message: "Signature age 13 > 10 seconds",
		},
		{
			name: "malformed timestamp", token: signPlain(t, parts[0]+".AAAAAAAAAAAA"), maxAge: NoMaxAge,
			want: ErrBadTimeSignature, notWant: []error{ErrSignatureExpired}, message: "Malformed timestamp", payload: &parts[0], noDate: true,
		},
		{
			name: "timestamp missing", token: signPlain(t, parts[0]), maxAge: NoMaxAge,
			want: ErrBadTimeSignature, notWant: []error{ErrSignatureExpired}, message: "timestamp missing", payload: &parts[0], noDate: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.verifier
			if s == nil {
				s = negSerializer(t, negSecret, negNow)
			}
			var v any
			at, err := s.Loads(tt.token, &v, tt.maxAge)
			if err == nil {
				t.Fatalf("Loads(%q) = %v, nil; want %v", tt.token, v, tt.want)
			}
			if v != nil || !at.IsZero() {
				t.Errorf("on error Loads set %v, %v", v, at)
			}
			if !errors.Is(err, tt.want) || !errors.Is(err, ErrBadData) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.want)
			}
			for _, nw := range tt.notWant {
				if errors.Is(err, nw) {
					t.Errorf("errors.Is(%v, %v) = true, want false", err, nw)
				}
			}
			if tt.cause != nil && !errors.Is(err, tt.cause) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.cause)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "itsdangerous: ") || strings.Contains(msg, negSecret) {
				t.Errorf("error text %q: want the package prefix and no secret", msg)
			}
			if c := msg[len("itsdangerous: ")]; c >= 'A' && c <= 'Z' {
				t.Errorf("error text %q does not start lower-case", msg)
			}
			var gotMsg string
			var bs *BadSignatureError
			var bp *BadPayloadError
			switch {
			case errors.As(err, &bs):
				gotMsg = bs.Message
				if tt.payload != nil && string(bs.Payload) != *tt.payload {
					t.Errorf("Payload = %q, want %q", bs.Payload, *tt.payload)
				}
			case errors.As(err, &bp):
				gotMsg = bp.Message
				if bp.Err == nil {
					t.Error("BadPayloadError without cause")
				}
			default:
				t.Fatalf("%T is neither *BadSignatureError nor *BadPayloadError", err)
			}
			if tt.message != "" && gotMsg != tt.message {
				t.Errorf("Message = %q, want %q", gotMsg, tt.message)
			}
			var bt *BadTimeSignatureError
			if errors.As(err, &bt) {
				if got := bt.DateSigned; (tt.noDate && !got.IsZero()) || (tt.date != 0 && got.Unix() != tt.date) {
					t.Errorf("DateSigned = %v, want unix %d (none: %v)", got, tt.date, tt.noDate)
				}
			}
			if errors.Is(err, ErrSignatureExpired) {
				var se *SignatureExpiredError
				if !errors.As(err, &se) || se.DateSigned.IsZero() {
					t.Errorf("errors.As(*SignatureExpiredError) failed or has no date: %v", err)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestLimitsAndBoundaries(t *testing.T) {
	good, err := negSerializer(t, negSecret, negNow).Dumps("x")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("age equal to max age is accepted", func(t *testing.T) {
		var v any
		if _, err := negSerializer(t, negSecret, negNow+10).Loads(good, &v, 10*time.Second); err != nil {
			t.Error(err)
		}
	})
	t.Run("max age 0 accepts the same second", func(t *testing.T) {
		var v any
		if _, err := negSerializer(t, negSecret, negNow).Loads(good, &v, 0); err != nil {
			t.Error(err)
		}
	})
	t.Run("future timestamp is accepted without max age", func(t *testing.T) {
		var v any
		if _, err := negSerializer(t, negSecret, negNow-100).Loads(good, &v, NoMaxAge); err != nil {
			t.Error(err)
		}
	})
	t.Run("future timestamp within the clock skew is accepted", func(t *testing.T) {
		var v any
		if _, err := negSerializer(t, negSecret, negNow-2, WithClockSkew(2*time.Second)).Loads(good, &v, 10*time.Second); err != nil {
			t.Error(err)
		}
	})
	t.Run("sub-second max age rounds like Python", func(t *testing.T) {
		var v any
		_, err := negSerializer(t, negSecret, negNow+2).Loads(good, &v, 1500*time.Millisecond)
		var se *SignatureExpiredError
		if !errors.As(err, &se) || se.Message != "Signature age 2 > 1.5 seconds" {
			t.Errorf("got %v", err)
		}
		if _, err := negSerializer(t, negSecret, negNow+1).Loads(good, &v, 1500*time.Millisecond); err != nil {
			t.Error(err)
		}
	})
	t.Run("decompressed size exactly at the limit is accepted", func(t *testing.T) {
		payload := []byte(`"` + strings.Repeat("a", 5000) + `"`)
		tok := signRaw(t, "."+string(Base64Encode(zlibCompress(nil, payload))), negNow)
		got, _, err := negSerializer(t, negSecret, negNow, WithMaxDecompressedSize(len(payload))).VerifyPayload([]byte(tok), NoMaxAge)
		if err != nil || !bytes.Equal(got, payload) {
			t.Errorf("VerifyPayload = %d bytes, %v", len(got), err)
		}
		_, _, err = negSerializer(t, negSecret, negNow, WithMaxDecompressedSize(len(payload)-1)).VerifyPayload([]byte(tok), NoMaxAge)
		if !errors.Is(err, ErrPayloadTooLarge) {
			t.Errorf("one byte under the limit: %v", err)
		}
	})
	t.Run("trailing bytes after the zlib stream are ignored", func(t *testing.T) {
		z := append(zlibCompress(nil, []byte(`"`+strings.Repeat("b", 50)+`"`)), "garbage"...)
		var v any
		if _, err := negSerializer(t, negSecret, negNow).Loads(signRaw(t, "."+string(Base64Encode(z)), negNow), &v, NoMaxAge); err != nil || v != strings.Repeat("b", 50) {
			t.Errorf("Loads = %v, %v", v, err)
		}
	})
	t.Run("uncompressed payload that would compress is accepted", func(t *testing.T) {
		var v any
		tok := signRaw(t, string(Base64Encode([]byte(`"`+strings.Repeat("c", 300)+`"`))), negNow)
		if _, err := negSerializer(t, negSecret, negNow).Loads(tok, &v, NoMaxAge); err != nil || v != strings.Repeat("c", 300) {
			t.Errorf("Loads = %v, %v", v, err)
		}
	})
	t.Run("valid signature over a timestamp after year 9999", func(t *testing.T) {
		ts, err := NewTimestampSigner([][]byte{[]byte(negSecret)}, fixedClock(negNow))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := NewSigner([][]byte{[]byte(negSecret)})
		tok := s.Sign([]byte("value." + string(appendTimestamp(nil, 1<<62))))
		for _, maxAge := range []time.Duration{NoMaxAge, time.Hour} {
			_, _, err := ts.Unsign(tok, maxAge)
			if !errors.Is(err, ErrTimestampOutOfRange) || errors.Is(err, ErrBadData) {
				t.Errorf("maxAge %v: %v; want ErrTimestampOutOfRange outside the BadData tree (Python raises ValueError)", maxAge, err)
			}
		}
		// With a bad signature the same timestamp is just malformed.
		bad := append(tok[:len(tok)-2:len(tok)-2], "AA"...)
		_, _, err = ts.Unsign(bad, NoMaxAge)
		var bt *BadTimeSignatureError
		if !errors.As(err, &bt) || bt.Message != "Malformed timestamp" {
			t.Errorf("bad signature: %v", err)
		}
	})
}

func TestSignerNegative(t *testing.T) {
	s, err := NewSigner([][]byte{[]byte(negSecret)})
	if err != nil {
		t.Fatal(err)
	}
	good := s.Sign([]byte("value"))
	other, _ := NewSigner([][]byte{[]byte("other")})
	tests := []struct {
		name    string
		signer  *Signer
		input   string
		message string
		payload *string
	}{
		{"wrong key", other, string(good), "Signature b'" + string(good[6:]) + "' does not match", ptr("value")},
		{"tampered payload", s, "valuE" + string(good[5:]), "Signature b'" + string(good[6:]) + "' does not match", ptr("valuE")},
		{"truncated", s, string(good[:len(good)-1]), "Signature b'" + string(good[6:len(good)-1]) + "' does not match", ptr("value")},
		{"no separator", s, "value", "No b'.' found in value", nil},
		{"empty", s, "", "No b'.' found in value", nil},
		{"bad base64 signature", s, "value.a", "Signature b'a' does not match", ptr("value")},
		{"signature with quote and control bytes", s, "value.a'\x00\xff", `Signature b"a'\x00\xff" does not match`, ptr("value")},
		{"empty signature", s, "value.", "Signature b'' does not match", ptr("value")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.signer.Unsign([]byte(tt.input))
			if v != nil {
				t.Errorf("value %q on error", v)
			}
			var bs *BadSignatureError
			if !errors.Is(err, ErrBadSignature) || errors.Is(err, ErrBadTimeSignature) || !errors.As(err, &bs) {
				t.Fatalf("got %v (%T), want a *BadSignatureError", err, err)
			}
			if bs.Message != tt.message {
				t.Errorf("Message = %q, want %q", bs.Message, tt.message)
			}
			if (tt.payload == nil) != (bs.Payload == nil) || (tt.payload != nil && string(bs.Payload) != *tt.payload) {
				t.Errorf("Payload = %q, want %v", bs.Payload, tt.payload)
			}
			if strings.Contains(err.Error(), negSecret) {
				t.Errorf("secret in %q", err)
			}
		})
	}
	t.Run("lenient signature encodings verify", func(t *testing.T) {
		sig := string(good[6:])
		for _, variant := range []string{
			strings.NewReplacer("-", "+", "_", "/").Replace(sig),
			sig + "=",
			sig + "==junk",
			sig[:10] + "!" + sig[10:] + "!!!",
		} {
			if v, err := s.Unsign([]byte("value." + variant)); err != nil || string(v) != "value" {
				t.Errorf("Unsign(value.%s) = %q, %v", variant, v, err)
			}
		}
	})
}

// TestSignatureFastPathMatchesLenient checks that the encoding/base64 fast
// path for canonical signatures decodes exactly as itsdangerous's encoding.py
// base64_decode (Python's lenient base64.urlsafe_b64decode) does, for
// inputs near the canonical form (other alphabets, padding, junk, newlines,
// non-zero trailing bits).
func TestSignatureFastPathMatchesLenient(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	chars := []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=\n\r !.")
	for _, digest := range []func() hash.Hash{sha1.New, sha256.New, sha512.New} {
		s, err := NewSigner([][]byte{[]byte("k")}, WithDigest(digest))
		if err != nil {
			t.Fatal(err)
		}
		for range 20000 {
			n := s.sigLen + r.IntN(3) - 1
			sig := make([]byte, n)
			for i := range sig {
				if r.IntN(10) == 0 {
					sig[i] = chars[r.IntN(len(chars))]
				} else {
					sig[i] = chars[r.IntN(64)]
				}
			}
			got, ok := s.decodeSignature(make([]byte, 0, s.size), sig)
			want, err := appendDecodeLenient(nil, sig, s.size)
			wantOK := err == nil && len(want) == s.size
			if ok != wantOK || (ok && !bytes.Equal(got, want)) {
				t.Fatalf("decodeSignature(%q) = %x, %v; lenient %x, %v", sig, got, ok, want, wantOK)
			}
		}
	}
}
