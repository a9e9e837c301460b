package flasklogin

import (
	"net/http/httptest"
	"testing"
)

func TestRequestURL(t *testing.T) {
	// Expected values are Werkzeug 3.1's request.url for the same request.
	tests := []struct {
		name, host, path, rawQuery, want string
	}{
		{"host lower-cased, %2B kept, UTF-8 decoded", "Example.COM:8080", "/p/ä b", "a=%2B&b=%41%c3%a4&c=x y", "http://example.com:8080/p/ä%20b?a=%2B&b=Aä&c=x%20y"},
		{"? in the path and bytes that are not UTF-8 stay encoded", "h", "/a?b", "q=%ff%E2%82", "http://h/a%3Fb?q=%FF%E2%82"},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host, r.URL.Path, r.URL.RawQuery = tc.host, tc.path, tc.rawQuery
		if got := requestURL(r); got != tc.want {
			t.Errorf("%s: requestURL = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLoginURL(t *testing.T) {
	// Flask-Login 0.6.3's login_url: the view's query keeps its order
	// (parsed and encoded again), next goes last or replaces its own key.
	tests := []struct {
		name, view, next, force, want string
	}{
		{"no next", "/login", "", "", "/login"},
		{"relative next", "/login", "http://h/p?x=1", "", "/login?next=%2Fp%3Fx%3D1"},
		{"query order kept, next last", "/login?z=1&a=b+c&e", "http://h/p", "", "/login?z=1&a=b+c&e=&next=%2Fp"},
		{"existing next replaced in place", "/login?next=old&z=1", "http://h/p", "", "/login?next=%2Fp&z=1"},
		{"other host keeps the full URL", "https://sso.example/login", "http://h/p", "", "https://sso.example/login?next=http%3A%2F%2Fh%2Fp"},
		{"same host is reduced", "http://h/login", "http://h/p", "", "http://h/login?next=%2Fp"},
		{"forced host", "/login", "http://h/p", "app.example", "//app.example/login?next=%2Fp"},
	}
	for _, tc := range tests {
		if got := loginURL(tc.view, tc.next, tc.force); got != tc.want {
			t.Errorf("%s: loginURL = %q, want %q", tc.name, got, tc.want)
		}
	}
}
