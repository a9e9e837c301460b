package flasklogin

import (
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/interop"
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
		// From Flask-Login behind Werkzeug's development server, which
		// joins repeated headers with ",": "b'1.2.3.4'|b'a,b\\xc3\\xa9'".
		{"repeated headers joined", identCase{"127.0.0.1", [][2]string{
			{"User-Agent", "a"}, {"User-Agent", "b\xe9"},
			{"X-Forwarded-For", "1.2.3.4, 5.6.7.8"}, {"X-Forwarded-For", "9.9.9.9"}}},
			"6ab740073f8b77ebdff1663b870b0c6a533d6c8f52f88d44a174c05e0f592b8cfcefc05854973e12b2e8f96dc8096493bddd633ca27aef9899f5143728a0c81c"},
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

// identFixedCases are the rare cases every run includes.
func identFixedCases() []identCase {
	return []identCase{
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
		// Repeated headers, which Flask reads joined with ",".
		{"10.0.0.1", [][2]string{{"User-Agent", "a"}, {"User-Agent", "b"}}},
		{"10.0.0.1", [][2]string{{"User-Agent", ""}, {"User-Agent", "b"}, {"User-Agent", ""}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "it's"}, {"User-Agent", `"q"`}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "caf\xe9"}, {"User-Agent", "\xff"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-For", "198.51.100.1"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", ""}, {"X-Forwarded-For", "198.51.100.1"}}},
		{"10.0.0.1", [][2]string{{"X-Forwarded-For", " 203.0.113.7 , 10.0.0.2"}, {"X-Forwarded-For", "198.51.100.1"}, {"User-Agent", "x"}, {"User-Agent", "y"}}},
	}
}

// identRandomCases returns n random requests.
func identRandomCases(rng *rand.Rand, n int) []identCase {
	pieces := []string{"a", "Z", "0", " ", ",", ";", "'", "\"", "\\", "\t", "\x01", "\x7f", "\x80", "\xe9", "\xff", "é", "Mozilla/5.0", "1.2.3.4", "::"}
	word := func() string {
		var s string
		for range rng.IntN(8) {
			s += pieces[rng.IntN(len(pieces))]
		}
		return s
	}
	ips := []string{"", "192.0.2.1", "2001:db8::1", "::ffff:10.0.0.1"}
	var cases []identCase
	for range n {
		c := identCase{ip: ips[rng.IntN(len(ips))]}
		for range rng.IntN(4) - 1 {
			c.headers = append(c.headers, [2]string{"User-Agent", word()})
		}
		for range rng.IntN(4) - 1 {
			c.headers = append(c.headers, [2]string{"X-Forwarded-For", word() + ", " + word()})
		}
		rng.Shuffle(len(c.headers), func(i, j int) { c.headers[i], c.headers[j] = c.headers[j], c.headers[i] })
		cases = append(cases, c)
	}
	return cases
}

func TestIdentifierMatchesFlaskLogin(t *testing.T) {
	loginPython(t)
	cases := identFixedCases()
	for _, seed := range interop.Seeds(t) {
		cases = append(cases, identRandomCases(interop.Rand(seed, 0), 150)...)
	}
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
			// Go's server strips the value of blanks at both ends;
			// Werkzeug's only at the start, so the oracle gets the
			// value as Go's server hands it on.
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
			t.Errorf("case %d (%+q): Identifier = %s, Flask-Login %s", i, c, got[:16], want[i][:16])
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

// Session protection computes the identifier on every logged-in request:
// for a browser's headers, repeated User-Agent lines included, it must
// not allocate.
func TestIdentifierHexDoesNotAllocate(t *testing.T) {
	for _, c := range []identCase{
		{"10.0.0.1", [][2]string{
			{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) caf\xe9"}, {"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"}}},
		{"10.0.0.1", [][2]string{{"User-Agent", "Mozilla/5.0"}, {"User-Agent", "caf\xe9"}}},
	} {
		r := identRequest(c)
		if n := testing.AllocsPerRun(100, func() { _ = identifierHex(r) }); n != 0 {
			t.Errorf("identifierHex(%+q) allocates %v times per call, want 0", c, n)
		}
	}
}

// TestRemoteAddr checks the split of RemoteAddr against net.SplitHostPort.
func TestRemoteAddr(t *testing.T) {
	for _, addr := range []string{"", "203.0.113.9:50123", "203.0.113.9:", ":80", "203.0.113.9",
		"[::1]:80", "::1", "[::1]", "[fe80::1%eth0]:8080", "a:b:c", "[a]b:80", "a]:80", "[a:80", "a:[80"} {
		want := addr
		if host, _, err := net.SplitHostPort(addr); err == nil {
			want = host
		}
		if got := remoteAddr(addr); got != want {
			t.Errorf("remoteAddr(%q) = %q, want %q", addr, got, want)
		}
	}
}
