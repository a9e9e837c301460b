package itsdangerous

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/vectors"
	"github.com/google/go-cmp/cmp"
)

// The fuzz targets use the settings of the golden vectors (key
// "secret-key", itsdangerous's defaults, clock at the vectors' second), so
// the seed corpus in testdata/fuzz (written from the vectors and the
// negative cases by TestFuzzCorpus with -update) starts from valid tokens.

const fuzzNow = 1700000000

func fuzzOpts() []Option {
	return []Option{fixedClock(fuzzNow), WithMaxDecompressedSize(1 << 16)}
}

// inTree reports whether err is one this package documents.
func inTree(err error) bool {
	return errors.Is(err, ErrBadData) || errors.Is(err, ErrTimestampOutOfRange)
}

func FuzzUnsign(f *testing.F) {
	key := [][]byte{[]byte("secret-key")}
	s, err := NewSigner(key, fuzzOpts()...)
	if err != nil {
		f.Fatal(err)
	}
	ts, err := NewTimestampSigner(key, fuzzOpts()...)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("hello.GIG_I5genEs4rf1bcDRWLO8Yso4"))
	f.Add([]byte("value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw"))
	f.Fuzz(func(t *testing.T, signed []byte) {
		value, err := s.Unsign(signed)
		switch {
		case err != nil && !inTree(err):
			t.Fatalf("Signer.Unsign: error outside the tree: %v", err)
		case err == nil:
			if !bytes.HasPrefix(signed, value) {
				t.Fatalf("value %q is not a prefix of %q", value, signed)
			}
			if back, err := s.Unsign(s.Sign(value)); err != nil || !bytes.Equal(back, value) {
				t.Fatalf("re-signed value does not verify: %q, %v", back, err)
			}
		}
		for _, maxAge := range []time.Duration{NoMaxAge, 0, 10 * time.Second} {
			v, at, err := ts.Unsign(signed, maxAge)
			if err != nil {
				if !inTree(err) {
					t.Fatalf("TimestampSigner.Unsign: error outside the tree: %v", err)
				}
				if v != nil || !at.IsZero() {
					t.Fatalf("TimestampSigner.Unsign returned %q, %v with %v", v, at, err)
				}
				continue
			}
			if !bytes.HasPrefix(signed, v) || at.Location() != time.UTC {
				t.Fatalf("TimestampSigner.Unsign = %q, %v", v, at)
			}
		}
		out, err := Base64Decode(signed)
		if err != nil {
			var bd *BadDataError
			if !errors.As(err, &bd) {
				t.Fatalf("Base64Decode: %T %v", err, err)
			}
			return
		}
		if back, err := Base64Decode(Base64Encode(out)); err != nil || !bytes.Equal(back, out) {
			t.Fatalf("Base64Decode(Base64Encode(%x)) = %x, %v", out, back, err)
		}
	})
}

func FuzzLoads(f *testing.F) {
	key := [][]byte{[]byte("secret-key")}
	uts, err := NewURLSafeTimedSerializer(key, fuzzOpts()...)
	if err != nil {
		f.Fatal(err)
	}
	us, err := NewURLSafeSerializer(key, fuzzOpts()...)
	if err != nil {
		f.Fatal(err)
	}
	plain, err := NewSerializer(key, fuzzOpts()...)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("eyJpZCI6NDJ9.ZVPxAA.cfquqUMARhmnTYG5Jfw4ZWWPIUo")
	f.Fuzz(func(t *testing.T, token string) {
		var v any
		_, err := uts.Loads(token, &v, time.Hour)
		if err != nil && !inTree(err) {
			t.Fatalf("URLSafeTimedSerializer.Loads: error outside the tree: %v", err)
		}
		if err == nil {
			again, err := uts.Dumps(v)
			if err != nil {
				t.Fatalf("Dumps(%#v): %v", v, err)
			}
			var w any
			if _, err := uts.Loads(again, &w, time.Hour); err != nil {
				t.Fatalf("round trip of %q: %v", again, err)
			}
			if d := cmp.Diff(v, w); d != "" {
				t.Fatalf("round trip changed the value:\n%s", d)
			}
		}
		if payload, _, err := uts.VerifyPayload([]byte(token), NoMaxAge); err == nil && len(payload) > 1<<16 {
			t.Fatalf("payload of %d bytes passed the 64 KiB limit", len(payload))
		}
		if err := us.Loads(token, &v); err != nil && !inTree(err) {
			t.Fatalf("URLSafeSerializer.Loads: %v", err)
		}
		if err := plain.Loads(token, &v); err != nil && !inTree(err) {
			t.Fatalf("Serializer.Loads: %v", err)
		}
	})
}

var update = flag.Bool("update", false, "rewrite the fuzz seed corpus in testdata/fuzz")

// TestFuzzCorpus checks that testdata/fuzz/{FuzzUnsign,FuzzLoads} hold the
// seeds made from the golden vectors and the negative cases; with -update
// it rewrites them.
func TestFuzzCorpus(t *testing.T) {
	v := vectors.Load(t)
	var unsign, loads []string
	for _, s := range v.Signer {
		unsign = append(unsign, s.Signed)
	}
	unsign = append(unsign, v.KeyRotation.SignWithList)
	for _, c := range v.TimestampSigner.UnsignChecks {
		unsign = append(unsign, c.Input)
	}
	for _, c := range v.TimestampSigner.Timestamps {
		unsign = append(unsign, c.Signed)
	}
	for _, c := range v.Encoding.Base64Decode {
		unsign = append(unsign, c.Input)
	}
	for _, c := range v.URLSafeTimedDefaults.Vectors {
		loads = append(loads, c.Dumps)
	}
	// Negative cases, signed with the fuzz targets' settings.
	ts, err := NewTimestampSigner([][]byte{[]byte("secret-key")}, WithSalt(DefaultSerializerSalt), fixedClock(fuzzNow))
	if err != nil {
		t.Fatal(err)
	}
	signed := func(p string) string { return string(ts.Sign([]byte(p))) }
	good := loads[0]
	loads = append(loads,
		"", "nodots", good[:len(good)-3], "X"+good[1:], good+"=",
		signed("eyJpZCI6NDJ9A"), // bad base64: one character too many
		signed("."+string(Base64Encode([]byte("not zlib at all")))),              // bad zlib
		signed("."+string(Base64Encode(zlibCompress(nil, make([]byte, 1<<17))))), // bomb over the 64 KiB limit
		signed(string(Base64Encode([]byte("{nope")))),                            // not JSON
		signed(string(Base64Encode([]byte("\"\xff\"")))),                         // not UTF-8
	)
	unsign = append(unsign, loads...)
	files := map[string]string{} // path -> content
	add := func(name string, kind string, seeds []string) {
		for i, s := range seeds {
			path := filepath.Join("testdata", "fuzz", name, fmt.Sprintf("seed-%03d", i))
			files[path] = fmt.Sprintf("go test fuzz v1\n%s(%s)\n", kind, strconv.Quote(s))
		}
	}
	add("FuzzUnsign", "[]byte", unsign)
	add("FuzzLoads", "string", loads)
	for path, body := range files {
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != body {
			t.Errorf("%s is stale (err %v): run go test ./itsdangerous -run TestFuzzCorpus -update", path, err)
		}
	}
	if *update {
		t.Logf("wrote %d FuzzUnsign and %d FuzzLoads seeds", len(unsign), len(loads))
	}
}
