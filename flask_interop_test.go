package flasksession_test

// Live interop with a real Flask 3.1 app: one browser-like cookie jar
// carries the session between the Flask development server and the Go
// middleware, both on 127.0.0.1 (cookies ignore the port), and each side
// must read what the other wrote, with the same Python types.

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/flaskapp"
	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

// TestMain says once, without -v, when the interop tests were skipped.
func TestMain(m *testing.M) { interop.Main(m) }

const (
	interopOldKey = "interop old secret key"
	interopNewKey = "interop new secret key"
)

// interopEnv is the set of servers the interop test talks to.
type interopEnv struct {
	// flaskNew has rotated to the new key and still accepts the old one.
	flaskNew *flaskapp.Server
	// flaskOld knows only the old key.
	flaskOld *flaskapp.Server
	// goNew has rotated to the new key and still accepts the old one.
	goNew *goSide
	// goOld knows only the old key.
	goOld *goSide
	// flaskEnv is configured by interopEnvVars through from_prefixed_env.
	flaskEnv *flaskapp.Server
	// flaskOpts is configured by cookieOptionVars through from_prefixed_env.
	flaskOpts *flaskapp.Server
}

// cookieOptionVars are SESSION_COOKIE_* settings whose rendering in
// Set-Cookie has rules of its own (Werkzeug's sansio/http.py dump_cookie):
// the domain's port and leading dot dropped and IDNA applied with ASCII case
// kept, the path percent-quoted, SameSite title-cased, Partitioned forcing
// Secure.
const cookieOptionPrefix = "FSOPTS"

var cookieOptionVars = map[string]string{
	"SECRET_KEY":                 "interop options secret key",
	"SESSION_COOKIE_NAME":        "my_sess",
	"SESSION_COOKIE_DOMAIN":      ".B\u00fccher.Example:8080",
	"SESSION_COOKIE_PATH":        "/a b;c",
	"SESSION_COOKIE_SAMESITE":    "none",
	"SESSION_COOKIE_PARTITIONED": "true",
}

// interopEnvPrefix and interopEnvVars are a deployment configuration that
// both Flask's app.config.from_prefixed_env and flasksession.FromEnv read.
// (No Secure or Partitioned: the cookie jar would not send such a cookie
// over plain HTTP.)
const interopEnvPrefix = "FSINTEROP"

var interopEnvVars = map[string]string{
	"SECRET_KEY":                   "interop env secret key",
	"SECRET_KEY_FALLBACKS":         `["` + interopOldKey + `"]`,
	"SESSION_COOKIE_NAME":          "sid",
	"SESSION_COOKIE_SAMESITE":      "lax",
	"SESSION_COOKIE_HTTPONLY":      "false",
	"SESSION_COOKIE_PATH":          "/",
	"PERMANENT_SESSION_LIFETIME":   "600",
	"SESSION_REFRESH_EACH_REQUEST": "false",
}

func startInterop(t *testing.T) *interopEnv {
	t.Helper()
	py := interop.Python(t)
	var env, optsEnv []string
	for k, v := range interopEnvVars {
		env = append(env, interopEnvPrefix+"_"+k+"="+v)
	}
	for k, v := range cookieOptionVars {
		optsEnv = append(optsEnv, cookieOptionPrefix+"_"+k+"="+v)
	}
	cfgs := []flaskapp.Config{
		{SecretKey: interopNewKey, SecretKeyFallbacks: []string{interopOldKey}},
		{SecretKey: interopOldKey},
		{EnvPrefix: interopEnvPrefix, Env: env},
		{EnvPrefix: cookieOptionPrefix, Env: optsEnv},
	}
	servers := make([]*flaskapp.Server, len(cfgs))
	errs := make([]error, len(cfgs))
	var wg sync.WaitGroup
	for i, cfg := range cfgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Not a cancellable context: Close, at cleanup, stops the process.
			servers[i], errs[i] = flaskapp.Start(context.Background(), py, cfg)
		}()
	}
	wg.Wait()
	for i, s := range servers {
		if s == nil {
			continue
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("stderr of Flask app %d:\n%s", i, s.Stderr())
			}
			s.Close()
		})
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("starting Flask: %v", err)
	}
	newGo := flasksession.New(interopNewKey)
	newGo.SecretKeyFallbacks = []string{interopOldKey}
	return &interopEnv{
		flaskNew:  servers[0],
		flaskOld:  servers[1],
		flaskEnv:  servers[2],
		flaskOpts: servers[3],
		goNew:     newGoSide(t, newGo),
		goOld:     newGoSide(t, flasksession.New(interopOldKey)),
	}
}

// goSide is the Go middleware on an httptest.Server. Each request runs an
// action registered by the test and records the errors the Manager reports
// for it.
type goSide struct {
	m       *flasksession.Manager
	srv     *httptest.Server
	nextID  atomic.Int64
	actions sync.Map // id -> func(*flasksession.Session)

	mu   sync.Mutex
	errs map[string][]error // request path -> reported errors
}

// newGoSide serves m's middleware. It sets m.ErrorHandler, which takes
// effect only if m has not built its state yet (FromEnv's Manager has).
func newGoSide(t *testing.T, m *flasksession.Manager) *goSide {
	g := &goSide{m: m, errs: map[string][]error{}}
	m.ErrorHandler = func(r *http.Request, err error) {
		g.mu.Lock()
		defer g.mu.Unlock()
		key := ""
		if r != nil {
			key = r.URL.Path
		}
		g.errs[key] = append(g.errs[key], err)
	}
	g.srv = httptest.NewServer(m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/run/")
		f, ok := g.actions.LoadAndDelete(id)
		if !ok {
			http.Error(w, "no action "+id, http.StatusNotFound)
			return
		}
		f.(func(*flasksession.Session))(flasksession.FromContext(r.Context()))
		io.WriteString(w, "done\n")
	})))
	t.Cleanup(g.srv.Close)
	return g
}

// goResult is what one request to the Go side produced.
type goResult struct {
	resp *http.Response
	errs []error // reported to the Manager's error hook
}

// run sends one request from b to the Go side, in which f gets the session.
func (g *goSide) run(t *testing.T, b *browser, f func(s *flasksession.Session)) goResult {
	t.Helper()
	id := fmt.Sprint(g.nextID.Add(1))
	done := make(chan struct{})
	g.actions.Store(id, func(s *flasksession.Session) {
		defer close(done)
		f(s)
	})
	resp, body := b.do("GET", g.srv.URL+"/run/"+id, nil)
	select {
	case <-done:
	default:
		t.Fatalf("Go action did not run: %s", body)
	}
	g.mu.Lock()
	errs := g.errs["/run/"+id]
	g.mu.Unlock()
	return goResult{resp: resp, errs: errs}
}

// browser is one user agent: a client with its own cookie jar.
type browser struct {
	t   *testing.T
	c   *http.Client
	jar *cookiejar.Jar
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}, jar: jar}
}

// do sends a request (body, if non-nil, as JSON) and fails the test unless
// the answer is 200.
func (b *browser) do(method, u string, body any) (*http.Response, []byte) {
	b.t.Helper()
	resp, data := b.doStatus(method, u, body)
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s %s: %s\n%s", method, u, resp.Status, data)
	}
	return resp, data
}

// doStatus is do for any status.
func (b *browser) doStatus(method, u string, body any) (*http.Response, []byte) {
	b.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			b.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, data
}

// flaskValues is a Flask JSON answer holding the session's typed description.
type flaskValues struct {
	Values flaskapp.Session `json:"values"`
}

// dump returns Flask's typed description of the session.
func (b *browser) dump(f *flaskapp.Server) flaskapp.Session {
	b.t.Helper()
	_, data := b.do("GET", f.URL+"/dump", nil)
	var out flaskValues
	if err := json.Unmarshal(data, &out); err != nil {
		b.t.Fatalf("/dump: %v: %s", err, data)
	}
	return out.Values
}

// set has Flask store the Go values (described as Python values) in the
// session, and returns the resulting description.
func (b *browser) set(f *flaskapp.Server, values map[string]any) flaskapp.Session {
	b.t.Helper()
	_, data := b.do("POST", f.URL+"/set", flaskapp.Describe(values))
	var out flaskValues
	if err := json.Unmarshal(data, &out); err != nil {
		b.t.Fatalf("/set: %v: %s", err, data)
	}
	return out.Values
}

// setCookie puts a session cookie value into the jar, as a browser that
// had received it would hold it.
func (b *browser) setCookie(value string) { b.setCookieNamed("session", value) }

func (b *browser) setCookieNamed(name, value string) {
	u, _ := url.Parse("http://127.0.0.1/")
	b.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// forge has Flask sign body (see flaskapp's /forge) and returns the cookie.
func (b *browser) forge(f *flaskapp.Server, body map[string]any) string {
	b.t.Helper()
	_, data := b.do("POST", f.URL+"/forge", body)
	var forged struct{ Cookie string }
	if err := json.Unmarshal(data, &forged); err != nil || forged.Cookie == "" {
		b.t.Fatalf("/forge: %v: %s", err, data)
	}
	return forged.Cookie
}

// cookie returns the session cookie value the jar holds, or "".
func (b *browser) cookie() string {
	u, _ := url.Parse("http://127.0.0.1/")
	for _, c := range b.jar.Cookies(u) {
		if c.Name == "session" {
			return c.Value
		}
	}
	return ""
}

// sessionSetCookie returns the session Set-Cookie of resp, or nil.
func sessionSetCookie(resp *http.Response) (*http.Cookie, string) {
	return setCookieNamed(resp, "session")
}

// setCookieNamed returns the Set-Cookie of resp for the named cookie, or nil.
func setCookieNamed(resp *http.Response, name string) (*http.Cookie, string) {
	for _, line := range resp.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == name {
			return c, line
		}
	}
	return nil, ""
}

// normCookie parses a Set-Cookie line and blanks what legitimately differs
// between two servers (the value, the Expires date), keeping whether there
// is a value and whether Expires is the epoch (a deletion) or another date.
func normCookie(t *testing.T, side, line string) http.Cookie {
	t.Helper()
	c, err := http.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("%s Set-Cookie %q: %v", side, line, err)
	}
	if c.Value != "" {
		c.Value = "<value>"
	}
	hasExpires := !c.Expires.IsZero()
	c.Expires, c.RawExpires, c.Raw = time.Time{}, "", ""
	if hasExpires {
		c.RawExpires = "<set>"
		if c.Expires.Unix() == 0 {
			c.RawExpires = "<epoch>"
		}
	}
	return *c
}

// expiresIn reports how far in the future a Set-Cookie's Expires is.
func expiresIn(c *http.Cookie) time.Duration { return time.Until(c.Expires) }

// valuesCmp compares decoded session values: NaN equals NaN, big ints and
// times by value.
var valuesCmp = cmp.Options{
	cmpopts.EquateNaNs(),
	cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }),
	cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

func bigInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return n
}

// everyTaggedType is a session holding every tagged type and the JSON
// types, each in the Go form tagjson decodes it to.
func everyTaggedType() map[string]any {
	id := tagjson.UUID{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x0f, 0xed, 0xcb, 0xa9, 0x87, 0x65, 0x43, 0x21}
	return map[string]any{
		"tuple":        tagjson.Tuple{int64(1), "two", tagjson.Tuple{}},
		"bytes":        []byte{0, 1, 2, 0xfe, 0xff},
		"empty bytes":  []byte{},
		"markup":       tagjson.Markup("<b>bold</b> & co"),
		"uuid":         id,
		"datetime":     time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC),
		"nested":       map[string]any{"list": []any{tagjson.Tuple{"a", []byte("b")}, map[string]any{"u": id}}, "m": tagjson.Markup("<i>")},
		"tag-like key": map[string]any{" t": "a dict whose only key looks like a tag"},
		"int":          int64(42),
		"max int64":    int64(math.MaxInt64),
		"min int64":    int64(math.MinInt64),
		"2**100":       bigInt("1267650600228229401496703205376"),
		"-2**70":       bigInt("-1180591620717411303424"),
		"float 1.0":    1.0,
		"float 0.1":    0.1,
		"float 1e16":   1e16,
		"float tiny":   5e-324,
		"float -0.0":   math.Copysign(0, -1),
		"nan":          math.NaN(),
		"inf":          math.Inf(1),
		"-inf":         math.Inf(-1),
		"unicode":      "h\u00e9llo \U0001F600 \u2028 \"quoted\" \\",
		"none":         nil,
		"true":         true,
		"false":        false,
		"empty list":   []any{},
		"empty dict":   map[string]any{},
		"counter":      int64(1),
	}
}

func TestFlaskInterop(t *testing.T) {
	env := startInterop(t)
	for _, c := range []struct {
		name string
		test func(*testing.T, *interopEnv)
	}{
		{"login on Flask, read Flask-Login keys in Go", interopLogin},
		{"Go changes one key, Flask reads every other value with its type", interopGoChangesOneKey},
		{"values set in Go reach Flask with the right Python types", interopGoValues},
		{"flashes both ways", interopFlashes},
		{"permanent sessions", interopPermanent},
		{"key rotation", interopKeyRotation},
		{"same values in the same second give the same cookie bytes", interopSameBytes},
		{"compressed sessions both ways", interopCompressed},
		{"Set-Cookie attributes agree", interopSetCookieAttributes},
		{"validly signed payloads: what loads and what does not", interopSignedPayloads},
		{"datetime strings load as Flask loads them", interopDatetimeStrings},
		{"lone surrogates survive a Go write", interopLoneSurrogates},
		{"a counter shared by both sides, many browsers at once", interopSharedCounter},
		{"cookie options from the environment render alike", interopCookieOptions},
		{"configuration from the environment agrees", interopFromEnv},
		{"expiry", interopExpiry},
	} {
		t.Run(c.name, func(t *testing.T) { c.test(t, env) })
	}
}

// interopLogin checks: login on Flask, read Flask-Login keys in Go.
func interopLogin(t *testing.T, env *interopEnv) {
	b := newBrowser(t)
	_, data := b.do("POST", env.flaskNew.URL+"/login?user=alice", nil)
	var login flaskValues
	if err := json.Unmarshal(data, &login); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	res := env.goNew.run(t, b, func(s *flasksession.Session) {
		got = s.Values()
		if s.GetString("_user_id") != "alice" || !s.GetBool("_fresh") {
			t.Errorf("Go reads _user_id %q, _fresh %v; want alice, true", s.GetString("_user_id"), s.GetBool("_fresh"))
		}
	})
	for key, pattern := range map[string]string{"_id": `^[0-9a-f]{128}$`, "csrf_token": `^[0-9a-f]{40}$`} {
		if s, _ := got[key].(string); !regexp.MustCompile(pattern).MatchString(s) {
			t.Errorf("Go reads %s = %#v, want a string matching %s", key, got[key], pattern)
		}
	}
	want, err := login.Values.Go()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, valuesCmp); diff != "" {
		t.Errorf("Go's session differs from Flask's (-flask +go):\n%s", diff)
	}
	if c, line := sessionSetCookie(res.resp); c != nil {
		t.Errorf("reading a non-permanent session sent a cookie: %s", line)
	}
	if v := res.resp.Header.Values("Vary"); len(v) != 1 || v[0] != "Cookie" {
		t.Errorf("Vary = %q, want one Cookie", v)
	}
	if len(res.errs) > 0 {
		t.Errorf("Go reported errors: %v", res.errs)
	}
}

// interopGoChangesOneKey checks: Go changes one key, Flask reads every other value with its type.
func interopGoChangesOneKey(t *testing.T, env *interopEnv) {
	b := newBrowser(t)
	values := everyTaggedType()
	sent := flaskapp.Describe(values)
	before := b.set(env.flaskNew, values)
	if diff := cmp.Diff(sent, before); diff != "" {
		t.Fatalf("Flask stored other values than sent (-sent +stored):\n%s", diff)
	}
	if diff := cmp.Diff(before, b.dump(env.flaskNew)); diff != "" {
		t.Fatalf("Flask's cookie round trip changed values (-before +after):\n%s", diff)
	}
	var got map[string]any
	res := env.goNew.run(t, b, func(s *flasksession.Session) {
		got = s.Values()
		s.Set("counter", s.GetInt("counter")+1)
	})
	if diff := cmp.Diff(values, got, valuesCmp); diff != "" {
		t.Errorf("Go decodes Flask's session differently (-want +got):\n%s", diff)
	}
	if c, line := sessionSetCookie(res.resp); c == nil || !c.Expires.IsZero() || c.Path != "/" || !c.HttpOnly {
		t.Errorf("Go's Set-Cookie after a change = %q, want a session cookie without Expires", line)
	}
	if len(res.errs) > 0 {
		t.Errorf("Go reported errors: %v", res.errs)
	}
	want := maps.Clone(before)
	want["counter"] = map[string]any{"t": "int", "v": "2"}
	if diff := cmp.Diff(want, b.dump(env.flaskNew)); diff != "" {
		t.Errorf("Flask reads Go's cookie differently (-want +got):\n%s", diff)
	}
}

// interopGoValues checks: values set in Go reach Flask with the right Python types.
func interopGoValues(t *testing.T, env *interopEnv) {
	b := newBrowser(t)
	values := everyTaggedType()
	// Go types without a decoded form of their own.
	values["go int"] = int(-7)
	values["go int8"] = int8(-128)
	values["go uint64"] = uint64(math.MaxUint64)
	values["go list of tuples"] = []any{tagjson.Tuple{"x", 1}, tagjson.Tuple{}}
	want := flaskapp.Describe(values)
	// Flask keeps whole seconds in UTC.
	local := time.Date(2030, 1, 2, 3, 4, 5, 999_999_999, time.FixedZone("", 3600))
	values["time with zone and ns"] = local
	want["time with zone and ns"] = map[string]any{"t": "datetime", "v": "2030-01-02T02:04:05+00:00"}
	res := env.goNew.run(t, b, func(s *flasksession.Session) {
		for k, v := range values {
			s.Set(k, v)
		}
	})
	if len(res.errs) > 0 {
		t.Errorf("Go reported errors: %v", res.errs)
	}
	if diff := cmp.Diff(want, b.dump(env.flaskNew)); diff != "" {
		t.Errorf("Flask reads Go's values as other Python values (-want +got):\n%s", diff)
	}
}

// interopFlashes checks: flashes both ways.
func interopFlashes(t *testing.T, env *interopEnv) {
	flaskFlashes := []struct {
		Message  string `json:"message"`
		Category string `json:"category"`
		Markup   bool   `json:"markup"`
	}{
		{"Hello", "", false},
		{"Bad password", "error", false},
		{"<em>Saved</em>", "warning", true},
	}
	cases := []struct {
		name   string
		filter []string
		want   []flasksession.Flash
	}{
		{"all categories", nil, []flasksession.Flash{
			{Category: "message", Message: "Hello"},
			{Category: "error", Message: "Bad password"},
			{Category: "warning", Message: "<em>Saved</em>", Markup: true},
		}},
		{"filtered", []string{"warning", "err"}, []flasksession.Flash{
			{Category: "warning", Message: "<em>Saved</em>", Markup: true},
		}},
	}
	for _, tc := range cases {
		t.Run("Flask to Go, "+tc.name, func(t *testing.T) {
			b := newBrowser(t)
			b.do("POST", env.flaskNew.URL+"/login?user=bob", nil)
			for _, f := range flaskFlashes {
				b.do("POST", env.flaskNew.URL+"/flash", f)
			}
			var got []flasksession.Flash
			env.goNew.run(t, b, func(s *flasksession.Session) { got = s.Flashes(tc.filter...) })
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Go's Flashes(%q) (-want +got):\n%s", tc.filter, diff)
			}
			// Taking them (any filter) removed them all, as in Flask; the rest stays.
			after := b.dump(env.flaskNew)
			if _, ok := after["_flashes"]; ok || after["_user_id"]["v"] != "bob" {
				t.Errorf("after Go took the flashes Flask's session is %v, want _user_id and no _flashes", after)
			}
		})
	}

	type pyFlash struct {
		Category string         `json:"category"`
		Message  map[string]any `json:"message"`
	}
	type pyFlashes struct {
		Flashes []pyFlash `json:"flashes"`
	}
	goCases := []struct {
		name  string
		query string
		want  []pyFlash
	}{
		{"all categories", "", []pyFlash{
			{"message", map[string]any{"t": "str", "v": "from Go"}},
			{"info", map[string]any{"t": "str", "v": "caf\u00e9"}},
			{"warning", map[string]any{"t": "markup", "v": "<b>safe</b>"}},
		}},
		{"filtered", "?category=info&category=warning", []pyFlash{
			{"info", map[string]any{"t": "str", "v": "caf\u00e9"}},
			{"warning", map[string]any{"t": "markup", "v": "<b>safe</b>"}},
		}},
	}
	for _, tc := range goCases {
		t.Run("Go to Flask, "+tc.name, func(t *testing.T) {
			b := newBrowser(t)
			env.goNew.run(t, b, func(s *flasksession.Session) {
				s.Flash("from Go", "")
				s.Flash("caf\u00e9", "info")
				s.FlashMarkup("<b>safe</b>", "warning")
			})
			_, data := b.do("GET", env.flaskNew.URL+"/flashes"+tc.query, nil)
			var got pyFlashes
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got.Flashes); diff != "" {
				t.Errorf("Flask's get_flashed_messages (-want +got):\n%s", diff)
			}
			// Flask deleted the cookie (flashes were the only key); Go sees nothing left.
			var left []flasksession.Flash
			var n int
			env.goNew.run(t, b, func(s *flasksession.Session) { left, n = s.Flashes(), s.Len() })
			if len(left) != 0 || n != 0 {
				t.Errorf("after Flask took the flashes Go sees %v and %d keys", left, n)
			}
		})
	}
}

// interopPermanent checks: permanent sessions.
func interopPermanent(t *testing.T, env *interopEnv) {
	lifetime := flasksession.DefaultLifetime
	checkExpires := func(t *testing.T, side string, resp *http.Response) {
		t.Helper()
		c, line := sessionSetCookie(resp)
		if c == nil {
			t.Errorf("%s sent no session cookie for a permanent session", side)
			return
		}
		if strings.Contains(line, "Max-Age") {
			t.Errorf("%s sent Max-Age: %s", side, line)
		}
		want := time.Now().Add(lifetime)
		if d := c.Expires.Sub(want); d < -5*time.Second || d > 5*time.Second {
			t.Errorf("%s cookie Expires = %v, want about now + %v (%v): %s", side, c.Expires, lifetime, want, line)
		}
	}
	t.Run("set in Flask, refreshed by Go", func(t *testing.T) {
		b := newBrowser(t)
		resp, _ := b.do("POST", env.flaskNew.URL+"/permanent?value=1", nil)
		checkExpires(t, "Flask", resp)
		var perm bool
		res := env.goNew.run(t, b, func(s *flasksession.Session) { perm = s.Permanent() })
		if !perm {
			t.Error("Go reads the Flask session as not permanent")
		}
		checkExpires(t, "Go (refresh)", res.resp)
		// A Go request that never touches the session refreshes it too.
		res = env.goNew.run(t, b, func(*flasksession.Session) {})
		checkExpires(t, "Go (untouched)", res.resp)
		if got := b.dump(env.flaskNew)["_permanent"]; got["t"] != "bool" || got["v"] != true {
			t.Errorf("Flask reads _permanent = %+v after Go's refresh, want bool true", got)
		}
	})
	t.Run("set in Go, refreshed by Flask", func(t *testing.T) {
		b := newBrowser(t)
		res := env.goNew.run(t, b, func(s *flasksession.Session) {
			s.SetPermanent(true)
			s.Set("user", "carol")
		})
		checkExpires(t, "Go", res.resp)
		resp, _ := b.do("GET", env.flaskNew.URL+"/health", nil)
		checkExpires(t, "Flask (untouched)", resp)
		got := b.dump(env.flaskNew)
		want := flaskapp.Session{"_permanent": {"t": "bool", "v": true}, "user": {"t": "str", "v": "carol"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Flask reads Go's permanent session (-want +got):\n%s", diff)
		}
	})
	t.Run("made non-permanent in Flask, Go stops refreshing", func(t *testing.T) {
		b := newBrowser(t)
		env.goNew.run(t, b, func(s *flasksession.Session) { s.SetPermanent(true) })
		resp, _ := b.do("POST", env.flaskNew.URL+"/permanent?value=0", nil)
		if c, line := sessionSetCookie(resp); c == nil || !c.Expires.IsZero() {
			t.Errorf("Flask's Set-Cookie for permanent=False = %q, want one without Expires", line)
		}
		res := env.goNew.run(t, b, func(s *flasksession.Session) {
			if s.Permanent() {
				t.Error("Go reads permanent after Flask set it False")
			}
		})
		if c, line := sessionSetCookie(res.resp); c != nil {
			t.Errorf("Go re-sent a non-permanent, unmodified session: %s", line)
		}
	})
}

// interopKeyRotation checks: key rotation.
func interopKeyRotation(t *testing.T, env *interopEnv) {
	strictNew := flasksession.New(interopNewKey)
	strictOld := flasksession.New(interopOldKey)
	signedWith := func(t *testing.T, cookie string) string {
		t.Helper()
		_, errNew := strictNew.DecodeCookie(cookie)
		_, errOld := strictOld.DecodeCookie(cookie)
		switch {
		case errNew == nil && errOld != nil:
			return "new"
		case errOld == nil && errNew != nil:
			return "old"
		}
		t.Fatalf("cookie verifies with new key: %v, old key: %v", errNew, errOld)
		return ""
	}
	t.Run("Flask on the old key, Go rotated", func(t *testing.T) {
		b := newBrowser(t)
		b.set(env.flaskOld, map[string]any{"a": "from old Flask"})
		if k := signedWith(t, b.cookie()); k != "old" {
			t.Fatalf("old Flask signed with the %s key", k)
		}
		res := env.goNew.run(t, b, func(s *flasksession.Session) {
			if got := s.GetString("a"); got != "from old Flask" {
				t.Errorf("Go (fallback old key) reads a = %q", got)
			}
			s.Set("b", "from Go")
		})
		if len(res.errs) > 0 {
			t.Errorf("Go reported errors: %v", res.errs)
		}
		if k := signedWith(t, b.cookie()); k != "new" {
			t.Errorf("Go signed with the %s key, want the new SecretKey", k)
		}
		want := flaskapp.Session{"a": {"t": "str", "v": "from old Flask"}, "b": {"t": "str", "v": "from Go"}}
		if diff := cmp.Diff(want, b.dump(env.flaskNew)); diff != "" {
			t.Errorf("rotated Flask reads Go's write (-want +got):\n%s", diff)
		}
		if got := b.dump(env.flaskOld); len(got) != 0 {
			t.Errorf("Flask on the old key alone reads a new-key cookie: %v", got)
		}
	})
	t.Run("Go on the old key, Flask rotated", func(t *testing.T) {
		b := newBrowser(t)
		env.goOld.run(t, b, func(s *flasksession.Session) { s.Set("a", "from old Go") })
		if k := signedWith(t, b.cookie()); k != "old" {
			t.Fatalf("old Go signed with the %s key", k)
		}
		b.set(env.flaskNew, map[string]any{"b": "from Flask"})
		if k := signedWith(t, b.cookie()); k != "new" {
			t.Errorf("rotated Flask signed with the %s key", k)
		}
		var got map[string]any
		res := env.goNew.run(t, b, func(s *flasksession.Session) { got = s.Values() })
		if diff := cmp.Diff(map[string]any{"a": "from old Go", "b": "from Flask"}, got); diff != "" {
			t.Errorf("rotated Go reads rotated Flask's write (-want +got):\n%s", diff)
		}
		if len(res.errs) > 0 {
			t.Errorf("Go reported errors: %v", res.errs)
		}
		var n int
		res = env.goOld.run(t, b, func(s *flasksession.Session) { n = s.Len() })
		if n != 0 {
			t.Errorf("Go on the old key alone reads %d keys from a new-key cookie", n)
		}
		if len(res.errs) != 1 || !errors.Is(res.errs[0], flasksession.ErrInvalidCookie) || !errors.Is(res.errs[0], itsdangerous.ErrBadSignature) {
			t.Errorf("Go on the old key reported %v, want one ErrInvalidCookie wrapping a bad signature", res.errs)
		}
	})
}

// interopSameBytes checks: same values in the same second give the same cookie bytes.
func interopSameBytes(t *testing.T, env *interopEnv) {
	id := sha512.Sum512([]byte("alice"))
	csrf := sha1.Sum([]byte("alice"))
	login := map[string]any{
		"_user_id": "42", "_fresh": true, "_id": hex.EncodeToString(id[:]), "csrf_token": hex.EncodeToString(csrf[:]),
	}
	cases := []struct {
		name       string
		values     map[string]any
		compressed string         // "yes", "no", or "" for either
		decoded    map[string]any // what loads back, if not values
	}{
		{"Flask-Login session", login, "", nil},
		{"every tagged type", everyTaggedType(), "yes", nil},
		{"compressible", map[string]any{"big": strings.Repeat("flask ", 500)}, "yes", nil},
		{"incompressible", map[string]any{"k": "v"}, "no", nil},
		{"empty", map[string]any{}, "no", nil},
		{"only key looks like a tag", map[string]any{" t": []any{"a"}}, "no", nil},
		{"keys sorted by code point", map[string]any{"\uffff": int64(1), "\U0001F600": int64(2), "a": int64(3), "B": int64(4), "\u00e9": int64(5)}, "", nil},
		{"floats and ints", map[string]any{"f": []any{1.0, 0.1, 1e16, 1e-05, 5e-324, math.Copysign(0, -1), math.NaN(), math.Inf(-1)},
			"i": []any{int64(-1), bigInt("18446744073709551616"), bigInt("-1180591620717411303424")}}, "", nil},
		{"tags", map[string]any{"t": tagjson.Tuple{[]byte("\x00\xff"), tagjson.Markup("<b>"), tagjson.UUID{1},
			time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}}, "", nil},
		{"escapes", map[string]any{"s": "\"\\\n\x7f\u2028\U0001F600</script>&'"}, "", nil},
		{"datetimes at the edges of Python's range", map[string]any{"t": []any{time.Time{}, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}, "",
			// Python reads the year 0001 back as 2001 (two-digit-year window).
			map[string]any{"t": []any{time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t)
			desc := flaskapp.Describe(tc.values)
			_, data := b.do("POST", env.flaskNew.URL+"/forge", map[string]any{"values": desc, "age": 0})
			var forged struct {
				Cookie   string
				SignedAt int64 `json:"signed_at"`
			}
			if err := json.Unmarshal(data, &forged); err != nil {
				t.Fatal(err)
			}
			m := flasksession.New(interopNewKey)
			m.Now = func() time.Time { return time.Unix(forged.SignedAt, 0) }
			got, err := m.EncodeCookie(tc.values)
			if err != nil {
				t.Fatal(err)
			}
			// The JSON inside first: a difference there is a real
			// incompatibility, one only in the zlib stream is not.
			flaskJSON, goJSON := cookiePayload(t, forged.Cookie), cookiePayload(t, got)
			if flaskJSON != goJSON {
				t.Errorf("Go's session JSON differs from Flask's:\nflask %s\ngo    %s", flaskJSON, goJSON)
			} else if got != forged.Cookie {
				t.Errorf("Go's cookie differs from Flask's for the same session and second (same JSON, so in the zlib stream or signature):\nflask %s\ngo    %s", forged.Cookie, got)
			}
			if c := strings.HasPrefix(forged.Cookie, "."); tc.compressed != "" && c != (tc.compressed == "yes") {
				t.Errorf("Flask's cookie compressed = %v, want %s", c, tc.compressed)
			}
			back, err := m.DecodeCookie(forged.Cookie)
			if err != nil {
				t.Fatalf("Go rejects Flask's cookie: %v", err)
			}
			want := tc.decoded
			if want == nil {
				want = tc.values
			}
			if diff := cmp.Diff(want, back, valuesCmp); diff != "" {
				t.Errorf("Go decodes Flask's cookie (-want +got):\n%s", diff)
			}
		})
	}
}

// interopCompressed checks: compressed sessions both ways.
func interopCompressed(t *testing.T, env *interopEnv) {
	b := newBrowser(t)
	flaskText := strings.Repeat("written by Flask. ", 150)
	b.set(env.flaskNew, map[string]any{"text": flaskText})
	if !strings.HasPrefix(b.cookie(), ".") {
		t.Fatalf("Flask did not compress a %d-byte session: %.40s...", len(flaskText), b.cookie())
	}
	goText := strings.Repeat("written by Go. ", 150)
	var read string
	res := env.goNew.run(t, b, func(s *flasksession.Session) {
		read = s.GetString("text")
		s.Set("text", goText)
	})
	if read != flaskText {
		t.Errorf("Go read %d bytes of Flask's compressed text, want %d", len(read), len(flaskText))
	}
	if c, line := sessionSetCookie(res.resp); c == nil || !strings.HasPrefix(c.Value, ".") {
		t.Errorf("Go's cookie for a %d-byte session is not compressed: %.60s", len(goText), line)
	}
	if got := b.dump(env.flaskNew)["text"]; got["t"] != "str" || got["v"] != goText {
		t.Errorf("Flask reads Go's compressed text as %s of %d bytes", got["t"], len(fmt.Sprint(got["v"])))
	}
}

// interopSetCookieAttributes checks: Set-Cookie attributes agree.
func interopSetCookieAttributes(t *testing.T, env *interopEnv) {
	line := func(t *testing.T, side string, resp *http.Response) string {
		t.Helper()
		c, l := sessionSetCookie(resp)
		if c == nil {
			t.Fatalf("%s sent no session cookie", side)
		}
		return l
	}
	cases := []struct {
		name  string
		flask func(b *browser) *http.Response
		goDo  func(s *flasksession.Session)
	}{
		{"set", func(b *browser) *http.Response {
			r, _ := b.do("POST", env.flaskNew.URL+"/login", nil)
			return r
		}, func(s *flasksession.Session) { s.Set("_user_id", "alice") }},
		{"permanent", func(b *browser) *http.Response {
			r, _ := b.do("POST", env.flaskNew.URL+"/permanent", nil)
			return r
		}, func(s *flasksession.Session) { s.SetPermanent(true) }},
		{"delete", func(b *browser) *http.Response {
			b.do("POST", env.flaskNew.URL+"/login", nil)
			r, _ := b.do("POST", env.flaskNew.URL+"/clear", nil)
			return r
		}, func(s *flasksession.Session) { s.Clear() }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			flaskLine := line(t, "Flask", tc.flask(newBrowser(t)))
			b := newBrowser(t)
			env.goNew.run(t, b, func(s *flasksession.Session) { s.Set("seed", 1) })
			goLine := line(t, "Go", env.goNew.run(t, b, tc.goDo).resp)
			if diff := cmp.Diff(normCookie(t, "Flask", flaskLine), normCookie(t, "Go", goLine), cmpopts.IgnoreUnexported(http.Cookie{})); diff != "" {
				t.Errorf("Set-Cookie attributes (-flask +go):\n%s\nflask: %s\ngo:    %s", diff, flaskLine, goLine)
			}
			if tc.name == "delete" && b.cookie() != "" {
				t.Errorf("the jar kept the cookie after Go's delete: %s", goLine)
			}
		})
	}
}

// interopSignedPayloads checks: validly signed payloads: what loads and what does not.
func interopSignedPayloads(t *testing.T, env *interopEnv) {
	cases := []struct {
		name    string
		payload string
		want    map[string]any // nil: Flask answers 500, Go reports ErrUndecodable
	}{
		{"invalid JSON", `{"a":`, nil},
		{"top-level list of numbers", `[1,2]`, nil},
		{"top-level string", `"ab"`, nil},
		{"bad UUID in a tag", `{"u":{" u":"xyz"}}`, nil},
		{"bad base64 padding in a bytes tag", `{"b":{" b":"abc"}}`, nil},
		{"number in a datetime tag", `{"d":{" d":5}}`, nil},
		{"null is an empty session", `null`, map[string]any{}},
		{"list of pairs is a dict", `[["a",1],["b",[2]]]`, map[string]any{"a": int64(1), "b": []any{int64(2)}}},
		{"tuple of pairs is a dict", `{" t":[["a",1]]}`, map[string]any{"a": int64(1)}},
		{"unparsable date is None", `{"d":{" d":"not a date"}}`, map[string]any{"d": nil}},
		{"two-key object with tag keys stays a dict", `{"x":{" t":1," u":2}}`, map[string]any{"x": map[string]any{" t": int64(1), " u": int64(2)}}},
		{"escaped dict at the top level", `{" di":{" t__":[1]}}`, map[string]any{" t": []any{int64(1)}}},
		{"duplicate keys: the last wins", `{"a":1,"a":2}`, map[string]any{"a": int64(2)}},
		{"NaN and Infinity tokens", `{"n":NaN,"i":-Infinity}`, map[string]any{"n": math.NaN(), "i": math.Inf(-1)}},
		{"-0 is an int, 1E400 is inf", `{"z":-0,"e":1E400}`, map[string]any{"z": int64(0), "e": math.Inf(1)}},
		{"4300-digit int", `{"n":` + strings.Repeat("9", 4300) + `}`, map[string]any{"n": bigInt(strings.Repeat("9", 4300))}},
		{"4301-digit int", `{"n":` + strings.Repeat("9", 4301) + `}`, nil},
		{"raw control character in a string", "{\"a\":\"x\ty\"}", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t)
			b.setCookie(b.forge(env.flaskNew, map[string]any{"payload": tc.payload}))
			resp, data := b.doStatus("GET", env.flaskNew.URL+"/dump", nil)
			var got map[string]any
			res := env.goNew.run(t, b, func(s *flasksession.Session) { got = s.Values() })
			if c, line := sessionSetCookie(res.resp); c != nil {
				t.Errorf("Go answered with Set-Cookie: %s", line)
			}
			if tc.want == nil {
				if resp.StatusCode != http.StatusInternalServerError {
					t.Errorf("Flask answered %s, want 500 (%s)", resp.Status, data)
				}
				if len(got) != 0 {
					t.Errorf("Go's session = %v, want a fresh empty one", got)
				}
				if len(res.errs) != 1 || !errors.Is(res.errs[0], flasksession.ErrUndecodable) {
					t.Errorf("Go reported %v, want one ErrUndecodable", res.errs)
				}
				return
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("Flask answered %s: %s", resp.Status, data)
			}
			var flask flaskValues
			if err := json.Unmarshal(data, &flask); err != nil {
				t.Fatal(err)
			}
			fromFlask, err := flask.Values.Go()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, fromFlask, valuesCmp); diff != "" {
				t.Errorf("Flask loads (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got, valuesCmp, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Go loads (-want +got):\n%s", diff)
			}
			if len(res.errs) > 0 {
				t.Errorf("Go reported errors: %v", res.errs)
			}
		})
	}
}

// interopDatetimeStrings checks: datetime strings load as Flask loads them.
func interopDatetimeStrings(t *testing.T, env *interopEnv) {
	// Flask's " d" tag goes through email.utils.parsedate_to_datetime,
	// with its two-digit-year window and its tolerance; Go must agree.
	dates := []string{
		"Tue, 02 Jan 2024 03:04:05 GMT",
		"Mon, 01 Jan 0001 00:00:00 GMT",
		"Sat, 01 Jan 0099 00:00:00 GMT",
		"Fri, 01 Jan 0100 00:00:00 GMT",
		"Tue, 02 Jan 24 03:04:05 GMT",
		"Tue, 02 Jan 69 03:04:05 GMT",
		"2 Jan 2024 03:04:05 GMT",
		"Tue, 02 Jan 2024 03:04:05 +0130",
		"Tue, 02 Jan 2024 03:04:05 -0000",
		"Tue, 02 Jan 2024 03:04:05",
		"Tue, 02 Jan 2024 03:04 GMT",
		"Tue, 02 Jan 2024 03:04:05 EST",
		"Tue, 02 Jan 2024 03:04:05 XYZ",
		"Wed, 02 Jan 2024 03:04:05 GMT",
		"tue, 02 jan 2024 03:04:05 gmt",
		"Tue, 30 Feb 2024 03:04:05 GMT",
		"2024-01-02T03:04:05Z",
		"",
	}
	sameTime := cmp.Options{cmp.Comparer(func(a, b time.Time) bool {
		_, ao := a.Zone()
		_, bo := b.Zone()
		return a.Equal(b) && ao == bo
	})}
	for _, d := range dates {
		t.Run(d, func(t *testing.T) {
			b := newBrowser(t)
			payload, _ := json.Marshal(map[string]any{"d": map[string]string{" d": d}})
			b.setCookie(b.forge(env.flaskNew, map[string]any{"payload": string(payload)}))
			resp, data := b.doStatus("GET", env.flaskNew.URL+"/dump", nil)
			var got map[string]any
			res := env.goNew.run(t, b, func(s *flasksession.Session) { got = s.Values() })
			if resp.StatusCode != http.StatusOK {
				// Flask fails on this one: Go must not load it either.
				if len(got) != 0 || len(res.errs) != 1 || !errors.Is(res.errs[0], flasksession.ErrUndecodable) {
					t.Errorf("Flask answered %s; Go loaded %v and reported %v, want nothing and ErrUndecodable", resp.Status, got, res.errs)
				}
				return
			}
			var flask flaskValues
			if err := json.Unmarshal(data, &flask); err != nil {
				t.Fatal(err)
			}
			want, err := flask.Values.Go()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, sameTime); diff != "" {
				t.Errorf("Go loads %q differently from Flask (-flask +go):\n%s", d, diff)
			}
		})
	}
}

// interopLoneSurrogates checks: lone surrogates survive a Go write.
func interopLoneSurrogates(t *testing.T, env *interopEnv) {
	// Python strs may hold lone surrogates (JSON "\ud800"); Go strings
	// cannot, so Go must carry them in a form it writes back unchanged.
	b := newBrowser(t)
	b.setCookie(b.forge(env.flaskNew, map[string]any{"payload": `{"s":"\ud800x\udfff"}`}))
	// Flask's answer carries them as WTF-8 bytes (JSON text cannot carry
	// them to Go intact).
	const want = `"s":{"t":"str","wtf8":"eda08078edbfbf"}`
	if _, data := b.do("GET", env.flaskNew.URL+"/dump", nil); !strings.Contains(string(data), want) {
		t.Fatalf("Flask's /dump lacks %s: %s", want, data)
	}
	res := env.goNew.run(t, b, func(s *flasksession.Session) { s.Set("other", 1) })
	if len(res.errs) > 0 {
		t.Errorf("Go reported errors: %v", res.errs)
	}
	_, data := b.do("GET", env.flaskNew.URL+"/dump", nil)
	if !strings.Contains(string(data), want) || !strings.Contains(string(data), `"other":{"t":"int","v":"1"}`) {
		t.Errorf("after a Go write Flask reads %s, want %s and other=1", data, want)
	}
}

// interopSharedCounter checks: a counter shared by both sides, many browsers at once.
func interopSharedCounter(t *testing.T, env *interopEnv) {
	const browsers, rounds = 6, 8
	var wg sync.WaitGroup
	results := make([]int64, browsers)
	for i := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBrowser(t)
			for range rounds {
				// b.do must not call t.Fatal off the test goroutine: check by hand.
				resp, err := b.c.Post(env.flaskNew.URL+"/counter", "", nil)
				if err != nil {
					t.Errorf("browser %d: Flask /counter: %v", i, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				id := fmt.Sprint(env.goNew.nextID.Add(1))
				env.goNew.actions.Store(id, func(s *flasksession.Session) {
					s.Set(flaskapp.CounterKey, s.GetInt(flaskapp.CounterKey)+1)
				})
				resp, err = b.c.Get(env.goNew.srv.URL + "/run/" + id)
				if err != nil {
					t.Errorf("browser %d: Go: %v", i, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			var n int64
			id := fmt.Sprint(env.goNew.nextID.Add(1))
			done := make(chan struct{})
			env.goNew.actions.Store(id, func(s *flasksession.Session) {
				defer close(done)
				n = s.GetInt(flaskapp.CounterKey)
			})
			resp, err := b.c.Get(env.goNew.srv.URL + "/run/" + id)
			if err != nil {
				t.Errorf("browser %d: Go: %v", i, err)
				return
			}
			resp.Body.Close()
			<-done
			results[i] = n
		}()
	}
	wg.Wait()
	for i, n := range results {
		if n != 2*rounds {
			t.Errorf("browser %d: counter = %d after %d increments on each side, want %d", i, n, rounds, 2*rounds)
		}
	}
}

// interopCookieOptions checks: cookie options from the environment render alike.
func interopCookieOptions(t *testing.T, env *interopEnv) {
	for k, v := range cookieOptionVars {
		t.Setenv(cookieOptionPrefix+"_"+k, v)
	}
	m, err := flasksession.FromEnv(cookieOptionPrefix)
	if err != nil {
		t.Fatalf("FromEnv: %v", err)
	}
	g := newGoSide(t, m)
	attr := func(line, name string) string {
		m := regexp.MustCompile(`(?i);\s*` + name + `=([^;]*)`).FindStringSubmatch(line)
		if m == nil {
			return "<none>"
		}
		return m[1]
	}
	cases := []struct {
		name  string
		flask string // path of the Flask request
		goDo  func(s *flasksession.Session)
	}{
		{"set", "/login", func(s *flasksession.Session) { s.Set("_user_id", "x") }},
		{"permanent", "/permanent", func(s *flasksession.Session) { s.SetPermanent(true) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Secure cookies for another domain: the jar keeps none of
			// them, so each side is asked directly.
			resp, _ := newBrowser(t).do("POST", env.flaskOpts.URL+tc.flask, nil)
			_, flaskLine := setCookieNamed(resp, "my_sess")
			_, goLine := setCookieNamed(g.run(t, newBrowser(t), tc.goDo).resp, "my_sess")
			if flaskLine == "" || goLine == "" {
				t.Fatalf("Set-Cookie my_sess: Flask %q, Go %q", flaskLine, goLine)
			}
			if diff := cmp.Diff(normCookie(t, "Flask", flaskLine), normCookie(t, "Go", goLine), cmpopts.IgnoreUnexported(http.Cookie{})); diff != "" {
				t.Errorf("Set-Cookie attributes (-flask +go):\n%s\nflask: %s\ngo:    %s", diff, flaskLine, goLine)
			}
			for _, name := range []string{"Domain", "Path", "SameSite"} {
				if f, g := attr(flaskLine, name), attr(goLine, name); f != g {
					t.Errorf("%s=%s from Flask, %s from Go", name, f, g)
				}
			}
		})
	}
}

// interopFromEnv checks: configuration from the environment agrees.
func interopFromEnv(t *testing.T, env *interopEnv) {
	for k, v := range interopEnvVars {
		t.Setenv(interopEnvPrefix+"_"+k, v)
	}
	m, err := flasksession.FromEnv(interopEnvPrefix)
	if err != nil {
		t.Fatalf("FromEnv: %v", err)
	}
	g := newGoSide(t, m)
	const lifetime = 600 * time.Second
	b := newBrowser(t)

	// Log in on Flask: Go reads the "sid" cookie.
	resp, _ := b.do("POST", env.flaskEnv.URL+"/login?user=erin", nil)
	flaskSet, flaskLine := setCookieNamed(resp, "sid")
	if flaskSet == nil {
		t.Fatalf("Flask set no sid cookie: %q", resp.Header.Values("Set-Cookie"))
	}
	var user string
	res := g.run(t, b, func(s *flasksession.Session) {
		user = s.GetString("_user_id")
		s.Set("from_go", true)
	})
	if user != "erin" {
		t.Errorf("Go (FromEnv) reads _user_id %q, want erin", user)
	}
	goSet, goLine := setCookieNamed(res.resp, "sid")
	if goSet == nil {
		t.Fatalf("Go set no sid cookie: %q", res.resp.Header.Values("Set-Cookie"))
	}
	if diff := cmp.Diff(normCookie(t, "Flask", flaskLine), normCookie(t, "Go", goLine), cmpopts.IgnoreUnexported(http.Cookie{})); diff != "" {
		t.Errorf("Set-Cookie attributes (-flask +go):\n%s\nflask: %s\ngo:    %s", diff, flaskLine, goLine)
	}
	if got := b.dump(env.flaskEnv)["from_go"]; got["t"] != "bool" || got["v"] != true {
		t.Errorf("Flask reads from_go = %+v, want bool true", got)
	}

	// Permanent: Expires is now + 600s on both sides; no refresh.
	resp, _ = b.do("POST", env.flaskEnv.URL+"/permanent", nil)
	flaskSet, flaskLine = setCookieNamed(resp, "sid")
	res = g.run(t, b, func(s *flasksession.Session) { s.Set("n", 1) })
	goSet, goLine = setCookieNamed(res.resp, "sid")
	if flaskSet == nil || goSet == nil {
		t.Fatalf("permanent session: Flask set %q, Go set %q", flaskLine, goLine)
	}
	for side, c := range map[string]*http.Cookie{"Flask": flaskSet, "Go": goSet} {
		if d := expiresIn(c); d < lifetime-10*time.Second || d > lifetime+5*time.Second {
			t.Errorf("%s's permanent cookie expires in %v, want about %v", side, d, lifetime)
		}
	}
	if diff := cmp.Diff(normCookie(t, "Flask", flaskLine), normCookie(t, "Go", goLine), cmpopts.IgnoreUnexported(http.Cookie{})); diff != "" {
		t.Errorf("permanent Set-Cookie attributes (-flask +go):\n%s\nflask: %s\ngo:    %s", diff, flaskLine, goLine)
	}
	resp, _ = b.do("GET", env.flaskEnv.URL+"/health", nil)
	res = g.run(t, b, func(*flasksession.Session) {})
	for side, r := range map[string]*http.Response{"Flask": resp, "Go": res.resp} {
		if c, line := setCookieNamed(r, "sid"); c != nil {
			t.Errorf("%s refreshed a permanent session with SESSION_REFRESH_EACH_REQUEST=false: %s", side, line)
		}
	}

	// The fallback key from the JSON list verifies on both sides.
	old := flasksession.New(interopOldKey)
	cookie, err := old.EncodeCookie(map[string]any{"k": "old"})
	if err != nil {
		t.Fatal(err)
	}
	b2 := newBrowser(t)
	b2.setCookieNamed("sid", cookie)
	var k string
	g.run(t, b2, func(s *flasksession.Session) { k = s.GetString("k") })
	if k != "old" || b2.dump(env.flaskEnv)["k"]["v"] != "old" {
		t.Errorf("old-key cookie: Go reads k=%q, Flask reads %v; want old on both", k, b2.dump(env.flaskEnv))
	}
}

// interopExpiry checks: expiry.
func interopExpiry(t *testing.T, env *interopEnv) {
	const day = 24 * 60 * 60
	lifetime := int(flasksession.DefaultLifetime / time.Second)
	cases := []struct {
		name     string
		signer   string // "flask" or "go"
		age      int    // seconds between signing and now
		accepted bool
	}{
		{"Flask cookie a day inside the lifetime", "flask", lifetime - day, true},
		{"Flask cookie a minute past the lifetime", "flask", lifetime + 60, false},
		{"Go cookie a day inside the lifetime", "go", lifetime - day, true},
		{"Go cookie a minute past the lifetime", "go", lifetime + 60, false},
		{"Flask cookie dated two minutes ahead", "flask", -120, false},
		{"Go cookie dated two minutes ahead", "go", -120, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t)
			values := map[string]any{"user": "dave"}
			var cookie string
			switch tc.signer {
			case "flask":
				cookie = b.forge(env.flaskNew, map[string]any{"values": flaskapp.Describe(values), "age": tc.age})
			case "go":
				m := flasksession.New(interopNewKey)
				signedAt := time.Now().Add(-time.Duration(tc.age) * time.Second)
				m.Now = func() time.Time { return signedAt }
				var err error
				if cookie, err = m.EncodeCookie(values); err != nil {
					t.Fatal(err)
				}
			}
			b.setCookie(cookie)

			flaskResp, data := b.do("GET", env.flaskNew.URL+"/dump", nil)
			var flask flaskValues
			if err := json.Unmarshal(data, &flask); err != nil {
				t.Fatal(err)
			}
			var goUser string
			res := env.goNew.run(t, b, func(s *flasksession.Session) { goUser = s.GetString("user") })
			flaskUser, _ := flask.Values["user"]["v"].(string)
			if got := flaskUser == "dave"; got != tc.accepted {
				t.Errorf("Flask accepted = %v, want %v (session %v)", got, tc.accepted, flask.Values)
			}
			if got := goUser == "dave"; got != tc.accepted {
				t.Errorf("Go accepted = %v, want %v", got, tc.accepted)
			}
			if !tc.accepted {
				if len(flask.Values) != 0 {
					t.Errorf("Flask's session from a rejected cookie = %v, want empty", flask.Values)
				}
				var expired *itsdangerous.SignatureExpiredError
				if len(res.errs) != 1 || !errors.Is(res.errs[0], flasksession.ErrInvalidCookie) || !errors.As(res.errs[0], &expired) {
					t.Errorf("Go reported %v, want one ErrInvalidCookie wrapping a *SignatureExpiredError", res.errs)
				}
				// Neither side deletes or replaces the stale cookie (Flask's
				// sessions.py save_session deletes only a modified, emptied session).
				for side, resp := range map[string]*http.Response{"Flask": flaskResp, "Go": res.resp} {
					if c, line := sessionSetCookie(resp); c != nil {
						t.Errorf("%s answered a rejected cookie with Set-Cookie: %s", side, line)
					}
				}
				if b.cookie() != cookie {
					t.Error("the stale cookie left the jar")
				}
			} else if len(res.errs) > 0 {
				t.Errorf("Go reported errors: %v", res.errs)
			}
		})
	}
}

// cookiePayload returns the JSON inside a cookie value, inflated if it is
// compressed, and its timestamp, without checking the signature.
func cookiePayload(t *testing.T, cookie string) string {
	t.Helper()
	data, compressed := strings.CutPrefix(cookie, ".")
	parts := strings.Split(data, ".")
	if len(parts) != 3 {
		t.Fatalf("cookie %q does not have payload, timestamp and signature", cookie)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		t.Fatalf("cookie payload: %v", err)
	}
	if compressed {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("cookie payload: %v", err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			t.Fatalf("cookie payload: %v", err)
		}
	}
	return string(raw) + " at " + parts[1]
}
