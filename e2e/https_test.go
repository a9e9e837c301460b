package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

// testCertificate makes a self-signed certificate for 127.0.0.1 and
// returns it with the base64 SHA-256 of its public key (SPKI), which
// Chromium's --ignore-certificate-errors-spki-list takes.
func testCertificate(t *testing.T) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "flasksession e2e"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, base64.StdEncoding.EncodeToString(sum[:])
}

// TestHTTPSCookies serves sessions over HTTPS with SameSite=None; Secure
// and with Partitioned (CHIPS), each from its own Manager, and checks that
// Chromium keeps both cookies with the attributes the middleware sent.
func TestHTTPSCookies(t *testing.T) {
	chromiumPath(t)
	shots := shotsDir(t)
	cert, spki := testCertificate(t)

	crossSite := flasksession.New("e2e-https")
	crossSite.Cookie.Name = "cross_site"
	crossSite.Cookie.SameSite = http.SameSiteNoneMode
	crossSite.Cookie.Secure = true
	partitioned := flasksession.New("e2e-https")
	partitioned.Cookie.Name = "partitioned"
	partitioned.Cookie.Partitioned = true

	var mu sync.Mutex
	sent := map[string]string{}
	page := func(m *flasksession.Manager) http.Handler {
		return m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s := flasksession.FromContext(r.Context())
			s.Set("visits", s.GetInt("visits")+1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1"><title>https</title><p id="ok">served over HTTPS</p>`))
		}))
	}
	record := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			mu.Lock()
			for _, line := range w.Header().Values("Set-Cookie") {
				name, _, _ := strings.Cut(line, "=")
				sent[name] = line
			}
			mu.Unlock()
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/cross-site", record(page(crossSite)))
	mux.Handle("/partitioned", record(page(partitioned)))
	srv := httptest.NewUnstartedServer(mux)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)

	p := newBrowser(t, shots, map[string]any{"ignore-certificate-errors-spki-list": spki})
	for _, path := range []string{"/cross-site", "/partitioned"} {
		p.open(srv.URL+path, "#ok")
	}
	store := p.cookies()
	mu.Lock()
	defer mu.Unlock()
	for _, name := range []string{"cross_site", "partitioned"} {
		line, ok := sent[name]
		if !ok {
			t.Fatalf("the middleware sent no %s cookie", name)
		}
		checkCookie(t, "HTTPS "+name, store[name], line, "127.0.0.1")
	}
	if c := store["cross_site"]; c != nil && (c.SameSite != "None" || !c.Secure) {
		t.Errorf("cross_site kept as SameSite=%q Secure=%v, want None and Secure", c.SameSite, c.Secure)
	}
	if c := store["partitioned"]; c != nil && (c.PartitionKey == nil || !c.Secure) {
		t.Errorf("partitioned kept without a partition key (%+v) or Secure", c.PartitionKey)
	}
}
