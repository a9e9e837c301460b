package flasksession

import "net/http"

// CookieValue returns the value of the first cookie called name in h's
// Cookie headers (several header lines joined with ";", as Werkzeug joins
// them), as Flask's request.cookies holds it: the header read as Latin-1,
// then parsed and unquoted as Werkzeug's parse_cookie does (the middleware
// reads the session cookie this way). It reports false when there is no
// such cookie. The result, in UTF-8, is what [Manager.DecodeCookie] takes:
// together they open a session outside the middleware, from any request's
// headers.
func CookieValue(h http.Header, name string) (value string, ok bool) {
	raw, ok := findRawCookie(h, name, -1)
	if !ok {
		return "", false
	}
	b, _ := appendCookieText(nil, raw, -1)
	return string(b), true
}
