package flasklogin

import (
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

// discardWriter is a ResponseWriter that keeps only the header, so the
// benchmarks measure the middlewares rather than a recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// BenchmarkLoginRequired compares a request whose session holds a
// logged-in user (basic protection, matching identifier) through
// LoginRequired with the same request through the session middleware
// alone reading "_user_id".
func BenchmarkLoginRequired(b *testing.B) {
	m := flasksession.New("bench-secret")
	lm := New(m)
	r := httptest.NewRequest("GET", "/account", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36")
	cookie, err := m.EncodeCookie(map[string]any{"_user_id": "42", "_fresh": true, "_id": Identifier(r), "csrf_token": "0123456789abcdef0123456789abcdef01234567"})
	if err != nil {
		b.Fatal(err)
	}
	r.Header.Set("Cookie", "session="+cookie)
	var sink string
	run := func(b *testing.B, h http.Handler) {
		b.ReportAllocs()
		w := &discardWriter{h: http.Header{}}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			clear(w.h)
			h.ServeHTTP(w, r)
		}
		if sink != "42" {
			b.Fatalf("handler saw user %q", sink)
		}
	}
	rootOnly := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sink = flasksession.FromContext(r.Context()).GetString("_user_id")
	}))
	loginRequired := m.Middleware(lm.Middleware(lm.LoginRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sink, _ = UserID(r)
	}))))
	b.Run("root-only", func(b *testing.B) { run(b, rootOnly) })
	b.Run("login-required", func(b *testing.B) { run(b, loginRequired) })
	// Both handlers in alternating batches of 10 requests, so that the
	// load of a shared machine weighs on both alike; x-root is the median
	// over the batch pairs of login-required's time over root-only's.
	b.Run("interleaved", func(b *testing.B) {
		b.ReportAllocs()
		w := &discardWriter{h: http.Header{}}
		batch := func(h http.Handler) time.Duration {
			start := time.Now()
			for i := 0; i < 10; i++ {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
			return time.Since(start)
		}
		ratios := make([]float64, 0, b.N/10+1)
		b.ResetTimer()
		for done := 0; done < b.N; done += 10 {
			root := batch(rootOnly)
			ratios = append(ratios, float64(batch(loginRequired))/float64(root))
		}
		b.StopTimer()
		sort.Float64s(ratios)
		b.ReportMetric(ratios[len(ratios)/2], "x-root")
	})
}

var (
	pyTimesOnce sync.Once
	pyTimes     struct {
		IdentifierNs float64 `json:"identifier_ns"`
		DecodeNs     float64 `json:"decode_ns"`
	}
)

// flaskLoginTimes times Flask-Login's _create_identifier and decode_cookie
// on the same inputs with timeit, once per run.
func flaskLoginTimes(b *testing.B) (identNs, decodeNs float64) {
	pyTimesOnce.Do(func() {
		if err := json.Unmarshal(runOracle(b, "timeit", []byte(strconv.Itoa(speedBatch))), &pyTimes); err != nil {
			b.Fatal(err)
		}
	})
	return pyTimes.IdentifierNs, pyTimes.DecodeNs
}

// speedBatch is the number of calls timed together on both sides.
const speedBatch = 1000

// timeBatches runs f b.N times in batches of speedBatch and reports, with
// Flask-Login's time for the same work (py-ns/op, the best of 50 batches
// timed with timeit), the best batch's time per call (best-ns/op) and how
// many times faster it is (speedup): best against best, so that the load
// of a shared machine weighs on both sides alike.
func timeBatches(b *testing.B, pyNs float64, f func()) {
	b.ReportAllocs()
	b.ResetTimer()
	best := time.Duration(math.MaxInt64)
	for done := 0; done < b.N; done += speedBatch {
		start := time.Now()
		for i := 0; i < speedBatch; i++ {
			f()
		}
		best = min(best, time.Since(start))
	}
	b.StopTimer()
	goNs := float64(best.Nanoseconds()) / speedBatch
	b.ReportMetric(goNs, "best-ns/op")
	b.ReportMetric(pyNs, "py-ns/op")
	b.ReportMetric(pyNs/goNs, "speedup")
}

// benchIdentRequests returns speedBatch requests that differ only in the
// User-Agent's version digits, the one at index 120 being the request
// oracle.py times: each call of a batch then hashes a text it has not
// hashed in that batch, as for a client seen for the first time.
func benchIdentRequests() []*http.Request {
	rs := make([]*http.Request, speedBatch)
	for i := range rs {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "203.0.113.9:50123"
		r.Header.Set("User-Agent", fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) Chrome/%03d.0", i))
		rs[i] = r
	}
	return rs
}

// BenchmarkIdentifier times Identifier against Flask-Login's
// _create_identifier on a request of the same size, in the same run.
func BenchmarkIdentifier(b *testing.B) {
	pyNs, _ := flaskLoginTimes(b)
	rs := benchIdentRequests()
	var id string
	i := 0
	timeBatches(b, pyNs, func() {
		id = Identifier(rs[i%speedBatch])
		i++
	})
	if len(id) != 2*sha512.Size {
		b.Fatal(id)
	}
}

// BenchmarkIdentifierFloor is the part of Identifier no Go code can
// shorten: crypto/sha512's Sum512 of a text the size of the one
// Identifier hashes, against the same Flask-Login time. Its speedup is the
// best Identifier could reach here.
func BenchmarkIdentifierFloor(b *testing.B) {
	pyNs, _ := flaskLoginTimes(b)
	var buf [512]byte
	text := appendIdentifierInput(buf[:0], benchIdentRequests()[120])
	var sum [sha512.Size]byte
	timeBatches(b, pyNs, func() { sum = sha512.Sum512(text) })
	if sum == ([sha512.Size]byte{}) {
		b.Fatal("no digest")
	}
}

// benchRememberCookies returns speedBatch remember cookie values under
// key "secret" whose ids have the length of oracle.py's "user-42", so
// that each decode of a batch verifies a value it has not seen in that
// batch.
func benchRememberCookies(b *testing.B) []string {
	values := make([]string, speedBatch)
	for i := range values {
		v, err := EncodeRememberCookie("secret", fmt.Sprintf("user%03d", i))
		if err != nil {
			b.Fatal(err)
		}
		values[i] = v
	}
	return values
}

// BenchmarkDecodeRememberCookie times DecodeRememberCookie against
// Flask-Login's decode_cookie on a value of the same size, in the same
// run.
func BenchmarkDecodeRememberCookie(b *testing.B) {
	_, pyNs := flaskLoginTimes(b)
	values := benchRememberCookies(b)
	ok, i := true, 0
	timeBatches(b, pyNs, func() {
		_, verified := DecodeRememberCookie("secret", values[i%speedBatch])
		ok = ok && verified
		i++
	})
	if !ok {
		b.Fatal("did not verify")
	}
}

// BenchmarkDecodeRememberCookieFloor is the part of DecodeRememberCookie
// no Go code can shorten: HMAC-SHA512 with the key's blocks already hashed
// is two SHA-512 compressions, one over the id's block and one over the
// inner digest's, timed here as two crypto/sha512 Sum512 calls of those
// sizes, against the same Flask-Login time. Its speedup is the best
// DecodeRememberCookie could reach here.
func BenchmarkDecodeRememberCookieFloor(b *testing.B) {
	_, pyNs := flaskLoginTimes(b)
	id := []byte("user-42")
	var sum [sha512.Size]byte
	timeBatches(b, pyNs, func() {
		inner := sha512.Sum512(id)
		sum = sha512.Sum512(inner[:])
	})
	if sum == ([sha512.Size]byte{}) {
		b.Fatal("no digest")
	}
}
