package itsdangerous

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"hash"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/google/go-cmp/cmp"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

// The differential tests below send fixed cases, then a few hundred random
// cases per seed (interop.Seeds: the seed is logged, FLASKSESSION_SEED
// replays it) to the real itsdangerous in one python3 run per direction.

const interopCases = 400

// interopScript reads {"cases": [...]} on stdin and writes one result per
// case. For each case it signs the value itself (at now_sign) and, when a
// Go token is given, verifies it and its mutation (at now_verify).
//
//go:embed testdata/interop.py
var interopScript string

type interopCase struct {
	Kind       string   `json:"kind"`
	Keys       []string `json:"keys"`
	Salt       string   `json:"salt"`
	Sep        string   `json:"sep"`
	Derivation string   `json:"derivation"`
	Digest     string   `json:"digest"`
	Value      string   `json:"value"`
	JSON       string   `json:"json,omitempty"`
	NowSign    int64    `json:"now_sign"`
	NowVerify  int64    `json:"now_verify"`
	MaxAge     *int64   `json:"max_age"`
	Token      *string  `json:"token,omitempty"`
	Mutated    *string  `json:"mutated,omitempty"`

	value        any  // the Go value serialized, for kind "serializer"
	mustCompress bool // the fixed case whose token is compressed in both directions
}

type interopResult struct {
	Sign    string   `json:"sign"`
	SignHex string   `json:"sign_hex"`
	JSON    string   `json:"json"`
	Token   *outcome `json:"token"`
	Mutated *outcome `json:"mutated"`
}

// outcome is a verification result in a form both sides can produce.
type outcome struct {
	OK  json.RawMessage `json:"ok,omitempty"`
	Err *outcomeErr     `json:"err,omitempty"`
}

type outcomeErr struct {
	Class   string  `json:"class"`
	Message string  `json:"message"`
	Payload *string `json:"payload"`
	Date    *int64  `json:"date"`
}

var interopDigests = []struct {
	name string
	fn   func() hash.Hash
}{{"sha1", sha1.New}, {"sha256", sha256.New}, {"sha512", sha512.New}, {"md5", md5.New}, {"sha224", sha256.New224}, {"sha384", sha512.New384}}

var interopDerivations = []KeyDerivation{DerivationDjangoConcat, DerivationConcat, DerivationHMAC, DerivationNone}

var interopSeps = []string{".", ".", ".", "~", "|", "!", "::", "$", "\xff"}

// interopCaseList returns the fixed cases, then interopCases random cases
// for each of the run's seeds (interop.Seeds); stream separates the two
// directions' generators. It also returns a generator for the mutations.
func interopCaseList(t *testing.T, stream uint64) (cases []*interopCase, mutations *rand.Rand) {
	cases = fixedInteropCases()
	var r *rand.Rand
	for _, seed := range interop.Seeds(t) {
		r = interop.Rand(seed, stream)
		for range interopCases {
			cases = append(cases, randCase(r))
		}
	}
	return cases, r
}

// fixedInteropCases are sent before the random ones in every run: each kind
// once, a serializer value long and repetitive enough that itsdangerous
// compresses it, and the signing times around and past the last second
// Python's datetime can hold.
func fixedInteropCases() []*interopCase {
	base := func(kind string, now int64) *interopCase {
		return &interopCase{
			Kind: kind, Keys: []string{hex.EncodeToString([]byte("fixed key"))}, Salt: hex.EncodeToString([]byte("fixed salt")),
			Sep: hex.EncodeToString([]byte(".")), Derivation: string(DerivationDjangoConcat), Digest: "sha1",
			NowSign: now, NowVerify: now + 10,
		}
	}
	signer := base("signer", 1700000000)
	signer.Value = hex.EncodeToString([]byte("value"))
	stamp := base("timestamp", 1700000000)
	stamp.Value = hex.EncodeToString([]byte("value"))
	plain := base("plain", 1700000000)
	plain.value = map[string]any{"a": []any{int64(1), "é", nil, true}}
	compressible := base("serializer", 1700000000)
	compressible.value = map[string]any{"filler": strings.Repeat("abc", 200)}
	compressible.mustCompress = true
	edge := base("serializer", maxUnix-1)
	edge.value = "last second"
	past := base("serializer", maxUnix+1)
	past.value = "past the last second"
	return []*interopCase{signer, stamp, plain, compressible, edge, past}
}

func randBytes(r *rand.Rand, max int) []byte {
	b := make([]byte, r.IntN(max+1))
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// randString returns text mixing ASCII, JSON-special characters, non-BMP
// runes and sometimes long runs that compress well.
func randString(r *rand.Rand) string {
	pieces := []string{"a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\t", "\x01", "\x7f", "é", "ü", "\u2028", "\u2029", "😀", "無", "\ufeff", "."}
	var sb strings.Builder
	n := r.IntN(12)
	for range n {
		sb.WriteString(pieces[r.IntN(len(pieces))])
	}
	if r.IntN(4) == 0 {
		sb.WriteString(strings.Repeat(pieces[r.IntN(len(pieces))], r.IntN(400)))
	}
	return sb.String()
}

// randJSON returns a random JSON-able value without floats (whose text
// forms differ between Go and Python, see JSONCodec).
func randJSON(r *rand.Rand, depth int) any {
	k := r.IntN(7)
	if depth >= 3 && k >= 5 {
		k = r.IntN(5)
	}
	switch k {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return r.Int64N(1<<53) - 1<<52
	case 3, 4:
		return randString(r)
	case 5:
		l := make([]any, r.IntN(5))
		for i := range l {
			l[i] = randJSON(r, depth+1)
		}
		return l
	default:
		m := map[string]any{}
		for range r.IntN(5) {
			m[randString(r)] = randJSON(r, depth+1)
		}
		return m
	}
}

func randCase(r *rand.Rand) *interopCase {
	c := &interopCase{
		Sep:        hex.EncodeToString([]byte(interopSeps[r.IntN(len(interopSeps))])),
		Derivation: string(interopDerivations[r.IntN(len(interopDerivations))]),
		Digest:     interopDigests[r.IntN(len(interopDigests))].name,
		Salt:       hex.EncodeToString(randBytes(r, 24)),
		NowSign:    r.Int64N(1 << 33),
	}
	switch r.IntN(40) {
	case 0: // around the last second Python's datetime can hold
		c.NowSign = maxUnix - 5 + r.Int64N(10)
	case 1: // far beyond it: Python raises ValueError or OSError
		c.NowSign = maxUnix + r.Int64N(1<<62)
	}
	for range 1 + r.IntN(3) {
		c.Keys = append(c.Keys, hex.EncodeToString(randBytes(r, 40)))
	}
	switch k := r.IntN(11); {
	case k < 3:
		c.Kind = "signer"
		c.Value = hex.EncodeToString(randBytes(r, 300))
	case k < 6:
		c.Kind = "timestamp"
		c.Value = hex.EncodeToString(randBytes(r, 300))
	case k < 7:
		c.Kind = "plain"
		c.value = randJSON(r, 0)
		if c.Sep == "ff" {
			c.Sep = hex.EncodeToString([]byte("."))
		}
	default:
		c.Kind = "serializer"
		c.value = randJSON(r, 0)
		if c.Sep == "ff" {
			// Python's text serializers decode the token as UTF-8.
			c.Sep = hex.EncodeToString([]byte("."))
		}
	}
	c.NowVerify = c.NowSign + r.Int64N(2000) - 5
	if r.IntN(4) != 0 {
		age := r.Int64N(1500)
		c.MaxAge = &age
	}
	return c
}

func (c *interopCase) options(t *testing.T, now int64) []Option {
	t.Helper()
	salt, _ := hex.DecodeString(c.Salt)
	sep, _ := hex.DecodeString(c.Sep)
	opts := []Option{WithSalt(string(salt)), WithSeparator(string(sep)), WithKeyDerivation(KeyDerivation(c.Derivation)), fixedClock(now)}
	for _, d := range interopDigests {
		if d.name == c.Digest {
			opts = append(opts, WithDigest(d.fn))
		}
	}
	return opts
}

func (c *interopCase) keys() [][]byte {
	var keys [][]byte
	for _, k := range c.Keys {
		b, _ := hex.DecodeString(k)
		keys = append(keys, b)
	}
	return keys
}

func (c *interopCase) maxAge() time.Duration {
	if c.MaxAge == nil {
		return NoMaxAge
	}
	return time.Duration(*c.MaxAge) * time.Second
}

// sign makes the Go token for the case at now_sign.
func (c *interopCase) sign(t *testing.T) []byte {
	t.Helper()
	opts := c.options(t, c.NowSign)
	value, _ := hex.DecodeString(c.Value)
	switch c.Kind {
	case "signer":
		s, err := NewSigner(c.keys(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return s.Sign(value)
	case "timestamp":
		s, err := NewTimestampSigner(c.keys(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return s.Sign(value)
	}
	var s interface{ Dumps(v any) (string, error) }
	var err error
	if c.Kind == "plain" {
		s, err = NewSerializer(c.keys(), opts...)
	} else {
		s, err = NewURLSafeTimedSerializer(c.keys(), opts...)
	}
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Dumps(c.value)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(tok)
}

// verify runs Go's verification of token at now_verify as an outcome.
func (c *interopCase) verify(t *testing.T, token []byte) *outcome {
	t.Helper()
	opts := c.options(t, c.NowVerify)
	var ok any
	var err error
	switch c.Kind {
	case "signer":
		s, e := NewSigner(c.keys(), opts...)
		if e != nil {
			t.Fatal(e)
		}
		var v []byte
		v, err = s.Unsign(token)
		ok = hex.EncodeToString(v)
	case "timestamp":
		s, e := NewTimestampSigner(c.keys(), opts...)
		if e != nil {
			t.Fatal(e)
		}
		var v []byte
		var at time.Time
		v, at, err = s.Unsign(token, c.maxAge())
		ok = []any{hex.EncodeToString(v), at.Unix()}
	case "plain":
		s, e := NewSerializer(c.keys(), opts...)
		if e != nil {
			t.Fatal(e)
		}
		var v any
		err = s.Loads(string(token), &v)
		ok = v
	default:
		s, e := NewURLSafeTimedSerializer(c.keys(), opts...)
		if e != nil {
			t.Fatal(e)
		}
		var v any
		var at time.Time
		at, err = s.Loads(string(token), &v, c.maxAge())
		ok = []any{v, at.Unix()}
	}
	if err != nil {
		return &outcome{Err: goOutcomeErr(err)}
	}
	raw, e := json.Marshal(ok)
	if e != nil {
		t.Fatal(e)
	}
	return &outcome{OK: raw}
}

func goOutcomeErr(err error) *outcomeErr {
	o := &outcomeErr{Class: errorClass(err), Message: "?"}
	if errors.Is(err, ErrTimestampOutOfRange) {
		o.Class = "other"
	}
	var bs *BadSignatureError
	var bp *BadPayloadError
	var bt *BadTimeSignatureError
	switch {
	case errors.As(err, &bs):
		o.Message = bs.Message
		if bs.Payload != nil {
			p := hex.EncodeToString(bs.Payload)
			o.Payload = &p
		}
	case errors.As(err, &bp):
		o.Message = bp.Message
	}
	if errors.As(err, &bt) && !bt.DateSigned.IsZero() {
		d := bt.DateSigned.Unix()
		o.Date = &d
	}
	return o
}

// sameOutcome compares a Python outcome with Go's. Successful serializer
// loads are compared as decoded JSON (Python's canonical text vs Go's any).
func sameOutcome(t *testing.T, kind string, py, gox *outcome) string {
	t.Helper()
	if py == nil {
		return "python gave no outcome"
	}
	if py.Err != nil || gox.Err != nil {
		if py.Err != nil && gox.Err != nil && (strings.HasPrefix(py.Err.Class, "other:") || gox.Err.Class == "other") {
			// Python fails converting the timestamp with ValueError,
			// OSError or OverflowError depending on its size; Go returns
			// ErrTimestampOutOfRange for all of them.
			if !strings.HasPrefix(py.Err.Class, "other:") || gox.Err.Class != "other" {
				return fmt.Sprintf("python %s(%s), go %s(%s)", py.Err.Class, py.Err.Message, gox.Err.Class, gox.Err.Message)
			}
			return ""
		}
		if py.Err != nil && gox.Err != nil && py.Err.Class == "BadPayload" {
			// The cause's text is the codec's own; compare class and message.
			return cmp.Diff(py.Err.Class+py.Err.Message, gox.Err.Class+gox.Err.Message)
		}
		return cmp.Diff(py, gox)
	}
	var pv, gv any
	if err := json.Unmarshal(py.OK, &pv); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(gox.OK, &gv); err != nil {
		t.Fatal(err)
	}
	if kind == "plain" {
		var obj any
		if err := json.Unmarshal([]byte(pv.(string)), &obj); err != nil {
			t.Fatal(err)
		}
		pv = obj
	}
	if kind == "serializer" {
		pl := pv.([]any)
		var obj any
		if err := json.Unmarshal([]byte(pl[0].(string)), &obj); err != nil {
			t.Fatal(err)
		}
		pv = []any{obj, pl[1]}
	}
	return cmp.Diff(pv, gv)
}

// mutate changes token in one of the ways a tampered or damaged cookie
// differs: a replaced, inserted or deleted byte, truncation, the other
// base64 alphabet, padding.
func mutate(r *rand.Rand, token []byte) []byte {
	m := append([]byte(nil), token...)
	chars := []byte("AaZz09-_+/=.~|!$:\x00\xff é")
	if len(m) == 0 {
		return []byte("x")
	}
	i := r.IntN(len(m))
	switch r.IntN(7) {
	case 0:
		m[i] = chars[r.IntN(len(chars))]
	case 1:
		m = append(m[:i], append([]byte{chars[r.IntN(len(chars))]}, m[i:]...)...)
	case 2:
		m = append(m[:i], m[i+1:]...)
	case 3:
		m = m[:i]
	case 4:
		for j, b := range m {
			switch b {
			case '-':
				m[j] = '+'
			case '_':
				m[j] = '/'
			}
		}
	case 5:
		m = append(m, '=')
	default:
		m[i] ^= 1 << r.IntN(8)
	}
	return m
}

// TestInteropGoToPython signs random cases in Go and verifies the tokens
// (and a mutation of each) with the real itsdangerous, comparing every
// outcome, and checks that Python signs the same inputs to the same bytes.
func TestInteropGoToPython(t *testing.T) {
	interop.Python(t)
	cases, r := interopCaseList(t, 1)
	goOutcomes := make([][2]*outcome, len(cases))
	for i, c := range cases {
		if c.Kind == "serializer" || c.Kind == "plain" {
			js, err := compactJSON.Marshal(c.value)
			if err != nil {
				t.Fatal(err)
			}
			c.JSON = string(js)
		}
		tok := c.sign(t)
		mut := mutate(r, tok)
		th, mh := hex.EncodeToString(tok), hex.EncodeToString(mut)
		c.Token, c.Mutated = &th, &mh
		goOutcomes[i] = [2]*outcome{c.verify(t, tok), c.verify(t, mut)}
	}
	results := runInterop(t, cases)
	var compressed int
	for i, c := range cases {
		res := results[i]
		tok, _ := hex.DecodeString(*c.Token)
		if d := sameOutcome(t, c.Kind, res.Token, goOutcomes[i][0]); d != "" {
			t.Errorf("case %d (%s): Python and Go disagree on Go's token %q (-python +go):\n%s", i, c.Kind, tok, d)
		}
		if d := sameOutcome(t, c.Kind, res.Mutated, goOutcomes[i][1]); d != "" {
			mut, _ := hex.DecodeString(*c.Mutated)
			t.Errorf("case %d (%s): Python and Go disagree on mutated token %q (-python +go):\n%s", i, c.Kind, mut, d)
		}
		if c.Kind == "plain" {
			if pj, _ := pythonJSON.Marshal(c.value); string(pj) != res.JSON {
				t.Errorf("case %d: pythonJSON %q, Python's json.dumps %q", i, pj, res.JSON)
			}
			if res.Sign != string(tok) {
				t.Errorf("case %d (plain): Go dumped %q, Python %q", i, tok, res.Sign)
			}
			continue
		}
		if c.Kind != "serializer" {
			if want, _ := hex.DecodeString(res.SignHex); string(want) != string(tok) {
				t.Errorf("case %d (%s): Go signed %q, Python %q", i, c.Kind, tok, want)
			}
			continue
		}
		if res.JSON != c.JSON {
			t.Errorf("case %d: Go JSON %q, Python %q", i, c.JSON, res.JSON)
		}
		if tok[0] == '.' {
			compressed++
		} else if c.mustCompress {
			t.Errorf("case %d: the fixed compressible value was not compressed: %q", i, tok)
		}
		// Compressed or not, the bytes are Python's: the same compression
		// decision and, through internal/zlibx, C zlib's stream.
		if res.Sign != string(tok) {
			t.Errorf("case %d: Go dumped %q, Python %q", i, tok, res.Sign)
		}
	}
	t.Logf("%d cases; %d serializer tokens compressed by Go, byte-identical to Python's and read by it", len(cases), compressed)
	if compressed == 0 {
		t.Error("no serializer token was compressed, not even the fixed compressible case")
	}
}

// TestInteropPythonToGo has the real itsdangerous sign random cases and
// verifies the tokens in Go, including zlib payloads written by C zlib.
func TestInteropPythonToGo(t *testing.T) {
	interop.Python(t)
	cases, _ := interopCaseList(t, 2)
	for _, c := range cases {
		if c.Kind == "serializer" || c.Kind == "plain" {
			js, err := compactJSON.Marshal(c.value)
			if err != nil {
				t.Fatal(err)
			}
			c.JSON = string(js)
		}
	}
	results := runInterop(t, cases)
	var compressed int
	for i, c := range cases {
		res := results[i]
		tok := []byte(res.Sign)
		if c.Kind == "signer" || c.Kind == "timestamp" {
			tok, _ = hex.DecodeString(res.SignHex)
		}
		// Verified at signing time without age limit, Python's token must
		// give back the value.
		c.NowVerify, c.MaxAge = c.NowSign, nil
		got := c.verify(t, tok)
		if c.NowSign > maxUnix && c.Kind != "signer" && c.Kind != "plain" {
			// Python signs such a time but cannot read it back (ValueError
			// or OSError); Go reports ErrTimestampOutOfRange.
			if got.Err == nil || got.Err.Class != "other" {
				t.Errorf("case %d (%s): token dated %d: got %+v, want ErrTimestampOutOfRange", i, c.Kind, c.NowSign, got)
			}
			continue
		}
		if got.Err != nil {
			t.Errorf("case %d (%s): Go rejects Python's token %q: %+v", i, c.Kind, tok, got.Err)
			continue
		}
		var want any
		switch c.Kind {
		case "signer":
			want = c.Value
		case "timestamp":
			want = []any{c.Value, float64(c.NowSign)}
		case "plain":
			if err := json.Unmarshal([]byte(c.JSON), &want); err != nil {
				t.Fatal(err)
			}
		default:
			var v any
			if err := json.Unmarshal([]byte(c.JSON), &v); err != nil {
				t.Fatal(err)
			}
			want = []any{v, float64(c.NowSign)}
			if tok[0] == '.' {
				compressed++
			} else if c.mustCompress {
				t.Errorf("case %d: Python did not compress the fixed compressible value: %q", i, tok)
			}
			var s *URLSafeTimedSerializer
			s, err := NewURLSafeTimedSerializer(c.keys(), c.options(t, c.NowSign)...)
			if err != nil {
				t.Fatal(err)
			}
			payload, _, err := s.VerifyPayload(tok, 0)
			if err != nil || string(payload) != res.JSON {
				t.Errorf("case %d: VerifyPayload = %q, %v; want Python's JSON %q", i, payload, err, res.JSON)
			}
		}
		var gotV any
		if err := json.Unmarshal(got.OK, &gotV); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, gotV); d != "" {
			t.Errorf("case %d (%s): Go read Python's token %q differently (-want +got):\n%s", i, c.Kind, tok, d)
		}
	}
	t.Logf("%d cases; %d serializer tokens compressed by C zlib, read by Go", len(cases), compressed)
	if compressed == 0 {
		t.Error("no serializer token was compressed, not even the fixed compressible case")
	}
}

func runInterop(t *testing.T, cases []*interopCase) []interopResult {
	t.Helper()
	in, err := json.Marshal(map[string]any{"cases": cases})
	if err != nil {
		t.Fatal(err)
	}
	out := interop.Run(t, interopScript, in)
	var results []interopResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("decoding python output: %v\n%.500s", err, out)
	}
	if len(results) != len(cases) {
		t.Fatalf("python returned %d results for %d cases", len(results), len(cases))
	}
	return results
}
