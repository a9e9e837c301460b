package flaskwtf

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

const testKey = "test-secret"

// golden holds tokens made by Flask-WTF's serializer (testdata/golden.py).
type goldenCase struct {
	Key      string `json:"key"`
	Raw      string `json:"raw"`
	SignedAt int64  `json:"signed_at"`
	Token    string `json:"token"`
}

func loadGolden(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Cases []goldenCase }
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g.Cases
}

// frozen returns a Manager and CSRFProtect whose clock reads *now.
func frozen(now *time.Time) (*flasksession.Manager, *CSRFProtect) {
	m := flasksession.New(testKey)
	m.Now = func() time.Time { return *now }
	return m, New(m)
}

// cookieFor returns a session cookie holding values.
func cookieFor(t testing.TB, m *flasksession.Manager, values map[string]any) *http.Cookie {
	t.Helper()
	v, err := m.EncodeCookie(values)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: "session", Value: v}
}

// serve runs req through m.Middleware(wrap(h)) and returns the recorder.
func serve(m *flasksession.Manager, wrap func(http.Handler) http.Handler, h http.HandlerFunc, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	m.Middleware(wrap(h)).ServeHTTP(rec, req)
	return rec
}

// within runs f inside the middlewares for a GET with the given session.
func within(t *testing.T, m *flasksession.Manager, c *CSRFProtect, values map[string]any, f func(r *http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	if values != nil {
		req.AddCookie(cookieFor(t, m, values))
	}
	return serve(m, c.Middleware, func(w http.ResponseWriter, r *http.Request) { f(r) }, req)
}

// formPost builds a urlencoded POST.
func formPost(target, body string) *http.Request {
	req := httptest.NewRequest("POST", target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// sessionOf decodes the session cookie a response set, or nil.
func sessionOf(t *testing.T, m *flasksession.Manager, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	for _, c := range rec.Result().Cookies() {
		if c.Name == "session" {
			v, err := m.DecodeCookie(c.Value)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	return nil
}

var ok = func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

func httptestGet() *http.Request { return httptest.NewRequest("GET", "/", nil) }

func serveHandler(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
