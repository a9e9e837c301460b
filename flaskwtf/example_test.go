package flaskwtf_test

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/flaskwtf"
)

// What a Flask app with SECRET_KEY "flask-secret" and CSRFProtect sent a
// browser at 2023-11-14 22:13:20 UTC: the session cookie holding the raw
// token, and the token generate_csrf() put in the form (both made by Flask
// 2.2 and Flask-WTF 1.1).
const (
	flaskSessionCookie = "eyJjc3JmX3Rva2VuIjoiNWFiMWUzYzdkMGYyYTQ5NjhiN2MxZTBkM2Y1YTJiNGM2ZDhlMGYxYSJ9.ZVPxAA._O9DMeMKiTM_OY7tPB_pwUqMpP4"
	flaskFormToken     = "IjVhYjFlM2M3ZDBmMmE0OTY4YjdjMWUwZDNmNWEyYjRjNmQ4ZTBmMWEi.ZVPxAA.e5wZSAFXA6eJbWYJZNri3qQxfo0"
)

// flaskTime is when Flask made them. The examples set the Manager's clock
// near it so that their output does not depend on today's date.
var flaskTime = time.Unix(1700000000, 0)

func minutesAfterFlask(m *flasksession.Manager, minutes int) {
	m.Now = func() time.Time { return flaskTime.Add(time.Duration(minutes) * time.Minute) }
}

// The quick start: the CSRFProtect middleware inside the Manager's, a page
// that renders the token, and a handler reached only with it.
func Example() {
	m := flasksession.New("flask-secret") // os.Getenv("FLASK_SECRET_KEY")
	csrf := flaskwtf.New(m)
	csrf.Exempt("POST /webhooks/")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /comments/new", func(w http.ResponseWriter, r *http.Request) {
		token, err := flaskwtf.GenerateCSRF(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, `<form method="post" action="/comments">
<input type="hidden" name="csrf_token" value="%s"><textarea name="text"></textarea></form>`, token)
	})
	mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "saved %q", r.PostFormValue("text"))
	})
	handler := m.Middleware(csrf.Middleware(mux))
	// http.ListenAndServe("127.0.0.1:8080", handler)

	// What a browser does: load the form, post it back with the cookie.
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest("GET", "/comments/new", nil))
	cookie, page := rec.Result().Cookies()[0], rec.Body.String()
	token := page[strings.Index(page, `value="`)+7 : strings.Index(page, `"><textarea`)]
	for _, form := range []url.Values{{"csrf_token": {token}, "text": {"hi"}}, {"text": {"forged"}}} {
		req := httptest.NewRequest("POST", "/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.Contains(rec.Body.String(), "saved"))
	}
	// Output:
	// 200 true
	// 400 false
}

// A form rendered by Flask posts to a Go handler: the Go side accepts the
// token Flask's generate_csrf made, and rejects the post without it with
// Flask-WTF's own message.
func Example_formFromFlask() {
	m := flasksession.New("flask-secret")
	minutesAfterFlask(m, 5)
	csrf := flaskwtf.New(m)

	mux := http.NewServeMux()
	mux.HandleFunc("POST /comments", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "saved %q", r.PostFormValue("text"))
	})
	h := m.Middleware(csrf.Middleware(mux))

	post := func(form url.Values) {
		req := httptest.NewRequest("POST", "/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "session", Value: flaskSessionCookie})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			body = body[strings.Index(body, "<p>")+3 : strings.Index(body, "</p>")]
		}
		fmt.Println(rec.Code, body)
	}
	post(url.Values{"csrf_token": {flaskFormToken}, "text": {"hello from a Flask form"}})
	post(url.Values{"text": {"no token"}})
	// Output:
	// 200 saved "hello from a Flask form"
	// 400 The CSRF token is missing.
}

// A Go page renders a form whose token Flask accepts: GenerateCSRF signs
// the session's raw token exactly as Flask-WTF's generate_csrf does (here,
// in the same second and session as the Flask page above, the very same
// token), and creates the raw token when the session has none.
func ExampleGenerateCSRF() {
	m := flasksession.New("flask-secret")
	minutesAfterFlask(m, 0)
	csrf := flaskwtf.New(m)
	page := template.Must(template.New("form").Parse(
		`<form method="post" action="/flask/comments"><input type="hidden" name="csrf_token" value="{{.}}"></form>`))

	h := m.Middleware(csrf.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := flaskwtf.GenerateCSRF(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		page.Execute(w, token)
	})))

	req := httptest.NewRequest("GET", "/comments/new", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: flaskSessionCookie})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Body.String())
	fmt.Println(strings.Contains(rec.Body.String(), flaskFormToken))

	// A new visitor: the raw token is created and sent in the session
	// cookie, which Flask reads too.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/comments/new", nil))
	fmt.Println(len(rec.Result().Cookies()) == 1 && strings.Contains(rec.Body.String(), `name="csrf_token"`))
	// Output:
	// <form method="post" action="/flask/comments"><input type="hidden" name="csrf_token" value="IjVhYjFlM2M3ZDBmMmE0OTY4YjdjMWUwZDNmNWEyYjRjNmQ4ZTBmMWEi.ZVPxAA.e5wZSAFXA6eJbWYJZNri3qQxfo0"></form>
	// true
	// true
}

// The JavaScript flow: the page carries the token in a meta tag, and
// scripts send it back in the X-CSRFToken header, which both Flask-WTF and
// the Go middleware read. The fetch below is what the browser would send.
func Example_javaScriptHeader() {
	m := flasksession.New("flask-secret")
	now := flaskTime
	m.Now = func() time.Time { return now } // the clock tokens are timed with
	csrf := flaskwtf.New(m)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /app", func(w http.ResponseWriter, r *http.Request) {
		token, _ := flaskwtf.GenerateCSRF(r)
		fmt.Fprintf(w, `<meta name="csrf-token" content="%s">
<script>
fetch("/api/likes", {method: "POST", headers: {"X-CSRFToken": document.querySelector('meta[name="csrf-token"]').content}});
</script>`, template.HTMLEscapeString(token))
	})
	mux.HandleFunc("POST /api/likes", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"likes": 1}`)
	})
	h := m.Middleware(csrf.Middleware(mux))

	// Load the page; keep its session cookie and token.
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/app", nil))
	cookie := rec.Result().Cookies()[0]
	body := rec.Body.String()
	token := body[strings.Index(body, `content="`)+9 : strings.Index(body, `">`)]

	// The script's fetch, ten minutes later.
	now = now.Add(10 * time.Minute)
	req := httptest.NewRequest("POST", "/api/likes", nil)
	req.AddCookie(cookie)
	req.Header.Set("X-CSRFToken", token)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 200 {"likes": 1}
}

// Webhooks come from other servers, which have no token: exempt them with
// a ServeMux pattern, whatever router serves them.
func ExampleCSRFProtect_Exempt() {
	m := flasksession.New("flask-secret")
	csrf := flaskwtf.New(m)
	csrf.Exempt("POST /webhooks/")
	h := m.Middleware(csrf.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "accepted")
	})))
	for _, path := range []string{"/webhooks/github", "/comments"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", path, nil))
		fmt.Println(path, rec.Code)
	}
	// Output:
	// /webhooks/github 200
	// /comments 400
}
