package flasksession

import (
	"crypto/sha1"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flasksession/flasksession/itsdangerous"
)

// codecTestManager is New("dev") on the clock 1700000000, its errors
// collected in *errs.
func codecTestManager(errs *[]error) *Manager {
	m := New("dev")
	m.Now = func() time.Time { return time.Unix(1700000000, 0) }
	m.ErrorHandler = func(_ *http.Request, err error) { *errs = append(*errs, err) }
	return m
}

// signSent returns a cookie value as sent whose payload part is the bytes
// payload and whose signature covers hmacOver(payload) followed by the
// timestamp, as Flask's session signer makes them on the clock 1700000000.
func signSent(t *testing.T, payload string, hmacOver func(string) string) string {
	t.Helper()
	s, err := itsdangerous.NewTimestampSigner([][]byte{[]byte("dev")},
		itsdangerous.WithSalt("cookie-session"), itsdangerous.WithDigest(sha1.New),
		itsdangerous.WithKeyDerivation(itsdangerous.DerivationHMAC),
		itsdangerous.WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	if err != nil {
		t.Fatal(err)
	}
	signed := hmacOver(payload)
	return payload + string(s.Sign([]byte(signed)))[len(signed):]
}

// latin1ToUTF8 is bytes.decode("latin-1").encode("utf-8").
func latin1ToUTF8(s string) string { return string(appendLatin1String(nil, s)) }

func appendLatin1String(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = appendLatin1(dst, s[i])
	}
	return dst
}

// TestCodecNonASCIISent checks tokens with raw non-ASCII bytes in the
// Cookie header: Flask (a WSGI server decodes the header as Latin-1,
// itsdangerous encodes the text as UTF-8 before the HMAC, its base64
// decoder skips what is outside the alphabet) loads exactly those whose
// HMAC covers the UTF-8 of the Latin-1 text. Each want was checked
// against Flask 3.1.3 behind Werkzeug's development server.
func TestCodecNonASCIISent(t *testing.T) {
	user := map[string]any{"user": "42"}
	identity := func(s string) string { return s }
	tests := []struct {
		name   string
		cookie string
		want   map[string]any
		err    error
	}{
		{"two bytes in the payload load", "eyJ1\xc3\xa9c2VyIjoiNDIifQ.ZVPxAA.usuqLc7xGjtbh2r7zObdvC_dCCI", user, nil},
		{"the same token quoted loads", "\"eyJ1\xc3\xa9c2VyIjoiNDIifQ.ZVPxAA.usuqLc7xGjtbh2r7zObdvC_dCCI\"", user, nil},
		{"signed over the raw bytes is refused", signSent(t, "eyJ1\xc3\xa9c2VyIjoiNDIifQ", identity), nil, ErrInvalidCookie},
		{"one byte shifts the base64 padding", signSent(t, "eyJ1\xe9c2VyIjoiNDIifQ", latin1ToUTF8), nil, ErrUndecodable},
		{"bytes at the end of a full quantum", signSent(t, "eyJ1c2VyIjoiNDIiLCJ4IjoxfQ\xff\xfe", latin1ToUTF8), map[string]any{"user": "42", "x": int64(1)}, nil},
		{"non-ASCII in the signature is skipped", "eyJ1c2VyIjoiNDIifQ.ZVPxAA.usu\xa0qLc7xGjtbh2r7zObdvC_dCCI", nil, ErrInvalidCookie},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			m := codecTestManager(&errs)
			var got map[string]any
			r := httptest.NewRequest("GET", "/", nil)
			r.Header["Cookie"] = []string{"session=" + tt.cookie}
			m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = FromContext(r.Context()).Values()
			})).ServeHTTP(httptest.NewRecorder(), r)
			if tt.want == nil {
				tt.want = map[string]any{}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("session (-want +got):\n%s", diff)
			}
			if tt.err == nil && len(errs) > 0 {
				t.Errorf("errors %v, want none", errs)
			}
			if tt.err != nil && (len(errs) != 1 || !errors.Is(errs[0], tt.err)) {
				t.Errorf("errors %v, want one matching %v", errs, tt.err)
			}
		})
	}
}

// TestCodecHugeQuotedCookieAllocation sends a 1 MB quoted Cookie header,
// whose unquoting would turn each invalid UTF-8 byte into three: it is
// refused as too long having allocated little beyond the header itself.
func TestCodecHugeQuotedCookieAllocation(t *testing.T) {
	tests := []struct {
		name  string
		value string
	}{
		{"1 MB of \\377 escapes", `"` + strings.Repeat(`\377`, 256<<10) + `"`},
		{"1 MB of raw 0xff bytes", `"` + strings.Repeat("\xff", 1<<20) + `"`},
		{"1 MB of raw 0xff bytes after an escape", `"\"` + strings.Repeat("\xff", 1<<20) + `"`},
		{"just under 4*max+2 raw 0xff bytes", `"` + strings.Repeat("\xff", 4*DefaultMaxCookieValueLen) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs []error
			m := codecTestManager(&errs)
			h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				FromContext(r.Context()).Get("user")
			}))
			r := httptest.NewRequest("GET", "/", nil)
			r.Header["Cookie"] = []string{"a=1; session=" + tt.value}
			w := &benchWriter{h: http.Header{}}
			h.ServeHTTP(w, r) // warm the pools
			const runs = 20
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for range runs {
				w.reset()
				h.ServeHTTP(w, r)
			}
			runtime.ReadMemStats(&after)
			perRequest := (after.TotalAlloc - before.TotalAlloc) / runs
			t.Logf("%d bytes allocated per request", perRequest)
			if perRequest > 64<<10 {
				t.Errorf("%d bytes allocated per request, want under 64 KiB", perRequest)
			}
			if len(errs) == 0 || !errors.Is(errs[0], ErrCookieValueTooLong) {
				t.Errorf("errors %v, want ErrCookieValueTooLong", errs)
			}
		})
	}
}

// TestCodecDict checks dict() on payloads that are not objects. Each want
// is what Flask 3.1.3 loads from the same validly signed payload (no want:
// Flask answers 500 when it loads or when it saves the session again).
func TestCodecDict(t *testing.T) {
	var errs []error
	m := codecTestManager(&errs)
	for _, tt := range codecDictTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.DecodePayload([]byte(tt.payload))
			if tt.want == nil {
				if !errors.Is(err, ErrUndecodable) {
					t.Errorf("DecodePayload = %v, %v; want ErrUndecodable", got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodePayload: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("session (-want +got):\n%s", diff)
			}
		})
	}
}

// codecDictTests are dict() cases, also sent to Flask by
// TestCodecDictInterop.
var codecDictTests = []struct {
	name    string
	payload string
	want    map[string]any
}{
	{"two-key object pairs its keys", `[{"k":1,"v":2}]`, map[string]any{"k": "v"}},
	{"in the order written", `[{"v":2,"k":1}]`, map[string]any{"v": "k"}},
	{"two-character str", `["ab"]`, map[string]any{"a": "b"}},
	{"non-ASCII characters", `["a\u00e9"]`, map[string]any{"a": "é"}},
	{"Markup characters are str", `[{" m":"ab"}]`, map[string]any{"a": "b"}},
	{"two-item tuple", `[{" t":["a","b"]}]`, map[string]any{"a": "b"}},
	{"two bytes are ints", `[{" b":"YWI="}]`, map[string]any{"97": int64(98)}},
	{"later pairs win", `[["a",1],{" t":["b",2]},["a",3]]`, map[string]any{"a": int64(3), "b": int64(2)}},
	{"tuple of pairs", `{" t":[["a",1]]}`, map[string]any{"a": int64(1)}},
	{"Markup key", `[[{" m":"k"},1]]`, map[string]any{"k": int64(1)}},
	{"int key as json.dumps writes it", `[[1,"a"]]`, map[string]any{"1": "a"}},
	{"1 and True are one key named by the first", `[[1,"a"],[true,"b"]]`, map[string]any{"1": "b"}},
	{"True and 1 are one key", `[[true,"a"],[1,"b"]]`, map[string]any{"true": "b"}},
	{"1.0 and 1 are one key", `[[1.0,"a"],[1,"b"]]`, map[string]any{"1.0": "b"}},
	{"big int and float equal", `[[100000000000000000000,"a"],[1e20,"b"]]`, map[string]any{"100000000000000000000": "b"}},
	{"numbers of all kinds", `[[1.5,"a"],[2,"b"],[10,"c"]]`, map[string]any{"1.5": "a", "2": "b", "10": "c"}},
	{"None alone", `[[null,"a"]]`, map[string]any{"null": "a"}},
	{"infinity", `[[1e400,"a"]]`, map[string]any{"Infinity": "a"}},
	{"every NaN is one key", `[[NaN,"a"],[NaN,"b"]]`, map[string]any{"NaN": "b"}},
	{"empty list", `[]`, map[string]any{}},
	{"empty str", `""`, map[string]any{}},
	{"empty bytes", `{" b":""}`, map[string]any{}},
	{"null", `null`, map[string]any{}},
	{"str and int keys cannot be saved", `[[1,"a"],["x","b"]]`, nil},
	{"None next to int cannot be saved", `[[null,"a"],[1,"b"]]`, nil},
	{"tuple key cannot be saved", `[[{" t":[1,2]},"a"]]`, nil},
	{"bytes key cannot be saved", `[[{" b":"YQ=="},"a"]]`, nil},
	{"UUID key cannot be saved", `[[{" u":"0123456789abcdef0123456789abcdef"},1]]`, nil},
	{"datetime key cannot be saved", `[[{" d":"Wed, 01 Jan 2020 00:00:00 GMT"},1]]`, nil},
	{"list key is unhashable", `[[[1],"a"]]`, nil},
	{"one-item list", `[["a"]]`, nil},
	{"three-item list", `[["a","b","c"]]`, nil},
	{"one-key object", `[{"a":1}]`, nil},
	{"empty object", `[{}]`, nil},
	{"int element", `[5]`, nil},
	{"str payload", `"ab"`, nil},
	{"int payload", `5`, nil},
	{"zero payload", `0`, nil},
	{"true payload", `true`, nil},
}
