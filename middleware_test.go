package flasksession

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
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
