package itsdangerous

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/pydesc"
	"github.com/flasksession/flasksession/internal/vectors"
	"github.com/flasksession/flasksession/tagjson"
	"github.com/google/go-cmp/cmp"
)

// orderedMap is a JSON object that keeps its key order, to reproduce a
// Python dict's insertion order in tests.
type orderedMap []kv

type kv struct {
	Key   string
	Value any
}

func (m orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.Key)
		if err != nil {
			return nil, err
		}
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		b.Write(k)
		b.WriteByte(':')
		if err := enc.Encode(e.Value); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// fromDescriptor returns the value a vector describes, ready to marshal
// (dicts keep their order), and the value that encoding/json's Unmarshal
// into any yields for it.
func fromDescriptor(t *testing.T, raw json.RawMessage) (marshal, loaded any) {
	t.Helper()
	v, err := pydesc.FromJSON(raw, pydesc.Options{Ordered: true})
	if err != nil {
		t.Fatal(err)
	}
	return convert(t, v)
}

// convert turns pydesc's value into orderedMap (which encoding/json writes
// in order) for marshalling, and into encoding/json's own forms (float64,
// map[string]any) for the loaded value.
func convert(t *testing.T, v any) (marshal, loaded any) {
	switch x := v.(type) {
	case tagjson.Ordered:
		m, l := orderedMap{}, map[string]any{}
		for _, e := range x {
			a, b := convert(t, e.Value)
			m, l[e.Key] = append(m, kv{e.Key, a}), b
		}
		return m, l
	case []any:
		m, l := []any{}, []any{}
		for _, e := range x {
			a, b := convert(t, e)
			m, l = append(m, a), append(l, b)
		}
		return m, l
	case int64:
		return x, float64(x)
	case string:
		return x, x
	}
	t.Fatalf("descriptor value %T not handled", v)
	return nil, nil
}

func TestVectorsURLSafeTimedSerializerDefaults(t *testing.T) {
	d := vectors.Load(t).URLSafeTimedDefaults
	if d.Salt != DefaultSerializerSalt || d.KeyDerivation != string(DerivationDjangoConcat) || d.Digest != "sha1" {
		t.Fatalf("vectors use non-default settings: %s %s %s", d.Salt, d.KeyDerivation, d.Digest)
	}
	now := time.Unix(0, int64(d.Now*1e9))
	s, err := NewURLSafeTimedSerializer([][]byte{[]byte(d.SecretKey)}, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	for _, vec := range d.Vectors {
		t.Run(fmt.Sprintf("%.30s", vec.JSON), func(t *testing.T) {
			marshal, loaded := fromDescriptor(t, vec.Value)
			js, err := compactJSON.Marshal(marshal)
			if err != nil || string(js) != vec.JSON {
				t.Fatalf("compactJSON.Marshal = %s, %v; want %s", js, err, vec.JSON)
			}
			got, err := s.Dumps(marshal)
			if err != nil {
				t.Fatal(err)
			}
			// Compressed payloads too: internal/zlibx writes C zlib's bytes.
			if got != vec.Dumps {
				t.Errorf("Dumps = %q, want %q", got, vec.Dumps)
			}
			if strings.HasPrefix(got, ".") != vec.Compressed {
				t.Errorf("Dumps = %q, compressed want %v", got, vec.Compressed)
			}
			for _, token := range []string{vec.Dumps, got} {
				var v any
				at, err := s.Loads(token, &v, 0)
				if err != nil {
					t.Fatalf("Loads(%q): %v", token, err)
				}
				if diff := cmp.Diff(loaded, v); diff != "" {
					t.Errorf("Loads(%q) mismatch (-want +got):\n%s", token, diff)
				}
				if at.Unix() != now.Unix() {
					t.Errorf("signedAt = %v, want %v", at, now)
				}
				payload, _, err := s.VerifyPayload([]byte(token), NoMaxAge)
				if err != nil || string(payload) != vec.JSON {
					t.Errorf("VerifyPayload = %s, %v; want %s", payload, err, vec.JSON)
				}
			}
			if p := string(s.AppendSignedPayload([]byte("x"), []byte(vec.JSON))); p != "x"+vec.Dumps {
				t.Errorf("AppendSignedPayload = %q, want %q", p, "x"+vec.Dumps)
			}
		})
	}
}
