package flasksession_test

// The load and abuse test. It is opt-in, because it runs for a
// while: FLASKSESSION_LOAD=ci (about 20 s, what .ci/run uses) or
// FLASKSESSION_LOAD=full (about two minutes, more clients):
//
//	FLASKSESSION_LOAD=ci go test -run TestLoad -v .
//
// A real http.Server on 127.0.0.1 runs the middleware; concurrent clients,
// each with its own cookie and counter, send a mix of good and hostile
// session cookies for a bounded time. The test fails on any 5xx, any panic,
// a valid session not read exactly, a client's write not read back by its
// next request, a hostile cookie not reported through the error hook with
// the right error, or a heap that does not come back near where it began.

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// loadSize is one FLASKSESSION_LOAD level.
type loadSize struct {
	duration time.Duration // how long the clients send
	clients  int           // concurrent clients
	maxIter  int           // per-client bound on requests, whatever the time
}

var loadSizes = map[string]loadSize{
	"ci":   {duration: 12 * time.Second, clients: 16, maxIter: 200_000},
	"full": {duration: 120 * time.Second, clients: 48, maxIter: 2_000_000},
}

// The keys of the test deployment: the current one and a retired one kept
// in SecretKeyFallbacks. Test-only values.
const (
	loadKey    = "load-test-current-key"
	loadOldKey = "load-test-retired-key"
)

// flaskCookieScript makes a few sessions with the real Flask, signed now:
// the first three with the current key, the last with the retired one. It
// prints each cookie with the tagged JSON Flask serialized.
//
//go:embed testdata/flask_cookie.py
var flaskCookieScript string

// The kinds of request the clients send. The first three must be served
// from the cookie; every other kind must give a fresh session and report
// one error matching want.
type loadKind int

const (
	kindOwn         loadKind = iota // the client's own session, written by the previous response
	kindFlask                       // a valid cookie made by Flask (current or retired key)
	kindDuplicate                   // two Cookie headers: own session first, a tampered one second
	kindExpired                     // validly signed 32 days ago (Lifetime is 31)
	kindTampered                    // a Flask cookie with one payload character changed
	kindTruncated                   // a Flask cookie cut short
	kindOversized                   // longer than MaxCookieValueLen
	kindBomb                        // validly signed zlib bomb
	kindNested                      // validly signed JSON nested far deeper than MaxDepth
	kindBadUTF8                     // validly signed payload that is not UTF-8
	kindDupBadFirst                 // two Cookie headers: a tampered one first, own session second
	numKinds
)

var kindNames = [numKinds]string{"own", "flask", "duplicate", "expired", "tampered", "truncated", "oversized", "zlib-bomb", "nested", "bad-utf8", "dup-bad-1st"}

// kindWant is the error each hostile kind must report (nil: none at all).
var kindWant = [numKinds]error{
	kindExpired:   itsdangerous.ErrSignatureExpired,
	kindTampered:  flasksession.ErrInvalidCookie,
	kindTruncated: flasksession.ErrInvalidCookie,
	kindOversized: flasksession.ErrCookieValueTooLong,
	kindBomb:      flasksession.ErrUndecodable,
	kindNested:    flasksession.ErrUndecodable,
	kindBadUTF8:   flasksession.ErrUndecodable,
	// The first session cookie wins, as in Werkzeug (sansio/http.py
	// parse_cookie keeps every value; request.cookies.get returns the first).
	kindDupBadFirst: flasksession.ErrInvalidCookie,
}

// schedule is the order each client cycles through (from its own offset):
// half the requests continue its own session.
var schedule = []loadKind{
	kindOwn, kindFlask, kindOwn, kindExpired, kindOwn, kindTampered, kindOwn, kindTruncated,
	kindDuplicate, kindOversized, kindOwn, kindBomb, kindOwn, kindNested, kindOwn, kindBadUTF8,
	kindOwn, kindDupBadFirst,
}

type flaskCookie struct {
	Cookie string `json:"cookie"`
	JSON   string `json:"json"`
}

// loadCounters are what the server side counts.
type loadCounters struct {
	panics     atomic.Int64
	reported   [numKinds]atomic.Int64 // errors reported through the hook, by kind
	wrongError [numKinds]atomic.Int64 // ... that did not match kindWant
	mu         sync.Mutex
	firstWrong [numKinds]string
}

func TestLoad(t *testing.T) {
	level := os.Getenv("FLASKSESSION_LOAD")
	if level == "" {
		t.Skip("load and abuse test is opt-in: FLASKSESSION_LOAD=ci go test -run TestLoad -v . (about 20 s; =full for about 2 min)")
	}
	size, ok := loadSizes[level]
	if !ok {
		t.Fatalf("FLASKSESSION_LOAD=%q: want ci or full", level)
	}

	var flaskCookies []flaskCookie
	out := interop.Run(t, flaskCookieScript, nil, loadKey, loadOldKey)
	if err := json.Unmarshal(out, &flaskCookies); err != nil || len(flaskCookies) != 4 {
		t.Fatalf("Flask cookie script: %d cookies, %v", len(flaskCookies), err)
	}

	m := flasksession.New(loadKey)
	m.SecretKeyFallbacks = []string{loadOldKey}
	counters := &loadCounters{}
	m.ErrorHandler = func(r *http.Request, err error) {
		k, convErr := strconv.Atoi(r.Header.Get("X-Load-Kind"))
		if convErr != nil || k < 0 || k >= int(numKinds) {
			k = int(kindOwn)
		}
		counters.reported[k].Add(1)
		if kindWant[k] == nil || !errors.Is(err, kindWant[k]) {
			counters.wrongError[k].Add(1)
			counters.mu.Lock()
			if counters.firstWrong[k] == "" {
				counters.firstWrong[k] = err.Error()
			}
			counters.mu.Unlock()
		}
	}

	// Every valid Flask cookie reads exactly, before any load.
	for i, fc := range flaskCookies {
		got, err := m.DecodeCookie(fc.Cookie)
		if err != nil {
			t.Fatalf("Flask cookie %d: DecodeCookie: %v", i, err)
		}
		js, err := tagjson.Marshal(got)
		if err != nil || string(js) != fc.JSON {
			t.Fatalf("Flask cookie %d read back as %s (%v), Flask serialized %s", i, js, err, fc.JSON)
		}
	}

	hostile := makeHostileCookies(t, m, flaskCookies[0].Cookie)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /read", func(w http.ResponseWriter, r *http.Request) {
		js, err := tagjson.Marshal(flasksession.FromContext(r.Context()).Values())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(js)
	})
	mux.HandleFunc("GET /count", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		prev := s.GetString("client")
		n := s.GetInt("n") + 1
		s.Set("client", r.Header.Get("X-Load-Client"))
		s.Set("n", n)
		fmt.Fprintf(w, "%s %d", prev, n)
	})
	handler := recoverCounting(counters, m.Middleware(mux))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
	srvDone := make(chan error, 1)
	go func() { srvDone <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()

	// Latency samples are allocated before the heap is measured, so they
	// count on both sides of the comparison.
	perClient := size.maxIter
	if perClient > 100_000 {
		perClient = 100_000
	}
	samples := make([][]loadSample, size.clients)
	for i := range samples {
		samples[i] = make([]loadSample, 0, perClient)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: size.clients, DisableCompression: true}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	heapBefore := settledHeap()

	var (
		wg       sync.WaitGroup
		sent     [numKinds]atomic.Int64
		failures atomic.Int64
		status5x atomic.Int64
		errMu    sync.Mutex
		errs     []string
	)
	fail := func(format string, args ...any) {
		failures.Add(1)
		errMu.Lock()
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
		errMu.Unlock()
	}
	deadline := time.Now().Add(size.duration)
	start := time.Now()
	for c := 0; c < size.clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			id := "client-" + strconv.Itoa(c)
			own := ""   // this client's session cookie value
			var n int64 // the counter its session holds
			for i := 0; i < size.maxIter && time.Now().Before(deadline); i++ {
				kind := schedule[(c+i)%len(schedule)]
				path := "/count"
				var cookies []string
				switch kind {
				case kindOwn:
					if own != "" {
						cookies = []string{own}
					}
				case kindDuplicate:
					if own == "" {
						kind = kindOwn
					} else {
						cookies = []string{own, hostile[kindTampered][0]}
					}
				case kindDupBadFirst:
					cookies = []string{hostile[kindTampered][i%len(hostile[kindTampered])]}
					if own != "" {
						cookies = append(cookies, own)
					}
				case kindFlask:
					path = "/read"
					cookies = []string{flaskCookies[(c+i)%len(flaskCookies)].Cookie}
				default:
					cookies = []string{hostile[kind][i%len(hostile[kind])]}
				}
				req, _ := http.NewRequest(http.MethodGet, base+path, nil)
				req.Header.Set("X-Load-Kind", strconv.Itoa(int(kind)))
				req.Header.Set("X-Load-Client", id)
				for _, v := range cookies {
					req.Header.Add("Cookie", "session="+v)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					fail("%s %s: %v", id, kindNames[kind], err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if len(samples[c]) < cap(samples[c]) {
					samples[c] = append(samples[c], loadSample{kind, time.Since(t0)})
				}
				sent[kind].Add(1)
				if err != nil {
					fail("%s %s: reading body: %v", id, kindNames[kind], err)
					return
				}
				if resp.StatusCode >= 500 {
					status5x.Add(1)
					fail("%s %s: status %d: %s", id, kindNames[kind], resp.StatusCode, body)
					continue
				}
				var setCookie string
				for _, ck := range resp.Cookies() {
					if ck.Name == "session" {
						setCookie = ck.Value
					}
				}
				switch kind {
				case kindFlask:
					want := flaskCookies[(c+i)%len(flaskCookies)].JSON
					if string(body) != want {
						fail("%s: Flask session read as %s, want %s", id, body, want)
					}
				case kindOwn, kindDuplicate:
					wantPrev := id
					if own == "" {
						wantPrev = ""
					}
					if want := fmt.Sprintf("%s %d", wantPrev, n+1); string(body) != want {
						fail("%s %s: got %q, want %q (lost update)", id, kindNames[kind], body, want)
						return
					}
					if setCookie == "" {
						fail("%s %s: no Set-Cookie after a write", id, kindNames[kind])
						return
					}
					own, n = setCookie, n+1
				default:
					// A hostile cookie gives a fresh session.
					if string(body) != " 1" {
						fail("%s %s: got %q, want a fresh session (\" 1\")", id, kindNames[kind], body)
					}
				}
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("server shutdown: %v", err)
	}
	if err := <-srvDone; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("server: %v", err)
	}
	transport.CloseIdleConnections()
	heapAfter := settledHeap()

	var total int64
	for k := range sent {
		total += sent[k].Load()
	}
	var all []time.Duration
	var byKind [numKinds][]time.Duration
	for _, s := range samples {
		for _, x := range s {
			all = append(all, x.d)
			byKind[x.kind] = append(byKind[x.kind], x.d)
		}
	}
	slices.Sort(all)
	t.Logf("load %s: %d clients, %d requests in %v: %.0f requests/s, latency p50 %v, p99 %v",
		level, size.clients, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		percentile(all, 50), percentile(all, 99))
	for k := loadKind(0); k < numKinds; k++ {
		slices.Sort(byKind[k])
		t.Logf("  %-11s sent %7d, errors reported %7d, p50 %v, p99 %v", kindNames[k], sent[k].Load(),
			counters.reported[k].Load(), percentile(byKind[k], 50), percentile(byKind[k], 99))
	}
	t.Logf("heap: %d KiB before, %d KiB after (GC'd, server shut down)", heapBefore/1024, heapAfter/1024)

	for _, e := range errs {
		t.Error(e)
	}
	if f := failures.Load(); f > 0 {
		t.Errorf("%d client-side failures (first ones above)", f)
	}
	if n := status5x.Load(); n > 0 {
		t.Errorf("%d responses with a 5xx status", n)
	}
	if n := counters.panics.Load(); n > 0 {
		t.Errorf("%d panics recovered", n)
	}
	for k := loadKind(0); k < numKinds; k++ {
		s, r := sent[k].Load(), counters.reported[k].Load()
		if s == 0 {
			t.Errorf("kind %s was never sent", kindNames[k])
		}
		if kindWant[k] == nil && r > 0 {
			t.Errorf("kind %s: %d errors reported for good cookies (first: %s)", kindNames[k], r, counters.firstWrong[k])
		}
		if kindWant[k] != nil && r < s {
			t.Errorf("kind %s: %d sent but only %d errors reported", kindNames[k], s, r)
		}
		if w := counters.wrongError[k].Load(); kindWant[k] != nil && w > 0 {
			t.Errorf("kind %s: %d reported errors do not match %v (first: %s)", kindNames[k], w, kindWant[k], counters.firstWrong[k])
		}
	}
	// No leak: what the run allocated is garbage once the server is gone.
	const slack = 16 << 20
	if heapAfter > heapBefore+slack {
		t.Errorf("heap grew from %d KiB to %d KiB over the run (slack %d KiB): a leak?", heapBefore/1024, heapAfter/1024, slack/1024)
	}
}

// loadSample is one request's latency.
type loadSample struct {
	kind loadKind
	d    time.Duration
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[len(sorted)*p/100]
}

// settledHeap returns HeapAlloc after garbage collection has settled.
func settledHeap() uint64 {
	var ms runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// recoverCounting answers a panic with a 500 and counts it (the test fails
// on either).
func recoverCounting(c *loadCounters, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				c.panics.Add(1)
				http.Error(w, fmt.Sprint("panic: ", v), http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// makeHostileCookies builds a few cookies of each hostile kind. The validly
// signed ones are signed with this module's own signer, set up as Flask's
// session interface is (salt cookie-session, HMAC derivation, SHA-1).
func makeHostileCookies(t *testing.T, m *flasksession.Manager, valid string) [numKinds][]string {
	t.Helper()
	sign := func(payload []byte, at time.Time) string {
		s, err := itsdangerous.NewTimestampSigner([][]byte{[]byte(loadKey)},
			itsdangerous.WithSalt("cookie-session"),
			itsdangerous.WithKeyDerivation(itsdangerous.DerivationHMAC),
			itsdangerous.WithDigest(sha1.New),
			itsdangerous.WithClock(func() time.Time { return at }))
		if err != nil {
			t.Fatal(err)
		}
		return string(s.Sign(payload))
	}
	b64 := base64.RawURLEncoding.EncodeToString
	compressed := func(raw []byte) []byte {
		var buf bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
		zw.Write(raw)
		zw.Close()
		return append([]byte("."), b64(buf.Bytes())...)
	}
	now := time.Now()
	var h [numKinds][]string

	okJSON := []byte(`{"_user_id":"expired-user","n":1}`)
	h[kindExpired] = []string{
		sign([]byte(b64(okJSON)), now.Add(-32*24*time.Hour)),
		sign(compressed(bytes.Repeat(okJSON[:10], 20)), now.Add(-400*24*time.Hour)),
	}

	dot := strings.IndexByte(valid[1:], '.') + 1 // end of the payload part
	for _, i := range []int{1, dot / 2, dot - 1} {
		b := []byte(valid)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		h[kindTampered] = append(h[kindTampered], string(b))
	}
	for _, n := range []int{1, dot / 2, dot + 3, len(valid) - 5, len(valid) - 1} {
		h[kindTruncated] = append(h[kindTruncated], valid[:n])
	}

	big := strings.Repeat("A", m.MaxCookieValueLen+1)
	h[kindOversized] = []string{big, valid + big, strings.Repeat(valid, m.MaxCookieValueLen/len(valid)+1)}

	// Zlib bombs: a few KB that inflate to megabytes, under the cookie
	// length bound so that they reach the inflater.
	for _, n := range []int{2 << 20, 3 << 20} {
		raw := append(append([]byte(`{"a":"`), bytes.Repeat([]byte("a"), n)...), `"}`...)
		c := sign(compressed(raw), now)
		if len(c) >= m.MaxCookieValueLen {
			t.Fatalf("zlib bomb cookie is %d bytes, over MaxCookieValueLen %d", len(c), m.MaxCookieValueLen)
		}
		h[kindBomb] = append(h[kindBomb], c)
	}

	for _, depth := range []int{m.MaxDepth + 1, 10_000, 100_000} {
		raw := []byte(`{"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`)
		c := sign(compressed(raw), now)
		if len(c) >= m.MaxCookieValueLen {
			t.Fatalf("nested cookie (depth %d) is %d bytes, over MaxCookieValueLen", depth, len(c))
		}
		h[kindNested] = append(h[kindNested], c)
	}

	for _, raw := range []string{"{\"a\":\"\xff\"}", "{\"a\":\"\xc3\x28 caf\xe9\"}", "{\"\xed\xa0\x80\":1}"} {
		h[kindBadUTF8] = append(h[kindBadUTF8], sign([]byte(b64([]byte(raw))), now))
	}

	// Each validly signed hostile cookie must fail for the reason claimed.
	for k := kindExpired; k <= kindBadUTF8; k++ {
		for _, c := range h[k] {
			if _, err := m.DecodeCookie(c); !errors.Is(err, kindWant[k]) {
				t.Fatalf("%s cookie: DecodeCookie error %v, want %v", kindNames[k], err, kindWant[k])
			}
		}
	}
	return h
}
