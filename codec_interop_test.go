package flasksession

import (
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

//go:embed testdata/fidelity_oracle.py
var fidelityOracle string

// fidelityAnswer is what testdata/fidelity_oracle.py answers.
type fidelityAnswer struct {
	Versions map[string]string `json:"versions"`
	Vary     []struct {
		Status int      `json:"status"`
		Lines  [][]byte `json:"lines"`
	} `json:"vary"`
	Cookies []struct {
		ReadStatus  int      `json:"read_status"`
		Session     *string  `json:"session"`
		WriteStatus int      `json:"write_status"`
		SetCookie   []string `json:"set_cookie"`
	} `json:"cookies"`
}

// askFlask runs the oracle on Vary cases (header lines as sent) and cookie
// cases (session cookie values as sent). It skips (fails under
// FLASKSESSION_INTEROP=require) when the interpreter's Flask is not 3.1.
func askFlask(t *testing.T, vary [][]string, cookies []string) *fidelityAnswer {
	t.Helper()
	in := struct {
		Vary    [][][]byte `json:"vary"`
		Cookies [][]byte   `json:"cookies"`
	}{Vary: [][][]byte{}, Cookies: [][]byte{}}
	for _, lines := range vary {
		c := [][]byte{}
		for _, l := range lines {
			c = append(c, []byte(l))
		}
		in.Vary = append(in.Vary, c)
	}
	for _, c := range cookies {
		in.Cookies = append(in.Cookies, []byte(c))
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out fidelityAnswer
	if err := json.Unmarshal(interop.Run(t, fidelityOracle, b), &out); err != nil {
		t.Fatal(err)
	}
	if v := out.Versions["flask"]; !strings.HasPrefix(v, "3.1.") {
		if interop.Required() {
			t.Fatalf("Flask %s found; the differential needs Flask 3.1", v)
		}
		t.Skipf("Flask %s found; the differential needs Flask 3.1", v)
	}
	if len(out.Vary) != len(vary) || len(out.Cookies) != len(cookies) {
		t.Fatalf("oracle answered %d/%d cases, want %d/%d", len(out.Vary), len(out.Cookies), len(vary), len(cookies))
	}
	return &out
}

// goCookieResult is what the middleware makes of one cookie value as sent.
type goCookieResult struct {
	values    map[string]any
	errs      []error
	setCookie []string // after the session is marked modified
}

func goCookie(t *testing.T, value string) goCookieResult {
	t.Helper()
	var res goCookieResult
	m := codecTestManager(&res.errs)
	serveWith := func(h func(*Session)) http.Header {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Cookie"] = []string{"session=" + value}
		w := httptest.NewRecorder()
		m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h(FromContext(r.Context()))
		})).ServeHTTP(w, r)
		return w.Result().Header
	}
	serveWith(func(s *Session) { res.values = s.Values() })
	res.setCookie = serveWith(func(s *Session) { s.MarkModified() })["Set-Cookie"]
	return res
}

// compareCookie checks the middleware against Flask on one cookie value:
// where Flask fails to load the session or to save it again, the
// middleware gives an empty session and reports an error; elsewhere both
// read the same session and write the same cookie.
func compareCookie(t *testing.T, value string, flask *fidelityAnswer, i int) {
	t.Helper()
	want := flask.Cookies[i]
	got := goCookie(t, value)
	if want.ReadStatus != 200 || want.WriteStatus != 200 {
		if len(got.values) != 0 || len(got.errs) == 0 {
			t.Errorf("cookie %q: Flask answers %d reading and %d saving; middleware read %v with errors %v, want an empty session and an error",
				value, want.ReadStatus, want.WriteStatus, got.values, got.errs)
		}
		return
	}
	js, err := tagjson.Marshal(got.values)
	if err != nil {
		t.Fatalf("cookie %q: %v", value, err)
	}
	if want.Session == nil || string(js) != *want.Session {
		t.Errorf("cookie %q: middleware read %s (errors %v), Flask %v", value, js, got.errs, strp(want.Session))
		return
	}
	if cmp.Equal(want.SetCookie, got.setCookie) {
		return
	}
	// Flask sorts keys that are numbers by value when it saves them again,
	// the middleware sorts their json.dumps text: same session, other
	// order. Only such sessions may differ, and only in order.
	if !numericKeysOnly(got.values) || len(want.SetCookie) != 1 || len(got.setCookie) != 1 {
		t.Errorf("cookie %q: saved again\n middleware %q\n Flask      %q", value, got.setCookie, want.SetCookie)
		return
	}
	var errs []error
	m := codecTestManager(&errs)
	a, errA := m.DecodeCookie(setCookieValue(want.SetCookie[0]))
	b, errB := m.DecodeCookie(setCookieValue(got.setCookie[0]))
	if errA != nil || errB != nil || !cmp.Equal(a, b) {
		t.Errorf("cookie %q: saved again\n middleware %q (%v)\n Flask      %q (%v)", value, got.setCookie, errB, want.SetCookie, errA)
	}
}

func setCookieValue(line string) string {
	v, _, _ := strings.Cut(line, ";")
	_, v, _ = strings.Cut(v, "=")
	return v
}

// numericKeysOnly reports whether m has two or more keys and each is the
// json.dumps text of a number, bool or None.
func numericKeysOnly(m map[string]any) bool {
	for k := range m {
		if _, err := strconv.ParseFloat(k, 64); err != nil && k != "true" && k != "false" && k != "null" && k != "NaN" && k != "Infinity" && k != "-Infinity" {
			return false
		}
	}
	return len(m) > 1
}

// signedAt1700000000 returns the cookie value as sent whose payload part
// is payload (bytes as sent), signed by Flask's session signer with key
// "dev" at 1700000000 over the text a WSGI server reads from those bytes
// (latin1 true) or over the bytes themselves.
func signedAt1700000000(t *testing.T, payload string, latin1 bool) string {
	t.Helper()
	if latin1 {
		return signSent(t, payload, latin1ToUTF8)
	}
	return signSent(t, payload, func(s string) string { return s })
}

// quoteOctal quotes v as Werkzeug's dump_cookie would, but with every byte
// outside printable ASCII as a \ooo escape.
func quoteOctal(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\%03o`, c)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func base64Payload(json string) string {
	return string(itsdangerous.Base64Encode([]byte(json)))
}

// TestCodecNonASCIIInterop sends validly signed tokens with raw non-ASCII
// bytes in them to Flask and to the middleware: fixed cases for each rare
// shape, then random bytes at random places.
func TestCodecNonASCIIInterop(t *testing.T) {
	user := base64Payload(`{"user":"42"}`)
	issue := "eyJ1\xc3\xa9c2VyIjoiNDIifQ.ZVPxAA.usuqLc7xGjtbh2r7zObdvC_dCCI"
	var compressed string
	{
		var errs []error
		m := codecTestManager(&errs)
		c, err := m.EncodeCookie(map[string]any{"text": strings.Repeat("flask ", 40)})
		if err != nil || c[0] != '.' {
			t.Fatalf("EncodeCookie = %q, %v; want a compressed value", c, err)
		}
		compressed = c[:strings.LastIndexByte(c[:strings.LastIndexByte(c, '.')], '.')]
	}
	cases := []string{
		issue,
		`"` + issue + `"`,
		quoteOctal(issue),       // \303\251 is the UTF-8 of é: the HMAC no longer matches
		"\xa0" + issue + "\x85", // str.strip removes NBSP and NEL
		signedAt1700000000(t, "eyJ1\xc3\xa9c2VyIjoiNDIifQ", false),
		signedAt1700000000(t, "eyJ1\xe9c2VyIjoiNDIifQ", true), // one byte: padding off by two
		signedAt1700000000(t, "eyJ1\xe9\xe9c2VyIjoiNDIifQ", true),
		signedAt1700000000(t, user+"\xff", true),
		signedAt1700000000(t, user+"\xff\xfe\xfd", true),
		signedAt1700000000(t, "\x80"+user, true),
		signedAt1700000000(t, compressed+"\xc0", true),
		signedAt1700000000(t, "."+"\xc0"+compressed[1:], true),
		quoteOctal(signedAt1700000000(t, user+"\xff", false)),
		`"` + signedAt1700000000(t, user+"\xff\xfe", true) + `"`,
		strings.Replace(issue, ".ZVPxAA.", ".ZVP\xe9xAA.", 1),
		strings.Replace(issue, ".usuq", ".us\xe9uq", 1),
		strings.Replace(issue, "dCCI", "dCCI\xe9\xe9", 1),
	}
	rng := rand.New(rand.NewSource(int64(len(cases))))
	bases := []string{user, base64Payload(`{"a":[1,2],"b":{" t":["x"]}}`), base64Payload(`{}`), compressed}
	for range 150 {
		p := []byte(bases[rng.Intn(len(bases))])
		for range 1 + rng.Intn(4) {
			i := rng.Intn(len(p) + 1)
			p = append(p[:i], append([]byte{byte(0x80 + rng.Intn(0x80))}, p[i:]...)...)
		}
		v := signedAt1700000000(t, string(p), rng.Intn(5) > 0)
		switch rng.Intn(6) {
		case 0:
			v = `"` + v + `"`
		case 1:
			v = quoteOctal(v)
		case 2:
			i := strings.IndexByte(v, '.') + 1 + rng.Intn(len(v)-strings.IndexByte(v, '.')-1)
			v = v[:i] + string([]byte{byte(0x80 + rng.Intn(0x80))}) + v[i:]
		}
		cases = append(cases, v)
	}
	flask := askFlask(t, nil, cases)
	loaded := 0
	for i, c := range cases {
		compareCookie(t, c, flask, i)
		if flask.Cookies[i].Session != nil && *flask.Cookies[i].Session != "{}" {
			loaded++
		}
	}
	t.Logf("%d cases, %d of them loaded by Flask", len(cases), loaded)
}

// TestCodecDictInterop sends validly signed payloads that are lists or
// tuples of two-item shapes to Flask and to the middleware: every payload
// of TestCodecDict, then random ones.
func TestCodecDictInterop(t *testing.T) {
	var cases []string
	for _, tt := range codecDictTests {
		cases = append(cases, signedAt1700000000(t, base64Payload(tt.payload), false))
	}
	rng := rand.New(rand.NewSource(int64(len(cases))))
	for range 200 {
		cases = append(cases, signedAt1700000000(t, base64Payload(randomPairs(rng)), false))
	}
	flask := askFlask(t, nil, cases)
	loaded := 0
	for i, c := range cases {
		compareCookie(t, c, flask, i)
		if flask.Cookies[i].ReadStatus == 200 && flask.Cookies[i].WriteStatus == 200 {
			loaded++
		}
	}
	t.Logf("%d cases, %d of them loaded and saved again by Flask", len(cases), loaded)
}

// randomPairs returns a tagged JSON list (or tuple) of 0-4 items, mostly
// shapes that iterate to two things, some to another number of things,
// with keys of every JSON kind.
func randomPairs(rng *rand.Rand) string {
	key := func() string {
		switch rng.Intn(12) {
		case 0:
			return strconv.Itoa(rng.Intn(12) - 1)
		case 1:
			return []string{"1.0", "1.5", "0.0", "-0.0", "1e20", "2.5e-7", "NaN", "Infinity"}[rng.Intn(8)]
		case 2:
			return []string{"true", "false"}[rng.Intn(2)]
		case 3:
			return "null"
		case 4:
			return `{" m":"` + string(rune('a'+rng.Intn(3))) + `"}`
		case 5:
			return []string{`{" t":[1,2]}`, `{" b":"YQ=="}`, `[1]`, `{"a":1}`}[rng.Intn(4)]
		}
		return `"` + string(rune('a'+rng.Intn(4))) + `"`
	}
	val := func() string {
		return []string{`1`, `"v"`, `null`, `[1,2]`, `{" t":[]}`, `{"x":1}`}[rng.Intn(6)]
	}
	chars := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString([]string{"a", "b", "é", "\\u00ff", "\\ud800", "\\ud83d\\ude00", "k"}[rng.Intn(7)])
		}
		return b.String()
	}
	bytesOf := func(n int) string {
		b := make([]byte, n)
		rng.Read(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	length := func() int {
		if rng.Intn(6) == 0 {
			return []int{0, 1, 3}[rng.Intn(3)]
		}
		return 2
	}
	item := func() string {
		n := length()
		switch rng.Intn(7) {
		case 0, 1:
			parts := []string{key(), val(), key()}[:min(n, 3)]
			return "[" + strings.Join(parts, ",") + "]"
		case 2:
			parts := []string{key(), val(), val()}[:min(n, 3)]
			return `{" t":[` + strings.Join(parts, ",") + "]}"
		case 3:
			var ms []string
			for j := range n {
				ms = append(ms, fmt.Sprintf(`"%s%d":%s`, chars(1), j, val()))
			}
			return "{" + strings.Join(ms, ",") + "}"
		case 4:
			return `"` + chars(n) + `"`
		case 5:
			return `{" m":"` + chars(n) + `"}`
		}
		if rng.Intn(8) == 0 {
			return val()
		}
		return `{" b":"` + bytesOf(n) + `"}`
	}
	var items []string
	for range rng.Intn(5) {
		items = append(items, item())
	}
	list := "[" + strings.Join(items, ",") + "]"
	if rng.Intn(4) == 0 {
		return `{" t":` + list + "}"
	}
	return list
}
