package flasksession_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
)

// exampleFlaskCookie was made by Flask 3.1.3 with SECRET_KEY "dev-secret" at
// 2023-11-14T22:13:20Z for a Flask-Login session (user 42, permanent).
const exampleFlaskCookie = ".eJw9zk1KBUEMBOC79NpF_ySd5F1mSLoTFHGUnnkr8e42CG6LKur7Tkcsv17T415Pf0nH20yPpMxDvTKDayeXbK23HIOdG8pQBOvsZqAjU1TEWfoIzB2mlSIwO4UbejCjZ6FOWCKLcHEfmrNRBdy7Ogu1EOYaMptgG41mMUgb8uXrQ08_73_a8_L154O6G-Nacdyf737upO1DcoNMbMq9um0lqvpkk0o2K5YCe_fzC1TsRjw.ZVPxAA.0ns6ohS3l-EoYvhFkuVkgVeYEfw"

// exampleClock is a clock stopped shortly after the cookie above was
// made, so that it has not expired in these examples.
func exampleClock() time.Time { return time.Unix(1700000100, 0) }

// exampleDo sends a request with the given cookies to h and returns the body and
// the session cookie set, if any.
func exampleDo(h http.Handler, cookie string) (body, setCookie string) {
	r := httptest.NewRequest("GET", "/", nil)
	if cookie != "" {
		r.Header.Set("Cookie", "session="+cookie)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	for _, c := range w.Result().Cookies() {
		if c.Name == "session" {
			setCookie = c.Value
		}
	}
	return w.Body.String(), setCookie
}

// Wrap a ServeMux: every handler finds the request's session in its
// context.
func Example() {
	m := flasksession.New("a long random secret")
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		n := s.GetInt("visits") + 1
		s.Set("visits", n)
		fmt.Fprintf(w, "visit %d", n)
	})
	h := m.Middleware(mux)

	body, cookie := exampleDo(h, "")
	fmt.Println(body)
	body, _ = exampleDo(h, cookie)
	fmt.Println(body)
	// Output:
	// visit 1
	// visit 2
}

// Middleware is a func(http.Handler) http.Handler: it chains like any
// other middleware (alice, chi's Use, or by hand).
func ExampleManager_Middleware() {
	m := flasksession.New("a long random secret")
	logRequests := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Println("request", r.URL.Path)
			next.ServeHTTP(w, r)
		})
	}
	chain := func(h http.Handler, mws ...func(http.Handler) http.Handler) http.Handler {
		for i := len(mws) - 1; i >= 0; i-- {
			h = mws[i](h)
		}
		return h
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flasksession.FromContext(r.Context()).Set("seen", true)
	})
	h := chain(app, logRequests, m.Middleware)

	r := httptest.NewRequest("GET", "/hello", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(strings.HasPrefix(w.Header().Get("Set-Cookie"), "session="), w.Header().Get("Vary"))
	// Output:
	// request /hello
	// true Cookie
}

// Flash a message on one request and show it on the next, as Flask's
// flash() and get_flashed_messages(with_categories=True) do; Flask reads
// these flashes and Go reads Flask's.
func ExampleSession_Flash() {
	m := flasksession.New("a long random secret")
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		if r.URL.Query().Has("save") {
			s.Flash("Saved.", "")
			s.Flash("Quota almost full.", "warning")
			return
		}
		for _, f := range s.Flashes() {
			fmt.Fprintf(w, "%s: %s\n", f.Category, f.Message)
		}
	}))

	r := httptest.NewRequest("POST", "/?save", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := exampleDo(h, w.Result().Cookies()[0].Value)
	fmt.Print(body)
	// Output:
	// message: Saved.
	// warning: Quota almost full.
}

// Decode a cookie that Flask itself wrote, without HTTP.
func Example_sharedWithFlask() {
	m := flasksession.New("dev-secret") // Flask's SECRET_KEY
	m.Now = exampleClock
	values, err := m.DecodeCookie(exampleFlaskCookie)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(values["_user_id"], values["_fresh"], values["_permanent"], values["csrf_token"])
	// Output: 42 true true 37fe7eb4078ba862ebca55aaed8b927bd2511442
}

// Read the user id Flask-Login stored when the user logged in on the Flask
// side.
func Example_flaskLoginUser() {
	m := flasksession.New("dev-secret")
	m.Now = exampleClock
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		uid := s.GetString("_user_id")
		if uid == "" {
			http.Error(w, "login required", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "user %s (fresh login: %v)", uid, s.GetBool("_fresh"))
	}))
	body, _ := exampleDo(h, exampleFlaskCookie)
	fmt.Println(body)
	// Output: user 42 (fresh login: true)
}

// Rotate the secret key without logging anyone out: the old key becomes a
// fallback that still verifies, and new cookies are signed with the new
// key. Do the same in Flask with SECRET_KEY_FALLBACKS.
func Example_keyRotation() {
	m := flasksession.New("new-key")
	m.SecretKeyFallbacks = []string{"dev-secret"}
	m.Now = exampleClock

	values, err := m.DecodeCookie(exampleFlaskCookie) // signed with the old key
	fmt.Println(values["_user_id"], err)

	cookie, _ := m.EncodeCookie(values) // signed with the new key
	old := flasksession.New("dev-secret")
	old.Now = exampleClock
	_, err = old.DecodeCookie(cookie)
	fmt.Println(err != nil)
	// Output:
	// 42 <nil>
	// true
}

// Share one deployment configuration with a Flask app that reads
// app.config.from_prefixed_env().
func ExampleFromEnv() {
	os.Setenv("MYAPP_SECRET_KEY", "a long random secret")
	os.Setenv("MYAPP_SECRET_KEY_FALLBACKS", `["older secret"]`)
	os.Setenv("MYAPP_SESSION_COOKIE_SAMESITE", "lax")
	os.Setenv("MYAPP_PERMANENT_SESSION_LIFETIME", "3600")
	os.Setenv("MYAPP_SESSION_COOKIE_SECURE", "true")
	defer func() {
		for _, k := range []string{"SECRET_KEY", "SECRET_KEY_FALLBACKS", "SESSION_COOKIE_SAMESITE", "PERMANENT_SESSION_LIFETIME", "SESSION_COOKIE_SECURE"} {
			os.Unsetenv("MYAPP_" + k)
		}
	}()

	m, err := flasksession.FromEnv("MYAPP")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Lifetime, m.Cookie.SameSite == http.SameSiteLaxMode, m.Cookie.Secure, len(m.SecretKeyFallbacks))
	// Output: 1h0m0s true true 1
}

// Use the lower-level Open and Save where a middleware does not fit.
func ExampleManager_Open() {
	m := flasksession.New("a long random secret")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, err := m.Open(r)
		if err != nil {
			// a bad cookie: s is a fresh, empty session
			fmt.Println("rejected cookie:", err != nil)
		}
		s.Set("n", s.GetInt("n")+1)
		if err := m.Save(w, s); err != nil {
			fmt.Println(err)
		}
		io.WriteString(w, "ok")
	})
	exampleDo(h, "not-a-flask-cookie")
	// Output: rejected cookie: true
}

// Reproduce get_flashed_messages(category_filter="errors") exactly: Python
// tests each category with `in` against the string, a substring test.
func ExampleSession_FlashesSubstring() {
	m := flasksession.New("a long random secret")
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		if r.URL.Query().Has("save") {
			s.Flash("Bad password", "error")
			s.Flash("Saved", "message")
			return
		}
		fmt.Fprintln(w, s.Flashes("errors"))          // exact categories: none
		fmt.Fprintln(w, s.FlashesSubstring("errors")) // Python's str filter
	}))
	r := httptest.NewRequest("POST", "/?save", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := exampleDo(h, w.Result().Cookies()[0].Value)
	fmt.Print(body)
	// Output:
	// []
	// [{error Bad password false}]
}
