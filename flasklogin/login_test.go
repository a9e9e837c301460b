package flasklogin

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
)

var frozen = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func newTestManagers() (*flasksession.Manager, *LoginManager) {
	m := flasksession.New("secret")
	m.Now = func() time.Time { return frozen }
	lm := New(m)
	lm.LoginView = "/login"
	lm.RefreshView = "/reauth"
	return m, lm
}

// do sends one request through both middlewares to h with the given
// cookies and user agent.
func do(m *flasksession.Manager, lm *LoginManager, method, target, cookies, ua string, h http.Handler) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if cookies != "" {
		r.Header.Set("Cookie", cookies)
	}
	if ua != "" {
		r.Header.Set("User-Agent", ua)
	}
	w := httptest.NewRecorder()
	m.Middleware(lm.Middleware(h)).ServeHTTP(w, r)
	return w
}

// cookiesOf returns the response's cookies as a Cookie header.
func cookiesOf(w *httptest.ResponseRecorder) string {
	var parts []string
	for _, c := range w.Result().Cookies() {
		if c.MaxAge >= 0 {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return strings.Join(parts, "; ")
}

func sessionOf(t *testing.T, m *flasksession.Manager, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	for _, c := range w.Result().Cookies() {
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

func TestLoginUser(t *testing.T) {
	m, lm := newTestManagers()
	w := do(m, lm, "GET", "/", "", "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := LoginUser(r, "7", LoginOptions{Remember: true, Duration: 90 * time.Minute}); err != nil {
			t.Error(err)
		}
		if id, ok := UserID(r); id != "7" || !ok || User(r) != "7" || !LoginFresh(r) {
			t.Errorf("after LoginUser: UserID %q %v, User %v, fresh %v", id, ok, User(r), LoginFresh(r))
		}
	}))
	sess := sessionOf(t, m, w)
	if sess[KeyUserID] != "7" || sess[KeyFresh] != true || sess[KeyRememberSeconds] != 5400.0 || sess[KeyRemember] != nil {
		t.Errorf("session after login = %v", sess)
	}
	sc := w.Header()["Set-Cookie"]
	want := "remember_token=" + mustEncode(t, "7") + "; Expires=Thu, 03 Dec 2026 09:30:00 GMT; HttpOnly; Path=/"
	if len(sc) != 2 || sc[0] != want {
		t.Errorf("Set-Cookie = %q, want first %q", sc, want)
	}
}

func mustEncode(t *testing.T, id string) string {
	v, err := EncodeRememberCookie("secret", id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadUser(t *testing.T) {
	m, lm := newTestManagers()
	login := do(m, lm, "GET", "/", "", "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		LoginUser(r, "7", LoginOptions{Remember: true})
	}))
	loggedIn := cookiesOf(login)
	remember := "remember_token=" + mustEncode(t, "7")
	tests := []struct {
		name, cookies, ua string
		protection        string
		wantID            string
		wantOK, wantFresh bool
		wantSession       map[string]any // keys checked when not nil
	}{
		{"session login seen", loggedIn, "ua", "basic", "7", true, true, nil},
		{"basic protection marks a changed browser not fresh", loggedIn, "other", "basic", "7", true, false, nil},
		{"strong protection logs a changed browser out", loggedIn, "other", "strong", "", false, false, map[string]any{KeyUserID: nil}},
		{"remember cookie restores the user, not fresh", remember, "ua", "basic", "7", true, false, map[string]any{KeyUserID: "7", KeyFresh: false}},
		{"tampered remember cookie is ignored", "remember_token=7|00", "ua", "basic", "", false, false, nil},
		{"no cookies is anonymous", "", "ua", "basic", "", false, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lm.SessionProtection = tc.protection
			var id string
			var ok, fresh bool
			w := do(m, lm, "GET", "/", tc.cookies, tc.ua, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				id, ok = UserID(r)
				fresh = LoginFresh(r)
			}))
			if id != tc.wantID || ok != tc.wantOK || fresh != tc.wantFresh {
				t.Errorf("UserID = %q, %v, fresh %v; want %q, %v, fresh %v", id, ok, fresh, tc.wantID, tc.wantOK, tc.wantFresh)
			}
			sess := sessionOf(t, m, w)
			for k, v := range tc.wantSession {
				if sess[k] != v {
					t.Errorf("session[%s] = %v, want %v (session %v)", k, sess[k], v, sess)
				}
			}
		})
	}
}

func TestLogoutUserClearsRememberCookie(t *testing.T) {
	m, lm := newTestManagers()
	w := do(m, lm, "GET", "/", "remember_token="+mustEncode(t, "7"), "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := LogoutUser(r); err != nil {
			t.Error(err)
		}
		if _, ok := UserID(r); ok {
			t.Error("still logged in after LogoutUser")
		}
	}))
	sc := w.Header()["Set-Cookie"]
	if len(sc) == 0 || sc[0] != "remember_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/" {
		t.Errorf("Set-Cookie = %q, want the remember cookie deleted first", sc)
	}
}

func TestLoginRequired(t *testing.T) {
	m, lm := newTestManagers()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	tests := []struct {
		name, method, target string
		view                 string
		useSession           bool
		wantStatus           int
		wantLocation         string
	}{
		{"anonymous is redirected with next", "GET", "/p/ä?b=1&a=%2B", "/login?z=1", false, 302, "/login?z=1&next=%2Fp%2F%C3%A4%3Fb%3D1%26a%3D%252B"},
		{"no login view is 401", "GET", "/p", "", false, 401, ""},
		{"OPTIONS is exempt", "OPTIONS", "/p", "/login", false, 200, ""},
		{"next in the session", "GET", "/p?x=1", "/login", true, 302, "/login"},
		{"a path starting with // gives a local next", "GET", "//evil.example/p", "/login", false, 302, "/login?next=%2Fevil.example%2Fp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lm.LoginView, lm.UseSessionForNext = tc.view, tc.useSession
			w := do(m, lm, tc.method, tc.target, "", "ua", lm.LoginRequired(ok))
			if w.Code != tc.wantStatus || w.Header().Get("Location") != tc.wantLocation {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Header().Get("Location"), tc.wantStatus, tc.wantLocation)
			}
			if tc.wantStatus == 302 {
				sess := sessionOf(t, m, w)
				if tc.useSession && sess[KeyNext] != "/p?x=1" {
					t.Errorf("session next = %v", sess[KeyNext])
				}
				if _, ok := sess[flasksession.FlashesKey]; !ok {
					t.Errorf("no flashed message in %v", sess)
				}
			}
		})
	}
}

func TestWithoutMiddleware(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if err := LoginUser(r, "1", LoginOptions{}); !errors.Is(err, ErrNoLoginManager) {
		t.Errorf("LoginUser without middleware: %v", err)
	}
	if _, ok := UserID(r); ok {
		t.Error("UserID without middleware reports a user")
	}
}

// A user loader that fails (a database outage) is not "no such user": in
// Flask-Login the exception ends _load_user before the remember cookie is
// read. The request is anonymous, the error goes to the Manager's
// ErrorHandler, and the session keeps its user and freshness rather than
// switching to the remember cookie's user, not fresh.
func TestLoadUserLoaderErrorKeepsTheSession(t *testing.T) {
	m, lm := newTestManagers()
	outage := errors.New("database down")
	var reported []error
	m.ErrorHandler = func(r *http.Request, err error) { reported = append(reported, err) }
	lm.UserLoader = func(r *http.Request, id string) (any, error) { return nil, outage }
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("User-Agent", "ua")
	session := map[string]any{KeyUserID: "B", KeyFresh: true, KeyID: Identifier(r)}
	cookie, err := m.EncodeCookie(session)
	if err != nil {
		t.Fatal(err)
	}
	w := do(m, lm, "GET", "/", "session="+cookie+"; remember_token="+mustEncode(t, "A"), "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, ok := UserID(r); ok {
			t.Errorf("UserID = %q, true during a loader outage", id)
		}
	}))
	if sess := sessionOf(t, m, w); sess != nil {
		t.Errorf("session rewritten to %v", sess)
	}
	if len(reported) != 1 || !errors.Is(reported[0], outage) {
		t.Errorf("ErrorHandler got %v, want the loader's error once", reported)
	}
}

// A Manager without a secret key serves requests with a session that
// cannot be written, as Flask does. A remember cookie signed with the
// empty key, which anyone can make, must not log anyone in: Flask-Login
// raises on a missing SECRET_KEY rather than verify with no key.
func TestRememberCookieNeedsASecretKey(t *testing.T) {
	m := flasksession.New("")
	m.ErrorHandler = func(*http.Request, error) {}
	lm := New(m)
	forged := emptyKeyCookie("admin")
	ran := false
	w := do(m, lm, "GET", "/", "remember_token="+forged, "ua", lm.LoginRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran = true
	})))
	if ran || w.Code != http.StatusUnauthorized {
		t.Errorf("forged remember cookie: handler ran %v, status %d; want 401", ran, w.Code)
	}
	do(m, lm, "GET", "/", "remember_token="+forged, "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if LoginRemembered(r) {
			t.Error("LoginRemembered is true for a cookie signed with no key")
		}
	}))
}

// A user loader that asks for the user it is loading would wait for
// itself; Flask-Login recurses until RecursionError. Each way of asking
// answers "nobody" at once, the request counts as anonymous (the remember
// cookie is not read either) and ErrorHandler gets ErrUserLoaderReentry
// once, whether the handler asks through UserID or User.
func TestUserLoaderAskingForTheUserFails(t *testing.T) {
	asks := []struct {
		name string
		ask  func(r *http.Request) error // returns what the inner call got wrong
	}{
		{"UserID", func(r *http.Request) error {
			if id, ok := UserID(r); ok || id != "" {
				return errors.New("UserID = " + id + ", true")
			}
			return nil
		}},
		{"User", func(r *http.Request) error {
			if u := User(r); u != nil {
				return errors.New("User is not nil")
			}
			return nil
		}},
		{"LoginUser", func(r *http.Request) error {
			if err := LoginUser(r, "C", LoginOptions{}); !errors.Is(err, ErrUserLoaderReentry) {
				return errors.New("LoginUser did not return ErrUserLoaderReentry")
			}
			return nil
		}},
		{"LogoutUser", func(r *http.Request) error {
			if err := LogoutUser(r); !errors.Is(err, ErrUserLoaderReentry) {
				return errors.New("LogoutUser did not return ErrUserLoaderReentry")
			}
			return nil
		}},
		{"UserID from another goroutine", func(r *http.Request) error {
			done := make(chan error)
			go func() {
				_, ok := UserID(r)
				if ok {
					done <- errors.New("UserID reports a user")
				}
				close(done)
			}()
			return <-done
		}},
	}
	for _, ask := range asks {
		for _, outer := range []string{"UserID", "User"} {
			t.Run(ask.name+" inside "+outer, func(t *testing.T) {
				m, lm := newTestManagers()
				var reported []error
				m.ErrorHandler = func(r *http.Request, err error) { reported = append(reported, err) }
				lm.UserLoader = func(r *http.Request, id string) (any, error) {
					if err := ask.ask(r); err != nil {
						t.Error(err)
					}
					return "user " + id, nil
				}
				r := httptest.NewRequest("GET", "/", nil)
				r.Header.Set("User-Agent", "ua")
				cookie, err := m.EncodeCookie(map[string]any{KeyUserID: "B", KeyFresh: true, KeyID: Identifier(r)})
				if err != nil {
					t.Fatal(err)
				}
				done := make(chan struct{})
				go func() {
					defer close(done)
					do(m, lm, "GET", "/", "session="+cookie+"; remember_token="+mustEncode(t, "A"), "ua", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if outer == "User" {
							if u := User(r); u != nil {
								t.Errorf("User = %v, want nil", u)
							}
						}
						if id, ok := UserID(r); ok {
							t.Errorf("UserID = %q, true; want anonymous", id)
						}
					}))
				}()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatal("the request did not finish: the loader waits for itself")
				}
				if len(reported) != 1 || !errors.Is(reported[0], ErrUserLoaderReentry) {
					t.Errorf("ErrorHandler got %v, want ErrUserLoaderReentry once", reported)
				}
			})
		}
	}
}
