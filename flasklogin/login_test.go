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
