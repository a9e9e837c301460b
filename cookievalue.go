package flasksession

import "net/http"

// CookieValue returns the value of the first cookie called name in h's
// Cookie headers, as Flask's request.cookies holds it: the headers are
// parsed as Werkzeug's parse_cookie parses them, and a "..." value is
// unquoted. It reports false when there is no such cookie. Together with
// DecodeCookie it opens a session outside the middleware, from any
// request's headers.
func CookieValue(h http.Header, name string) (value string, ok bool) {
	return findCookie(h, name)
}
