package flasklogin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/flasklogin"
)

// A Go route behind a login made by the Flask app: the session cookie
// Flask-Login wrote is all the Go side needs.
func Example_protectGoRoute() {
	m := flasksession.New("the Flask app's SECRET_KEY")
	lm := flasklogin.New(m)
	lm.LoginView = "/login" // served by Flask
	lm.UserLoader = func(r *http.Request, id string) (any, error) {
		return "user " + id, nil // look the user up in the shared database
	}
	mux := http.NewServeMux()
	mux.Handle("/reports", lm.LoginRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "reports for %v", flasklogin.User(r))
	})))
	handler := m.Middleware(lm.Middleware(mux))

	// What login_user(user) left in the Flask session of this browser.
	browser := httptest.NewRequest("GET", "/reports?year=2026", nil)
	browser.Header.Set("User-Agent", "Mozilla/5.0")
	cookie, _ := m.EncodeCookie(map[string]any{
		"_user_id": "42", "_fresh": true, "_id": flasklogin.Identifier(browser),
	})
	browser.Header.Set("Cookie", "session="+cookie)
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, browser)
	fmt.Println(w.Code, w.Body.String())

	// Without a login, Flask-Login's redirect to the login view.
	w = httptest.NewRecorder()
	handler.ServeHTTP(w, httptest.NewRequest("GET", "/reports?year=2026", nil))
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output:
	// 200 reports for user 42
	// 302 /login?next=%2Freports%3Fyear%3D2026
}

// A login form served by Go: the session and remember cookie it sends are
// the ones Flask-Login's login_user(user, remember=True) would, so the
// Flask app sees the user logged in.
func Example_goLoginForm() {
	m := flasksession.New("the Flask app's SECRET_KEY")
	m.Now = func() time.Time { return time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC) } // for the output below
	lm := flasklogin.New(m)
	login := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.PostFormValue("password") != "correct horse" { // check it properly
			http.Error(w, "wrong password", http.StatusForbidden)
			return
		}
		if err := flasklogin.LoginUser(r, r.PostFormValue("user"), flasklogin.LoginOptions{Remember: true}); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	form := url.Values{"user": {"42"}, "password": {"correct horse"}}
	r := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	m.Middleware(lm.Middleware(login)).ServeHTTP(w, r)

	for _, c := range w.Result().Cookies() {
		switch c.Name {
		case "remember_token":
			id, ok := flasklogin.DecodeRememberCookie(m.SecretKey, c.Value)
			fmt.Println("remember_token for", id, ok, "until", c.Expires.Format(time.DateOnly))
		case "session":
			s, _ := m.DecodeCookie(c.Value)
			fmt.Println("session:", s["_user_id"], "fresh", s["_fresh"], "identifier matches", s["_id"] == flasklogin.Identifier(r))
		}
	}
	// Output:
	// remember_token for 42 true until 2027-12-03
	// session: 42 fresh true identifier matches true
}
