package flasklogin

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestRequestURL(t *testing.T) {
	// Expected values are Werkzeug 3.1's request.url for the same request.
	tests := []struct {
		name, host, path, rawQuery, want string
	}{
		{"host lower-cased, %2B kept, UTF-8 decoded", "Example.COM:8080", "/p/ä b", "a=%2B&b=%41%c3%a4&c=x y", "http://example.com:8080/p/ä%20b?a=%2B&b=Aä&c=x%20y"},
		{"? in the path and bytes that are not UTF-8 stay encoded", "h", "/a?b", "q=%ff%E2%82", "http://h/a%3Fb?q=%FF%E2%82"},
		{"leading slashes collapse, so next never names another host", "h", "//evil.example//x", "", "http://h/evil.example//x"},
		{"default port dropped", "H:80", "/p", "", "http://h/p"},
		{"a literal % is left for uri_to_iri, which decodes %41", "h", "/a%41%,b", "", "http://h/aA%,b"},
		{"a truncated UTF-8 sequence is one U+FFFD, as Python decodes it", "h", "/\xe2\x829\xff\xfe", "", "http://h/\uFFFD9\uFFFD\uFFFD"},
		{"other port kept", "h:8443", "/p", "", "http://h:8443/p"},
		{"IPv6 host with default port", "[::1]:80", "/p", "", "http://[::1]/p"},
		{"host with characters Werkzeug refuses is empty", "h@evil.example", "/p", "", "http:///p"},
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
		{"absolute view on the default port names the full URL", "http://h:80/login", "http://h/p", "", "http://h:80/login?next=http%3A%2F%2Fh%2Fp"},
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

// FuzzLoginURL: whatever the request's host, path and query, the redirect
// to a login view given as a path stays on the site (no scheme, no host)
// and carries a next that is a local path (one leading "/", never "//",
// which a browser would read as another host).
func FuzzLoginURL(f *testing.F) {
	f.Add("h", "/p", "a=1")
	f.Add("Example.COM:80", "//evil.example/x", "next=%2F%2Fx#y")
	f.Add("[::1]:443", "/%zz/\xff", "%E2%82&=&&")
	f.Add("h@evil", "", "?")
	f.Fuzz(func(t *testing.T, host, path, rawQuery string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host, r.URL.Path, r.URL.RawQuery = host, path, rawQuery
		loc := loginURL("/login?z=1", requestURL(r), "")
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatalf("Location %q does not parse: %v", loc, err)
		}
		if u.Scheme != "" || u.Host != "" || u.Path != "/login" {
			t.Fatalf("Location %q leaves the login view", loc)
		}
		next := u.Query().Get("next")
		if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
			t.Fatalf("next %q (Location %q) is not a local path", next, loc)
		}
	})
}
