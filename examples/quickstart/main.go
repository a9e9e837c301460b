// Command quickstart is the Quick start of the package documentation and
// the README: a Go handler that shares the session cookie of a Flask app.
// Its tests check that both documents show this file as it is.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/flasksession/flasksession"
)

func main() {
	m := flasksession.New(os.Getenv("FLASK_SECRET_KEY")) // the Flask app's SECRET_KEY
	if err := m.Validate(); err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", m.Middleware(routes())))
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s := flasksession.FromContext(r.Context())
		visits := s.GetInt("visits") + 1
		s.Set("visits", visits) // before the body: the session is saved when it starts

		if uid := s.GetString("_user_id"); uid != "" { // logged in through Flask-Login
			fmt.Fprintf(w, "hello user %s, visit %d\n", uid, visits)
			return
		}
		http.Error(w, "please log in", http.StatusUnauthorized)
	})
	mux.HandleFunc("POST /note", func(w http.ResponseWriter, r *http.Request) {
		flasksession.FromContext(r.Context()).Flash("Saved", "info") // get_flashed_messages() shows it
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	return mux
}
