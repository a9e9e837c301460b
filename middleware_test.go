package flasksession

import (
	"bufio"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
)

// commitServer runs h behind a fresh Manager's middleware on a real
// loopback server.
func commitServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *Manager, *errLog) {
	t.Helper()
	m, log := testManager("dev-secret")
	m.Now = time.Now // real cookies: the real clock
	srv := httptest.NewServer(m.Middleware(h))
	t.Cleanup(srv.Close)
	return srv, m, log
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// sessionFrom decodes the session cookie of a response.
func sessionFrom(t *testing.T, m *Manager, res *http.Response) map[string]any {
	t.Helper()
	sc := res.Header.Values("Set-Cookie")
	if len(sc) != 1 {
		t.Fatalf("want exactly one Set-Cookie, got %q", sc)
	}
	c, err := http.ParseSetCookie(sc[0])
	if err != nil {
		t.Fatal(err)
	}
	v, err := m.DecodeCookie(c.Value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCommitHandlerNeverWrites(t *testing.T) {
	srv, m, log := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("user", "u1")
	})
	res := get(t, srv.URL)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := sessionFrom(t, m, res)["user"]; got != "u1" {
		t.Errorf("user = %v", got)
	}
	if res.Header.Get("Vary") != "Cookie" {
		t.Errorf("Vary = %q", res.Header.Get("Vary"))
	}
	if errs := log.all(); len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestCommitFlushBeforeWrite(t *testing.T) {
	srv, m, log := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("a", 1)
		w.(http.Flusher).Flush()
		s.Set("b", 2) // after the commit point: reported, not saved
		io.WriteString(w, "body")
	})
	res := get(t, srv.URL)
	v := sessionFrom(t, m, res)
	if v["a"] != int64(1) || v["b"] != nil {
		t.Errorf("session = %v, want only a", v)
	}
	body, _ := io.ReadAll(res.Body)
	if string(body) != "body" {
		t.Errorf("body %q", body)
	}
	errs := log.all()
	if len(errs) != 1 || !errors.Is(errs[0], ErrModifiedAfterCommit) {
		t.Errorf("errors %v, want one ErrModifiedAfterCommit", errs)
	}
}

func TestCommitEarlyHints(t *testing.T) {
	srv, m, _ := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("a", 1)
		w.Header().Set("Link", "</style.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		s.Set("b", 2) // still before the commit point
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "ok")
	})
	var hints []textproto.MIMEHeader
	var mu sync.Mutex
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		mu.Lock()
		defer mu.Unlock()
		if code == http.StatusEarlyHints {
			hints = append(hints, h)
		}
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", srv.URL, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(hints) != 1 {
		t.Fatalf("got %d 103 responses", len(hints))
	}
	if hints[0].Get("Link") == "" || len(hints[0].Values("Set-Cookie")) != 0 || hints[0].Get("Vary") != "" {
		t.Errorf("103 headers: %v", hints[0])
	}
	v := sessionFrom(t, m, res)
	if v["a"] != int64(1) || v["b"] != int64(2) {
		t.Errorf("session = %v, want a and b", v)
	}
}

func TestCommitHijack(t *testing.T) {
	srv, _, log := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("a", 1)
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		brw.Flush()
	})
	res := get(t, srv.URL)
	body, _ := io.ReadAll(res.Body)
	if string(body) != "hi" || len(res.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("body %q, Set-Cookie %q", body, res.Header.Values("Set-Cookie"))
	}
	errs := log.all()
	if len(errs) != 1 || !errors.Is(errs[0], ErrModifiedAfterCommit) {
		t.Errorf("errors %v, want the lost change reported", errs)
	}
}

func TestCommitStreamingNotBuffered(t *testing.T) {
	firstSeen := make(chan struct{})
	srv, m, _ := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("a", 1)
		io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		select {
		case <-firstSeen: // the client read the first line while we wait
		case <-time.After(5 * time.Second):
			t.Error("client never saw the first chunk: body buffered")
		}
		io.WriteString(w, "second\n")
	})
	res := get(t, srv.URL)
	if v := sessionFrom(t, m, res); v["a"] != int64(1) {
		t.Errorf("session %v", v)
	}
	br := bufio.NewReader(res.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	close(firstSeen)
	rest, _ := io.ReadAll(br)
	if string(rest) != "second\n" {
		t.Errorf("rest %q", rest)
	}
}

func TestCommitResponseController(t *testing.T) {
	srv, m, _ := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("a", 1)
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline: %v", err)
		}
		if err := rc.SetReadDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetReadDeadline: %v", err)
		}
		if err := rc.EnableFullDuplex(); err != nil {
			t.Errorf("EnableFullDuplex: %v", err)
		}
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		FromContext(r.Context()).Set("late", 1)
	})
	res := get(t, srv.URL)
	if v := sessionFrom(t, m, res); v["a"] != int64(1) || v["late"] != nil {
		t.Errorf("session %v: Flush through ResponseController did not commit", v)
	}
}

func TestCommitReadFrom(t *testing.T) {
	srv, m, _ := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("a", 1)
		io.Copy(w, strings.NewReader("copied")) // uses ReadFrom
	})
	res := get(t, srv.URL)
	body, _ := io.ReadAll(res.Body)
	if v := sessionFrom(t, m, res); v["a"] != int64(1) || string(body) != "copied" {
		t.Errorf("session %v body %q", v, body)
	}
}

func TestCommitExactlyOneSetCookie(t *testing.T) {
	srv, _, _ := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("a", 1)
		w.Header().Add("Set-Cookie", "other=1")
		w.WriteHeader(201)
		w.WriteHeader(202) // superfluous: ignored by net/http, must not re-commit
		io.WriteString(w, "x")
		w.(http.Flusher).Flush()
		io.WriteString(w, "y")
	})
	res := get(t, srv.URL)
	n := 0
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "session=") {
			n++
		}
	}
	if n != 1 || res.StatusCode != 201 {
		t.Errorf("%d session cookies, status %d", n, res.StatusCode)
	}
	if vary := res.Header.Values("Vary"); len(vary) != 1 {
		t.Errorf("Vary %q", vary)
	}
}

func TestCommitPanicStillSaves(t *testing.T) {
	m, _ := testManager("dev-secret")
	inner := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Set("a", 1)
		panic("boom")
	}))
	// A recovering middleware outside ours answers 500; Flask saves the
	// session on error responses too (Flask's app.py process_response
	// calls save_session whatever the status).
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				w.WriteHeader(500)
			}
		}()
		inner.ServeHTTP(w, r)
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 500 || len(w.Result().Header.Values("Set-Cookie")) != 1 {
		t.Errorf("status %d, Set-Cookie %q", w.Code, w.Result().Header.Values("Set-Cookie"))
	}
}

func TestCallerRequestNotMutated(t *testing.T) {
	m, _ := testManager("dev-secret")
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", "session=eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0")
	ctx := r.Context()
	var inner *http.Request
	m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r2 *http.Request) {
		inner = r2
		FromContext(r2.Context()).Set("b", 2)
	})).ServeHTTP(httptest.NewRecorder(), r)
	if inner == r {
		t.Error("handler got the caller's *http.Request")
	}
	if r.Context() != ctx || FromContext(r.Context()) != nil {
		t.Error("caller's request context changed")
	}
	if got := r.Header.Get("Cookie"); got != "session=eyJhIjoxfQ.ZVPxAA.TE-YsgGFCpwCffY7vO3X6YOKBN0" || len(r.Header) != 1 {
		t.Errorf("caller's headers changed: %v", r.Header)
	}
}

func TestConcurrentSet(t *testing.T) {
	srv, m, log := commitServer(t, func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 20; j++ {
					s.Set(fmt.Sprintf("k%d", i), j)
					_ = s.GetInt(fmt.Sprintf("k%d", (i+1)%16))
					_ = s.Keys()
				}
				s.Flash(fmt.Sprint(i), "")
			}()
		}
		wg.Wait()
	})
	res := get(t, srv.URL)
	v := sessionFrom(t, m, res)
	for i := 0; i < 16; i++ {
		if v[fmt.Sprintf("k%d", i)] != int64(19) {
			t.Errorf("k%d = %v", i, v[fmt.Sprintf("k%d", i)])
		}
	}
	if fl, _ := v[FlashesKey].([]any); len(fl) != 16 {
		t.Errorf("%d flashes, want 16 (lost updates)", len(fl))
	}
	if errs := log.all(); len(errs) != 0 {
		t.Errorf("errors %v", errs)
	}
}

func TestConcurrentAfterCommitReported(t *testing.T) {
	done := make(chan struct{})
	_, log := testManager("dev-secret")
	m, _ := testManager("dev-secret")
	m.ErrorHandler = log.handler
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		io.WriteString(w, "x")
		go func() {
			s.Set("late", 1)
			close(done)
		}()
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	<-done
	if errs := log.all(); len(errs) != 1 || !errors.Is(errs[0], ErrModifiedAfterCommit) {
		t.Errorf("errors %v", errs)
	}
}

func TestSaveCommitsTheSession(t *testing.T) {
	m, log := testManager("dev-secret")
	r := httptest.NewRequest("GET", "/", nil)
	s, err := m.Open(r)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Set("a", int64(1))
	if err := m.Save(w, s); err != nil {
		t.Fatal(err)
	}
	s.Set("b", int64(2)) // too late: the header is already built
	errs := log.all()
	if len(errs) != 1 || !errors.Is(errs[0], ErrModifiedAfterCommit) {
		t.Fatalf("change after Save reported %v, want one ErrModifiedAfterCommit", errs)
	}
	if err := m.Save(w, s); !errors.Is(err, ErrModifiedAfterCommit) {
		t.Fatalf("second Save = %v, want ErrModifiedAfterCommit", err)
	}
	if n := len(w.Header().Values("Set-Cookie")); n != 1 {
		t.Fatalf("%d Set-Cookie headers after two Saves, want 1", n)
	}
}
func TestExplicitSaveInsideMiddlewareWritesOneCookie(t *testing.T) {
	m, log := testManager("dev-secret")
	w := serve(t, m, "", func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("a", int64(1))
		if err := m.Save(w, s); err != nil {
			t.Error(err)
		}
	})
	if n := len(w.Result().Header.Values("Set-Cookie")); n != 1 {
		t.Fatalf("%d Set-Cookie headers, want 1", n)
	}
	if errs := log.all(); len(errs) != 0 {
		t.Fatalf("reported %v, want nothing", errs)
	}
}
func TestSameMiddlewareTwiceSavesOnce(t *testing.T) {
	m, _ := testManager("dev-secret")
	perm, err := m.EncodeCookie(map[string]any{PermanentKey: true, "n": int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	inner := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := FromContext(r.Context())
		s.Set("n", s.GetInt("n")+1)
	}))
	w := serve(t, m, "session="+perm, inner.ServeHTTP) // serve wraps it once more
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("%d Set-Cookie headers, want 1", len(cookies))
	}
	got, err := m.DecodeCookie(cookies[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	if got["n"] != int64(2) {
		t.Fatalf("saved n = %v, want 2", got["n"])
	}
}

// frozen is the vectors' clock: 1700000000.75 (2023-11-14T22:13:20.75Z).
var frozen = time.Unix(1700000000, 750_000_000)

func frozenNow() time.Time { return frozen }

// errLog collects what a Manager reports.
type errLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errLog) handler(_ *http.Request, err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *errLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// testManager returns a Manager with the vectors' key and clock whose
// errors go to the returned log.
func testManager(secret string) (*Manager, *errLog) {
	m := New(secret)
	m.Now = frozenNow
	log := &errLog{}
	m.ErrorHandler = log.handler
	return m, log
}

// serve sends one request with the given Cookie header (none if empty)
// through m's middleware to h and returns the recorded response.
func serve(t testing.TB, m *Manager, cookieHeader string, h http.HandlerFunc) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest("GET", "/", nil)
	if cookieHeader != "" {
		r.Header.Set("Cookie", cookieHeader)
	}
	w := httptest.NewRecorder()
	m.Middleware(h).ServeHTTP(w, r)
	return w
}

func digestByName(t testing.TB, name string) func() hash.Hash {
	switch name {
	case "sha1":
		return sha1.New
	case "sha256":
		return sha256.New
	case "sha512":
		return sha512.New
	}
	t.Fatalf("unknown digest %q", name)
	return nil
}

func TestClockSkew(t *testing.T) {
	ahead := New("dev-secret")
	ahead.Now = func() time.Time { return frozen.Add(3 * time.Second) } // a Flask host whose clock runs 3 s ahead
	cookie, err := ahead.EncodeCookie(map[string]any{"_user_id": "42"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		skew     time.Duration
		wantUser string
		wantErr  error
	}{
		{"no skew: a cookie 3 s in the future is rejected, as Flask does", 0, "", itsdangerous.ErrSignatureExpired},
		{"skew 2 s is not enough for 3 s", 2 * time.Second, "", itsdangerous.ErrSignatureExpired},
		{"skew 5 s accepts it", 5 * time.Second, "42", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, log := testManager("dev-secret")
			m.ClockSkew = tt.skew
			var got string
			serve(t, m, "session="+cookie, func(w http.ResponseWriter, r *http.Request) {
				got = FromContext(r.Context()).GetString("_user_id")
			})
			if got != tt.wantUser {
				t.Errorf("_user_id = %q, want %q", got, tt.wantUser)
			}
			errs := log.all()
			switch {
			case tt.wantErr == nil && len(errs) != 0:
				t.Errorf("reported %v, want nothing", errs)
			case tt.wantErr != nil && (len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) || !errors.Is(errs[0], ErrInvalidCookie)):
				t.Errorf("reported %v, want one ErrInvalidCookie wrapping %v", errs, tt.wantErr)
			}
		})
	}
}

func TestNegativeClockSkewIsAConfigError(t *testing.T) {
	m := New("k")
	m.ClockSkew = -time.Second
	if err := m.Validate(); !errors.Is(err, ErrConfig) {
		t.Fatalf("Validate() = %v, want ErrConfig", err)
	}
}
