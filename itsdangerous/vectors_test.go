package itsdangerous

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"strconv"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/vectors"
)

var digests = map[string]func() hash.Hash{
	"sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New, "md5": md5.New,
}

// vectorOptions turns a vector's settings into options; a salt ending in
// "(default)" means the constructor's default.
func vectorOptions(t testing.TB, salt, derivation, digest, sep string) []Option {
	t.Helper()
	var opts []Option
	if salt != "" && !bytes.HasSuffix([]byte(salt), []byte("(default)")) {
		opts = append(opts, WithSalt(salt))
	}
	if derivation != "" {
		opts = append(opts, WithKeyDerivation(KeyDerivation(derivation)))
	}
	if digest != "" {
		d, ok := digests[digest]
		if !ok {
			t.Fatalf("unknown digest %q", digest)
		}
		opts = append(opts, WithDigest(d))
	}
	if sep != "" {
		opts = append(opts, WithSeparator(sep))
	}
	return opts
}

// sentinelByClass maps itsdangerous exception classes to sentinels.
var sentinelByClass = map[string]error{
	"BadData":          ErrBadData,
	"BadSignature":     ErrBadSignature,
	"BadTimeSignature": ErrBadTimeSignature,
	"SignatureExpired": ErrSignatureExpired,
	"BadPayload":       ErrBadPayload,
}

// errorClass names the most specific sentinel err matches, like type(e).
func errorClass(err error) string {
	for _, c := range []string{"SignatureExpired", "BadTimeSignature", "BadSignature", "BadPayload", "BadData"} {
		if errors.Is(err, sentinelByClass[c]) {
			return c
		}
	}
	return "not an itsdangerous error"
}

func fixedClock(sec int64) Option {
	return WithClock(func() time.Time { return time.Unix(sec, 0) })
}

func TestVectorsSigner(t *testing.T) {
	v := vectors.Load(t)
	if len(v.Signer) < 20 {
		t.Fatalf("only %d signer vectors", len(v.Signer))
	}
	for i, vec := range v.Signer {
		name := strconv.Itoa(i) + "/" + vec.KeyDerivation + "/" + vec.Digest + "/" + vec.Salt + vec.Sep + vec.Note
		t.Run(name, func(t *testing.T) {
			salt := vec.Salt
			if vec.Class == "Serializer" {
				// Serializer passes its own salt to the Signer.
				if salt == "" {
					salt = DefaultSerializerSalt
				}
			}
			opts := vectorOptions(t, salt, vec.KeyDerivation, vec.Digest, vec.Sep)
			s, err := NewSigner([][]byte{[]byte(vec.SecretKey)}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			value := vec.Value
			if vec.Class == "Serializer" {
				value = vec.ValueJSON
			}
			if got := string(s.Sign([]byte(value))); got != vec.Signed {
				t.Errorf("Sign(%q) = %q, want %q", value, got, vec.Signed)
			}
			got, err := s.Unsign([]byte(vec.Signed))
			if err != nil || string(got) != value {
				t.Errorf("Unsign(%q) = %q, %v; want %q", vec.Signed, got, err, value)
			}
			if vec.DerivedKeyHex != "" {
				sep := vec.Sep
				if sep == "" {
					sep = "."
				}
				if want := value + sep + vec.Signature; want != vec.Signed {
					t.Fatalf("vector inconsistent: %q vs %q", want, vec.Signed)
				}
				saltBytes := []byte(DefaultSignerSalt)
				if !bytes.HasSuffix([]byte(vec.Salt), []byte("(default)")) {
					saltBytes = []byte(vec.Salt)
				}
				key, err := DeriveKey(KeyDerivation(vec.KeyDerivation), digests[vec.Digest], saltBytes, []byte(vec.SecretKey))
				if err != nil || hex.EncodeToString(key) != vec.DerivedKeyHex {
					t.Errorf("DeriveKey = %x, %v; want %s", key, err, vec.DerivedKeyHex)
				}
			}
		})
	}
}

func TestVectorsKeyRotation(t *testing.T) {
	kr := vectors.Load(t).KeyRotation
	var keys [][]byte
	for _, k := range kr.Keys {
		keys = append(keys, []byte(k))
	}
	opts := vectorOptions(t, kr.Salt, kr.KeyDerivation, kr.Digest, "")
	s, err := NewSigner(keys, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(s.Sign([]byte("v"))); got != kr.SignWithList {
		t.Errorf("signing with the list = %q, want %q (newest key)", got, kr.SignWithList)
	}
	if len(kr.SignedByEach) != 4 {
		t.Fatalf("expected 4 signed_by_each_key entries, got %d", len(kr.SignedByEach))
	}
	for key, signed := range kr.SignedByEach {
		t.Run(key, func(t *testing.T) {
			one, err := NewSigner([][]byte{[]byte(key)}, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(one.Sign([]byte("v"))); got != signed {
				t.Errorf("signed by %s = %q, want %q", key, got, signed)
			}
			value, err := s.Unsign([]byte(signed))
			var want any
			if err := json.Unmarshal(kr.UnsignResults[key], &want); err != nil {
				t.Fatal(err)
			}
			if want == "ok" {
				if err != nil || string(value) != "v" {
					t.Errorf("Unsign = %q, %v; want v", value, err)
				}
				return
			}
			var pe vectors.PyError
			if err := json.Unmarshal(kr.UnsignResults[key], &pe); err != nil {
				t.Fatal(err)
			}
			checkPyError(t, err, &pe)
		})
	}
}

// checkPyError compares err with a recorded Python exception: class,
// message, payload and date_signed where recorded.
func checkPyError(t *testing.T, err error, want *vectors.PyError) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s(%q)", want.Class, want.Message)
	}
	if got := errorClass(err); got != want.Class {
		t.Errorf("error class = %s, want %s (%v)", got, want.Class, err)
	}
	if !errors.Is(err, sentinelByClass[want.Class]) {
		t.Errorf("errors.Is(%v, %s) = false", err, want.Class)
	}
	switch want.Class {
	case "BadSignature", "BadTimeSignature", "SignatureExpired":
		var bs *BadSignatureError
		if !errors.As(err, &bs) {
			t.Fatalf("errors.As(%T, *BadSignatureError) = false", err)
		}
		if bs.Message != want.Message {
			t.Errorf("Message = %q, want %q", bs.Message, want.Message)
		}
		if want.Payload == nil && bs.Payload != nil {
			t.Errorf("Payload = %q, want None", bs.Payload)
		}
		if want.Payload != nil && string(bs.Payload) != *want.Payload {
			t.Errorf("Payload = %q, want %q", bs.Payload, *want.Payload)
		}
	case "BadData":
		var bd *BadDataError
		if !errors.As(err, &bd) {
			t.Fatalf("errors.As(%T, *BadDataError) = false", err)
		}
		if bd.Message != want.Message {
			t.Errorf("Message = %q, want %q", bd.Message, want.Message)
		}
		if want.Cause != "" && (bd.Err == nil || bd.Err.Error() != want.Cause) {
			t.Errorf("cause = %v, want %q", bd.Err, want.Cause)
		}
	}
	if want.Class == "BadTimeSignature" || want.Class == "SignatureExpired" {
		var bt *BadTimeSignatureError
		if !errors.As(err, &bt) {
			t.Fatalf("errors.As(%T, *BadTimeSignatureError) = false", err)
		}
		switch {
		case want.DateSigned == nil && !bt.DateSigned.IsZero():
			t.Errorf("DateSigned = %v, want None", bt.DateSigned)
		case want.DateSigned != nil:
			wantT, perr := time.Parse(time.RFC3339, *want.DateSigned)
			if perr != nil {
				t.Fatal(perr)
			}
			if !bt.DateSigned.Equal(wantT) || bt.DateSigned.Location() != time.UTC {
				t.Errorf("DateSigned = %v, want %v in UTC", bt.DateSigned, wantT)
			}
		}
	}
}

func TestVectorsTimestampSigner(t *testing.T) {
	ts := vectors.Load(t).TimestampSigner
	sv := ts.Sign
	opts := vectorOptions(t, sv.Salt, sv.KeyDerivation, sv.Digest, "")
	key := [][]byte{[]byte(sv.SecretKey)}
	t.Run("sign at fractional now truncates", func(t *testing.T) {
		s, err := NewTimestampSigner(key, append(opts, WithClock(func() time.Time {
			return time.Unix(0, int64(sv.Now*1e9))
		}))...)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(s.Sign([]byte(sv.Value))); got != sv.Signed {
			t.Errorf("Sign = %q, want %q", got, sv.Signed)
		}
	})
	for _, tv := range ts.Timestamps {
		t.Run("timestamp "+strconv.FormatInt(tv.Now, 10), func(t *testing.T) {
			s, err := NewTimestampSigner(key, append(opts, fixedClock(tv.Now))...)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(s.Sign([]byte("value"))); got != tv.Signed {
				t.Errorf("Sign = %q, want %q", got, tv.Signed)
			}
			value, at, err := s.Unsign([]byte(tv.Signed), 0)
			if err != nil || string(value) != "value" || at.Unix() != tv.Now {
				t.Errorf("Unsign = %q, %v, %v", value, at, err)
			}
		})
	}
	for _, c := range ts.UnsignChecks {
		t.Run(c.Name, func(t *testing.T) {
			s, err := NewTimestampSigner(key, append(opts, fixedClock(int64(c.Now)))...)
			if err != nil {
				t.Fatal(err)
			}
			maxAge := NoMaxAge
			if c.MaxAge != nil {
				maxAge = time.Duration(*c.MaxAge) * time.Second
			}
			value, at, err := s.Unsign([]byte(c.Input), maxAge)
			if c.Error != nil {
				checkPyError(t, err, c.Error)
				if value != nil || !at.IsZero() {
					t.Errorf("on error got value %q, time %v", value, at)
				}
				return
			}
			if err != nil || string(value) != *c.Result {
				t.Errorf("Unsign = %q, %v; want %q", value, err, *c.Result)
			}
		})
	}
}

func TestVectorsEncoding(t *testing.T) {
	enc := vectors.Load(t).Encoding
	for _, c := range enc.IntToBytes {
		t.Run("int_to_bytes "+c.Int, func(t *testing.T) {
			n, err := strconv.ParseUint(c.Int, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(appendTimestamp(nil, n)); got != c.Base64 {
				t.Errorf("timestamp(%d) = %q, want %q", n, got, c.Base64)
			}
			raw, _ := hex.DecodeString(c.Hex)
			if got := string(Base64Encode(raw)); got != c.Base64 {
				t.Errorf("Base64Encode(%x) = %q, want %q", raw, got, c.Base64)
			}
			back, ok := parseTimestamp([]byte(c.Base64))
			if !ok || back != n {
				t.Errorf("parseTimestamp(%q) = %d, %v", c.Base64, back, ok)
			}
		})
	}
	for _, c := range enc.Base64Decode {
		t.Run("base64_decode "+strconv.Quote(c.Input), func(t *testing.T) {
			got, err := Base64Decode([]byte(c.Input))
			if c.Error != nil {
				checkPyError(t, err, c.Error)
				return
			}
			if err != nil || hex.EncodeToString(got) != *c.OutputHex {
				t.Errorf("Base64Decode(%q) = %x, %v; want %s", c.Input, got, err, *c.OutputHex)
			}
		})
	}
}
