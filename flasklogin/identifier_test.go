package flasklogin

import (
	"encoding/json"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
	"unicode/utf8"
)

// identCase is one request: its remote IP (empty: none), port, and raw
// header bytes.
type identCase struct {
	ip      string
	headers [][2]string
}

func TestIdentifierKnownValues(t *testing.T) {
	// Digests computed with Flask-Login's _create_identifier.
	tests := []struct {
		name string
		c    identCase
		want string
	}{
		{"remote address and user agent", identCase{"127.0.0.1", [][2]string{{"User-Agent", "Mozilla"}}},
			"b9726c1f23e047638dd60f0e85dc70d372d1e27713e477c40dad49efcf4597d398260ffff46c501aa69fd2a525098c3161e78b63512d84b5bf9b6386378454bc"},
		{"neither is None|None", identCase{"", nil},
			"892f7fec2c15835660cba1324da22125e167e65bbe5de394d486a744c2c07be014719895f627ec258b1ab0de00d8e2b5bc9bb4e29a7e3c78329d9d2051ec0e84"},
		{"IPv6 without brackets, Latin-1 byte re-encoded", identCase{"::1", [][2]string{{"User-Agent", "caf\xe9"}}},
			"25207f277c27a8351a255baae7164585e7007cf9e9075d92a65e11d5710094801b93d077efd59c5ef5095f464cbbf7639a395bd1b07619b63580e68ed22d7312"},
	}
	for _, tc := range tests {
		if got := Identifier(identRequest(tc.c)); got != tc.want {
			t.Errorf("%s: Identifier = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func identRequest(c identCase) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = ""
	if c.ip != "" {
		r.RemoteAddr = net.JoinHostPort(c.ip, "50123")
	}
	for _, h := range c.headers {
		r.Header[h[0]] = append(r.Header[h[0]], h[1])
	}
	return r
}

// latin1 returns the Python str a WSGI server makes of header bytes s.
func latin1(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = utf8.AppendRune(b, rune(s[i]))
	}
	return string(b)
}

// identCases returns the rare cases, then random ones up to n.
func identCases(rng *rand.Rand, n int) []identCase {
	cases := []identCase{
		{"", nil},
		{"127.0.0.1", nil},
		{"::1", [][2]string{{"User-Agent", "curl/8"}}},
		{"fe80::1%eth0", [][2]string{{"User-Agent", ""}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "caf\xe9 \xff\x80"}}},
		{"10.0.0.1", [][2]string{{"User-Agent", `it's "quoted" \ back`}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "it's"}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "tab\there\x01\x7f"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", "  2001:db8::7 ,10.0.0.1"}, {"User-Agent", "x"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", ""}}},
		{"", [][2]string{{"X-Forwarded-For", "\xe9t\xe9"}}},
	}
	pieces := []string{"a", "Z", "0", " ", ",", ";", "'", "\"", "\\", "\t", "\x01", "\x7f", "\x80", "\xe9", "\xff", "é", "Mozilla/5.0", "1.2.3.4", "::"}
	word := func() string {
		var s string
		for range rng.Intn(8) {
			s += pieces[rng.Intn(len(pieces))]
		}
		return s
	}
	ips := []string{"", "192.0.2.1", "2001:db8::1", "::ffff:10.0.0.1"}
	for len(cases) < n {
		c := identCase{ip: ips[rng.Intn(len(ips))]}
		if rng.Intn(3) > 0 {
			c.headers = append(c.headers, [2]string{"User-Agent", word()})
		}
		if rng.Intn(2) == 0 {
			c.headers = append(c.headers, [2]string{"X-Forwarded-For", word() + ", " + word()})
		}
		cases = append(cases, c)
	}
	return cases
}

func TestIdentifierMatchesFlaskLogin(t *testing.T) {
	loginPython(t)
	seed := time.Now().UnixNano()
	cases := identCases(rand.New(rand.NewSource(seed)), 300)
	type pyCase struct {
		RemoteAddr *string     `json:"remote_addr"`
		Headers    [][2]string `json:"headers"`
	}
	var in []pyCase
	for _, c := range cases {
		var pc pyCase
		if c.ip != "" {
			ip := c.ip
			pc.RemoteAddr = &ip
		}
		pc.Headers = [][2]string{}
		for _, h := range c.headers {
			// http.server strips the value; net/http does too.
			pc.Headers = append(pc.Headers, [2]string{h[0], latin1(trimOWS(h[1]))})
		}
		in = append(in, pc)
	}
	data, _ := json.Marshal(in)
	var want []string
	if err := json.Unmarshal(runOracle(t, "identifier", data), &want); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		r := identRequest(identCase{c.ip, trimmed(c.headers)})
		if got := Identifier(r); got != want[i] {
			t.Errorf("seed %d case %d (%+q): Identifier = %s, Flask-Login %s", seed, i, c, got[:16], want[i][:16])
		}
	}
}

// trimOWS removes what net/http's header parser removes around a value.
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

func trimmed(hs [][2]string) [][2]string {
	out := make([][2]string, len(hs))
	for i, h := range hs {
		out[i] = [2]string{h[0], trimOWS(h[1])}
	}
	return out
}
