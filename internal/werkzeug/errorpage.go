// Package werkzeug writes the responses Werkzeug's exceptions render, for
// the packages that answer as a Flask extension would (flasklogin's 401,
// flaskwtf's 400).
package werkzeug

import (
	"html"
	"net/http"
	"strconv"
)

// WriteError writes the page Werkzeug's HTTPException.get_body renders for
// code (werkzeug/exceptions.py), byte for byte: the status text as its
// name, and description escaped as markupsafe.escape does (html.EscapeString
// escapes the same five characters with the same entities).
func WriteError(w http.ResponseWriter, code int, description string) {
	name := http.StatusText(code)
	body := "<!doctype html>\n<html lang=en>\n<title>" + strconv.Itoa(code) + " " + name +
		"</title>\n<h1>" + name + "</h1>\n<p>" + html.EscapeString(description) + "</p>\n"
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Del("Content-Length")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}
