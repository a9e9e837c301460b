package flaskwtf

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/google/go-cmp/cmp"
)

//go:embed testdata/app.py
var flaskAppSource []byte

// appConf configures one Flask app and its Go twin.
type appConf struct {
	SecretKey     string `json:"secret_key"`
	CSRFSecretKey string `json:"csrf_secret_key,omitempty"`
	// TimeLimit is WTF_CSRF_TIME_LIMIT: absent (nil) keeps the default,
	// NoLimit sends null.
	TimeLimit *int64 `json:"-"`
	NoLimit   bool   `json:"-"`
	SSLStrict *bool  `json:"ssl_strict,omitempty"`
}

func (c appConf) MarshalJSON() ([]byte, error) {
	type plain appConf
	b, _ := json.Marshal(plain(c))
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	switch {
	case c.NoLimit:
		m["time_limit"] = nil
	case c.TimeLimit != nil:
		m["time_limit"] = *c.TimeLimit
	}
	return json.Marshal(m)
}

// side is one server, Flask's or Go's, over HTTP and HTTPS.
type side struct {
	name        string
	http, https string // base URLs
}

// pair is a Flask app and its Go twin with the same configuration.
type pair struct {
	conf          appConf
	flask, golang side
	decoder       *flasksession.Manager // decodes either side's cookies
	clock         *atomic.Int64         // the decoder's clock
}

const t0 = 1700000000

var diffApps = map[string]appConf{
	"default": {SecretKey: "flask-secret"},
	"csrfkey": {SecretKey: "flask-secret", CSRFSecretKey: "csrf-only-secret"},
	"relaxed": {SecretKey: "flask-secret", NoLimit: true, SSLStrict: new(bool)},
}

func TestLiveDifferentialWithFlaskWTF(t *testing.T) {
	py := wtfPython(t)
	dir := t.TempDir()
	certPEM, keyPEM, cert := selfSigned(t)
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	confPath, appPath := filepath.Join(dir, "conf.json"), filepath.Join(dir, "app.py")
	for p, b := range map[string][]byte{certPath: certPEM, keyPath: keyPEM, appPath: flaskAppSource} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	conf, _ := json.Marshal(map[string]any{"cert": certPath, "key": keyPath, "apps": diffApps})
	if err := os.WriteFile(confPath, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	ports := startFlask(t, py, appPath, confPath)

	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}
	defer client.CloseIdleConnections()

	for _, name := range []string{"default", "csrfkey", "relaxed"} {
		ac := diffApps[name]
		p := &pair{conf: ac, clock: new(atomic.Int64)}
		p.flask = side{"flask", fmt.Sprintf("http://127.0.0.1:%d", ports[name]["http"]), fmt.Sprintf("https://127.0.0.1:%d", ports[name]["https"])}
		goHandler := goTwin(ac)
		hs := httptest.NewServer(goHandler)
		defer hs.Close()
		tlsSrv := httptest.NewUnstartedServer(goHandler)
		tlsSrv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		tlsSrv.StartTLS()
		defer tlsSrv.Close()
		p.golang = side{"go", hs.URL, tlsSrv.URL}
		p.decoder = flasksession.New(ac.SecretKey)
		p.decoder.Now = func() time.Time { return time.Unix(p.clock.Load(), 0) }
		t.Run(name, func(t *testing.T) { runDiffCases(t, client, p) })
	}
}

// goTwin is the Go counterpart of app.py's make_app.
func goTwin(ac appConf) http.Handler {
	var clock atomic.Int64
	m := flasksession.New(ac.SecretKey)
	m.Now = func() time.Time {
		if n := clock.Load(); n != 0 {
			return time.Unix(n, 0)
		}
		return time.Now()
	}
	c := New(m)
	c.SecretKey = ac.CSRFSecretKey
	switch {
	case ac.NoLimit:
		c.TimeLimit = -1
	case ac.TimeLimit != nil:
		c.TimeLimit = time.Duration(*ac.TimeLimit) * time.Second
	}
	if ac.SSLStrict != nil {
		c.SSLStrict = *ac.SSLStrict
	}
	c.Exempt("POST /exempt")
	text := func(w http.ResponseWriter, s string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /token", func(w http.ResponseWriter, r *http.Request) {
		tok, err := GenerateCSRF(r)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		text(w, tok)
	})
	mux.HandleFunc("/form", func(w http.ResponseWriter, r *http.Request) { text(w, "ok") })
	mux.HandleFunc("POST /exempt", func(w http.ResponseWriter, r *http.Request) { text(w, "ok") })
	inner := m.Middleware(c.Middleware(mux))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.ParseInt(r.Header.Get("X-Test-Now"), 10, 64)
		clock.Store(n) // the test sends one request at a time
		inner.ServeHTTP(w, r)
	})
}

// call is one request, sent alike to both sides.
type call struct {
	method, path string
	now          int64
	cookie       string // session cookie value
	body         string // urlencoded form
	header       map[string]string
	https        bool
	referer      string // with {host} replaced by the side's host
}

// outcome is what is compared between the sides.
type outcome struct {
	Status      int
	Body        string
	ContentType string
	Vary        string
	Session     map[string]any // from Set-Cookie; nil when none was set
	cookie      string         // the raw Set-Cookie value
}

func (p *pair) do(t *testing.T, client *http.Client, s side, c call) outcome {
	t.Helper()
	base := s.http
	if c.https {
		base = s.https
	}
	req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Test-Now", strconv.FormatInt(c.now, 10))
	if c.cookie != "" {
		req.Header.Set("Cookie", "session="+c.cookie)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if c.referer != "" {
		req.Header.Set("Referer", strings.ReplaceAll(c.referer, "{host}", req.URL.Host))
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	o := outcome{Status: resp.StatusCode, Body: string(body), ContentType: resp.Header.Get("Content-Type"), Vary: resp.Header.Get("Vary")}
	for _, ck := range resp.Cookies() {
		if ck.Name == "session" {
			p.clock.Store(c.now)
			v, err := p.decoder.DecodeCookie(ck.Value)
			if err != nil {
				t.Fatalf("%s sent a session cookie that does not decode: %v", s.name, err)
			}
			o.Session, o.cookie = v, ck.Value
		}
	}
	return o
}

var hex40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

// both sends c to both sides and fails unless they agree; it returns
// Flask's outcome.
func (p *pair) both(t *testing.T, client *http.Client, c call) outcome {
	t.Helper()
	f, g := p.do(t, client, p.flask, c), p.do(t, client, p.golang, c)
	// A raw token created in this request is random: compare its form.
	fresh := func(o outcome) outcome {
		if raw, ok := o.Session["csrf_token"].(string); ok && hex40.MatchString(raw) && !strings.Contains(c.cookie, raw) {
			s := map[string]any{}
			for k, v := range o.Session {
				s[k] = v
			}
			s["csrf_token"] = "<new 40 hex digits>"
			o.Session = s
		}
		if c.path == "/token" {
			o.Body = "<token>"
		}
		return o
	}
	if d := cmp.Diff(fresh(f), fresh(g), cmp.AllowUnexported(outcome{}), cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".cookie"
	}, cmp.Ignore())); d != "" {
		t.Errorf("%s %s: Flask and Go differ (-flask +go):\n%s", c.method, c.path, d)
	}
	return f
}

// tokenFrom asks s for a token at now with the given session cookie and
// returns the token and the session cookie to send with it.
func (p *pair) tokenFrom(t *testing.T, client *http.Client, s side, now int64, cookie string) (string, string) {
	t.Helper()
	o := p.do(t, client, s, call{method: "GET", path: "/token", now: now, cookie: cookie})
	if o.Status != 200 {
		t.Fatalf("%s /token: %d %s", s.name, o.Status, o.Body)
	}
	if o.cookie != "" {
		cookie = o.cookie
	}
	return o.Body, cookie
}

func runDiffCases(t *testing.T, client *http.Client, p *pair) {
	csrfKey := p.conf.CSRFSecretKey
	if csrfKey == "" {
		csrfKey = p.conf.SecretKey
	}
	// sign makes a token for raw with any key and salt at t0.
	sign := func(key, salt, raw string) string {
		ser, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte(key)}, itsdangerous.WithSalt(salt),
			itsdangerous.WithClock(func() time.Time { return time.Unix(t0, 0) }))
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := ser.Dumps(raw)
		return tok
	}
	encodeAt := func(at int64, values map[string]any) string {
		p.clock.Store(at)
		v, err := p.decoder.EncodeCookie(values)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	encode := func(values map[string]any) string { return encodeAt(t0, values) }
	const (
		ok        = "ok"
		htmlError = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>%s</p>\n"
	)
	expect := func(t *testing.T, c call, want error) {
		t.Helper()
		o := p.both(t, client, c)
		switch {
		case want == nil && (o.Status != 200 || o.Body != ok):
			t.Errorf("Flask rejected: %d %q", o.Status, o.Body)
		case want != nil && (o.Status != 400 || o.Body != fmt.Sprintf(htmlError, want.Error())):
			t.Errorf("Flask said %d %q, want %q", o.Status, o.Body, want.Error())
		}
	}

	// GET /token on a fresh session, on one with a raw token, and on one
	// with other keys: same cookie and Vary on both sides.
	p.both(t, client, call{method: "GET", path: "/token", now: t0})
	p.both(t, client, call{method: "GET", path: "/token", now: t0, cookie: encode(map[string]any{"user": "ann"})})
	p.both(t, client, call{method: "GET", path: "/token", now: t0, cookie: encode(map[string]any{"csrf_token": strings.Repeat("ab", 20)})})

	for _, source := range []side{p.flask, p.golang} {
		t.Run("token from "+source.name, func(t *testing.T) {
			tok, cookie := p.tokenFrom(t, client, source, t0, "")
			var s map[string]any
			p.clock.Store(t0)
			s, err := p.decoder.DecodeCookie(cookie)
			if err != nil {
				t.Fatal(err)
			}
			raw := s["csrf_token"].(string)
			later := int64(t0 + 10)
			form := func(field, token string) string { return url.Values{field: {token}, "name": {"ann"}}.Encode() }
			tampered := tok[:3] + string(tok[3]^1) + tok[4:]
			otherRaw := encode(map[string]any{"csrf_token": strings.Repeat("0", 40), "user": "ann"})
			noRaw := encode(map[string]any{"user": "ann"})
			expiredErr := error(ErrTokenExpired)
			if p.conf.NoLimit {
				expiredErr = nil
			}
			cases := []struct {
				name string
				c    call
				want error
			}{
				{"form field", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok)}, nil},
				{"prefixed form field", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("signup-csrf_token", tok)}, nil},
				{"X-CSRFToken header", call{method: "POST", path: "/form", now: later, cookie: cookie, header: map[string]string{"X-CSRFToken": tok}}, nil},
				{"X-CSRF-Token header", call{method: "PATCH", path: "/form", now: later, cookie: cookie, header: map[string]string{"X-CSRF-Token": tok}}, nil},
				{"PUT with header", call{method: "PUT", path: "/form", now: later, cookie: cookie, header: map[string]string{"X-CSRFToken": tok}}, nil},
				{"DELETE with form body", call{method: "DELETE", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok)}, nil},
				{"GET is not checked", call{method: "GET", path: "/form", now: later, cookie: cookie}, nil},
				{"exempt handler", call{method: "POST", path: "/exempt", now: later, cookie: cookie, body: "name=ann"}, nil},
				{"3600 s old is valid", call{method: "POST", path: "/form", now: t0 + 3600, cookie: cookie, body: form("csrf_token", tok)}, nil},
				{"3601 s old has expired", call{method: "POST", path: "/form", now: t0 + 3601, cookie: cookie, body: form("csrf_token", tok)}, expiredErr},
				{"dated in the future", call{method: "POST", path: "/form", now: t0 - 1, cookie: encodeAt(t0-10, map[string]any{"csrf_token": raw}), body: form("csrf_token", sign(csrfKey, Salt, raw))}, expiredErr},
				{"session cookie dated in the future", call{method: "POST", path: "/form", now: t0 - 1, cookie: cookie, body: form("csrf_token", tok)}, ErrSessionTokenMissing},
				{"tampered", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tampered)}, ErrTokenInvalid},
				{"signed with another key", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", sign("another key", Salt, raw))}, ErrTokenInvalid},
				{"signed with another salt", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", sign(csrfKey, "other-salt", raw))}, ErrTokenInvalid},
				{"signed by hand with the right key and salt", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", sign(csrfKey, Salt, raw))}, nil},
				{"missing from the form", call{method: "POST", path: "/form", now: later, cookie: cookie, body: "name=ann"}, ErrTokenMissing},
				{"empty form field", call{method: "POST", path: "/form", now: later, cookie: cookie, body: "csrf_token="}, ErrTokenMissing},
				{"missing from the session", call{method: "POST", path: "/form", now: later, cookie: noRaw, body: form("csrf_token", tok)}, ErrSessionTokenMissing},
				{"no session cookie", call{method: "POST", path: "/form", now: later, body: form("csrf_token", tok)}, ErrSessionTokenMissing},
				{"session token mismatch", call{method: "POST", path: "/form", now: later, cookie: otherRaw, body: form("csrf_token", tok)}, ErrTokensMismatch},
				{"HTTPS without Referer", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok), https: true}, referrerErr(p, ErrReferrerMissing)},
				{"HTTPS with a foreign Referer", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok), https: true, referer: "https://evil.example/form"}, referrerErr(p, ErrReferrerMismatch)},
				{"HTTPS with an http Referer", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok), https: true, referer: "http://{host}/form"}, referrerErr(p, ErrReferrerMismatch)},
				{"HTTPS with a matching Referer", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tok), https: true, referer: "https://{host}/form"}, nil},
				{"HTTPS bad token before Referer", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", tampered), https: true}, ErrTokenInvalid},
			}
			if p.conf.CSRFSecretKey != "" {
				cases = append(cases, struct {
					name string
					c    call
					want error
				}{"signed with SECRET_KEY instead of WTF_CSRF_SECRET_KEY", call{method: "POST", path: "/form", now: later, cookie: cookie, body: form("csrf_token", sign(p.conf.SecretKey, Salt, raw))}, ErrTokenInvalid})
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { expect(t, tc.c, tc.want) })
			}
		})
	}
}

// referrerErr is want under SSLStrict, nil without.
func referrerErr(p *pair, want error) error {
	if p.conf.SSLStrict != nil && !*p.conf.SSLStrict {
		return nil
	}
	return want
}

// startFlask runs app.py and returns its ports by app name and scheme.
func startFlask(t *testing.T, py, appPath, confPath string) map[string]map[string]int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, py, appPath, confPath)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cancel()
			<-done
		}
		cancel()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("Flask's stderr:\n%s", stderr.String())
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case l, ok := <-line:
		var ports map[string]map[string]int
		if !ok || json.Unmarshal([]byte(l), &ports) != nil {
			t.Fatalf("Flask did not start: %q\n%s", l, stderr.String())
		}
		return ports
	case <-time.After(60 * time.Second):
		t.Fatalf("Flask did not start in time\n%s", stderr.String())
	}
	return nil
}

// selfSigned returns a certificate for 127.0.0.1, as PEM and for Go.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte, cert tls.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk})
	cert, err = tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return certPEM, keyPEM, cert
}
