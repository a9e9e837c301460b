package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/flasklogin"
	"github.com/flasksession/flasksession/itsdangerous"
)

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 s"},
		{time.Second, "1 s"},
		{5*time.Minute + 2*time.Second, "5 min 2 s"},
		{time.Hour, "1 h"},
		{24 * time.Hour, "1 day"},
		{31 * 24 * time.Hour, "31 days"},
		{31*24*time.Hour - time.Second, "30 days 23 h"},
		{-90 * time.Second, "1 min 30 s"},
	}
	for _, tt := range tests {
		if got := humanDuration(tt.d); got != tt.want {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// signedWith returns a cookie for values signed with key at the time at.
func signedWith(t *testing.T, key string, at time.Time, values map[string]any) string {
	t.Helper()
	m := flasksession.New(key)
	m.Now = func() time.Time { return at }
	v, err := m.EncodeCookie(values)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rawSigned signs payload bytes as a session cookie with key, whatever
// they hold.
func rawSigned(t *testing.T, key string, at time.Time, payload []byte) string {
	t.Helper()
	s, err := itsdangerous.NewURLSafeTimedSerializer([][]byte{[]byte(key)},
		itsdangerous.WithSalt(flasksession.DefaultSalt), itsdangerous.WithKeyDerivation(itsdangerous.DerivationHMAC),
		itsdangerous.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	return string(s.AppendSignedPayload(nil, payload))
}

func TestInspectCookie(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	base := flasksession.New("current")
	base.SecretKeyFallbacks = []string{"oldest", "old"}
	base.Now = func() time.Time { return now }
	keys := inspectionKeys(base.SecretKey, base.SecretKeyFallbacks)
	user := map[string]any{"_user_id": "bob", "n": 1}
	valid := signedWith(t, "current", now.Add(-time.Minute), user)

	tests := []struct {
		name     string
		value    string
		verdict  string
		headline string
		key      string // prefix of the signing key's label
		expires  string
	}{
		{"current key", valid, "ok", "Valid", "the current secret key", "in 30 days 23 h"},
		{"newest fallback", signedWith(t, "old", now, user), "warn", "Valid, signed by a fallback key", "fallback key 2 of 2, oldest first (SECRET_KEY_FALLBACKS[1])", "in 31 days"},
		{"oldest fallback", signedWith(t, "oldest", now, user), "warn", "Valid, signed by a fallback key", "fallback key 1 of 2, oldest first (SECRET_KEY_FALLBACKS[0])", ""},
		{"wrong key", signedWith(t, "another", now, user), "bad", "Wrong key or tampered", "", ""},
		{"tampered", strings.Replace(valid, valid[:3], "eyK", 1), "bad", "Wrong key or tampered", "", ""},
		{"expired", signedWith(t, "current", now.Add(-32*24*time.Hour), user), "bad", "Expired", "the current secret key", ""},
		{"signed in the future", signedWith(t, "current", now.Add(time.Hour), user), "bad", "Signed in the future", "the current secret key", ""},
		{"not a token", "hello", "bad", "Not a signed session cookie", "", ""},
		{"too long", strings.Repeat("a", flasksession.DefaultMaxCookieValueLen+1), "bad", "Too long to be a cookie", "", ""},
		{"signed garbage", rawSigned(t, "current", now, []byte("not json")), "bad", "Signed, but not a session", "the current secret key", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := inspectCookie(base, keys, "session", tt.value)
			if rep.Verdict != tt.verdict || rep.Headline != tt.headline {
				t.Errorf("verdict %q %q, want %q %q (%s)", rep.Verdict, rep.Headline, tt.verdict, tt.headline, rep.Meaning)
			}
			if !strings.HasPrefix(rep.Key, tt.key) || (tt.key == "" && rep.Key != "") {
				t.Errorf("signed with %q, want %q", rep.Key, tt.key)
			}
			if tt.expires != "" && rep.AcceptedIn != tt.expires {
				t.Errorf("accepted %q, want %q", rep.AcceptedIn, tt.expires)
			}
			wantUnverified := tt.name == "wrong key" || tt.name == "expired" || tt.name == "signed in the future"
			if rep.Unverified != wantUnverified || (wantUnverified && len(rep.Values) != len(user)) {
				t.Errorf("unverified %v with %d keys, want %v", rep.Unverified, len(rep.Values), wantUnverified)
			}
			if (tt.verdict == "bad") != (rep.DecodeFailure != nil) {
				t.Errorf("DecodeFailure = %v for verdict %s", rep.DecodeFailure, tt.verdict)
			}
		})
	}

	t.Run("values by Python and Go type", func(t *testing.T) {
		rep := inspectCookie(base, keys, "session", valid)
		want := []valueRow{{"_user_id", "str", "'bob'", "string"}, {"n", "int", "1", "int64"}}
		if len(rep.Values) != len(want) {
			t.Fatalf("rows %+v, want %+v", rep.Values, want)
		}
		for i := range want {
			if rep.Values[i] != want[i] {
				t.Errorf("row %d = %+v, want %+v", i, rep.Values[i], want[i])
			}
		}
		if got := rep.SignedAt; !got.Equal(now.Add(-time.Minute)) || rep.SignedAgo != "1 min ago" {
			t.Errorf("signed at %v (%s), want a minute ago", got, rep.SignedAgo)
		}
	})
	t.Run("Go types named as the tagjson docs name them", func(t *testing.T) {
		v := signedWith(t, "current", now, map[string]any{"b": []byte("x"), "d": map[string]any{"k": 1}, "l": []any{1}, "n": nil})
		want := map[string]string{"b": "[]byte", "d": "map[string]any", "l": "[]any", "n": "nil"}
		for _, row := range inspectCookie(base, keys, "session", v).Values {
			if row.GoType != want[row.Key] {
				t.Errorf("%s: Go type %q, want %q", row.Key, row.GoType, want[row.Key])
			}
		}
	})
	t.Run("compressed cookie says so", func(t *testing.T) {
		v := signedWith(t, "current", now, map[string]any{"big": strings.Repeat("x", 500)})
		if rep := inspectCookie(base, keys, "session", v); !strings.HasPrefix(v, ".") || !rep.Compressed || rep.Verdict != "ok" {
			t.Errorf("cookie %.10s...: compressed %v, verdict %s", v, rep.Compressed, rep.Verdict)
		}
	})
	t.Run("size against MAX_COOKIE_SIZE from the Set-Cookie header", func(t *testing.T) {
		rep := inspectCookie(base, keys, "session", valid)
		line := "session=" + valid + "; HttpOnly; Path=/"
		rep.withSetCookie(line, "sent")
		if rep.Size != len(line) || rep.Limit != 4093 || len(rep.Attributes) != 2 || rep.Attributes[0] != "HttpOnly" {
			t.Errorf("size %d/%d attributes %q, want %d/4093 [HttpOnly Path=/]", rep.Size, rep.Limit, rep.Attributes, len(line))
		}
		if !strings.HasPrefix(rep.BrowserKeeps, "until the browser closes") {
			t.Errorf("browser keeps it %q, want until it closes", rep.BrowserKeeps)
		}
	})
}

// bombCookie is a token whose payload is a zlib bomb: about 5.5 KB that
// inflate to 4 MiB, signed with key.
func bombCookie(t *testing.T, key string) string {
	t.Helper()
	v := rawSigned(t, key, time.Now(), []byte(`{"a":"`+strings.Repeat("a", 4<<20)+`"}`))
	if !strings.HasPrefix(v, ".") || len(v) > flasksession.DefaultMaxCookieValueLen {
		t.Fatalf("bomb cookie of %d bytes, want a compressed one under the length bound", len(v))
	}
	return v
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDemoDoesNotInflateUnverified sends a zlib bomb through /session,
// /session.json and /inspect: a bomb signed with another key (read
// unverified, to show its contents NOT VERIFIED) and one signed with the
// demo's own key both inflate only up to MaxDecompressedSize.
func TestDemoDoesNotInflateUnverified(t *testing.T) {
	d := startTestDemo(t, demoConfig{Secret: "demo-key"})
	h := d.srv.Handler
	host := strings.TrimSuffix(strings.TrimPrefix(d.URL, "http://"), "/")
	for _, tc := range []struct{ name, key string }{{"forged", "attacker-key"}, {"signed with the demo key", "demo-key"}} {
		bomb := bombCookie(t, tc.key)
		requests := map[string]func() *http.Request{
			"/session": func() *http.Request {
				r := httptest.NewRequest(http.MethodGet, "/session", nil)
				r.AddCookie(&http.Cookie{Name: "session", Value: bomb})
				return r
			},
			"/session.json": func() *http.Request {
				r := httptest.NewRequest(http.MethodGet, "/session.json", nil)
				r.AddCookie(&http.Cookie{Name: "session", Value: bomb})
				return r
			},
			"/inspect": func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/inspect", strings.NewReader(url.Values{"cookie": {bomb}}.Encode()))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return r
			},
		}
		for path, mk := range requests {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				r := mk()
				r.Host = host
				w := httptest.NewRecorder()
				n := allocated(func() { h.ServeHTTP(w, r) })
				if w.Code != http.StatusOK {
					t.Fatalf("status %d", w.Code)
				}
				if !strings.Contains(w.Body.String(), "bad") {
					t.Errorf("the bomb was not reported as bad: %.300s", w.Body.String())
				}
				if n > 1<<20 {
					t.Errorf("%s allocated %d KiB for a %d-byte bomb cookie, want under 1 MiB (it inflates to 4 MiB)", path, n>>10, len(bomb))
				}
			})
		}
	}
}

// TestDemoInspectPage posts pasted cookies to /inspect: it answers with
// the verdict, keeps nothing and logs nothing.
func TestDemoInspectPage(t *testing.T) {
	var log syncBuffer
	d := startTestDemo(t, demoConfig{Secret: "demo-key", Log: &log})
	now := time.Now()
	mine := signedWith(t, "demo-key", now, map[string]any{"who": "me"})
	theirs := signedWith(t, "their-key", now, map[string]any{"who": "them"})
	old := signedWith(t, "demo-key", now.Add(-40*24*time.Hour), map[string]any{"who": "long ago"})
	remember, err := flasklogin.EncodeRememberCookie("demo-key", "bob")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, cookie, key, fallbacks string
		want                         []string
	}{
		{"the demo's cookie, the demo's key", "session=" + mine, "", "", []string{"Valid", "checked with this demo&#39;s key", "&#39;me&#39;"}},
		{"another app's cookie with its key", "Cookie: a=b; session=" + theirs, "their-key", "", []string{"Valid", "checked with the key you gave", "&#39;them&#39;"}},
		{"signed by a fallback", theirs, "new-key", "older\ntheir-key\n", []string{"Valid, signed by a fallback key", "fallback key 2 of 2, oldest first (SECRET_KEY_FALLBACKS[1])"}},
		{"wrong key", theirs, "", "", []string{"Wrong key or tampered"}},
		{"not a cookie", "session=", "", "", []string{"Not a cookie value"}},
		{"not a token", "hello", "", "", []string{"Not a signed session cookie", "not an itsdangerous token"}},
		{"another cookie", "Cookie: theme=dark", "", "", []string{"a cookie named &#34;theme&#34;, not &#34;session&#34;"}},
		{"other cookies", "Cookie: theme=dark; lang=en", "", "", []string{"cookies named &#34;theme&#34;, &#34;lang&#34;, not &#34;session&#34;"}},
		{"a remember cookie", "remember_token=bob|abc", "", "", []string{"Flask-Login's remember cookie, not a session cookie", "does not verify with this demo&#39;s key"}},
		{"a valid remember cookie", "Set-Cookie: remember_token=" + remember + "; Expires=Fri, 01 Jan 2027 00:00:00 GMT; HttpOnly; Path=/", "", "", []string{"for user &#34;bob&#34;", "remember_token=" + remember + "; Expires=Fri, 01 Jan 2027 00:00:00 GMT; HttpOnly; Path=/"}},
		{"a pasted Set-Cookie line", "Set-Cookie: session=" + mine + "; Expires=Fri, 01 Jan 2027 00:00:00 GMT;\n HttpOnly; Path=/", "", "", []string{"Set-Cookie, as you pasted it", "<code>HttpOnly</code>", "until Fri, 01 Jan 2027 00:00:00 GMT", "measured on the whole Set-Cookie header"}},
		{"wrong key shows the contents unverified", theirs, "", "", []string{"Wrong key or tampered", "NOT VERIFIED", "&#39;them&#39;"}},
		{"expired shows the contents unverified", old, "", "", []string{"Expired", "NOT VERIFIED", "&#39;long ago&#39;"}},
	}
	b := newBrowser(t, d.URL)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := b.postForm("/inspect", url.Values{"cookie": {tt.cookie}, "key": {tt.key}, "fallbacks": {tt.fallbacks}})
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(page, "--cookie-name") {
				t.Error("the page points at a command-line flag")
			}
			if verified := strings.Contains(tt.name, "valid") || strings.Contains(tt.name, "fallback") || strings.Contains(tt.name, "demo's cookie"); verified && strings.Contains(page, "NOT VERIFIED") {
				t.Error("a verified cookie is labelled NOT VERIFIED")
			}
			if tt.cookie == "hello" && (strings.Contains(page, "base64") || strings.Contains(page, "anyone holding")) {
				t.Error("the page describes a payload that a non-token does not have")
			}
			if tt.key != "" && strings.Contains(page, tt.key) {
				t.Error("the page repeats the key")
			}
		})
	}
	if log.String() != "" {
		t.Errorf("/inspect logged: %q", log.String())
	}
	if b.sessionCookie() != "" {
		t.Error("/inspect set a session cookie")
	}
}
