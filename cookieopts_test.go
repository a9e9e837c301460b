package flasksession

import (
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
	"github.com/flasksession/flasksession/internal/pyutf8"
)

func TestCookieDomain(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{".Example.com:8080", "Example.com", false},
		{"example.com", "example.com", false},
		{"...a.b", "a.b", false},
		{"localhost", "localhost", false},
		{"bücher.example", "xn--bcher-kva.example", false},
		{"Bücher.Example", "xn--bcher-kva.Example", false},
		{"straße.de", "strasse.de", false},
		{"münchen.de.", "xn--mnchen-3ya.de.", false},
		{"日本語。jp", "xn--wgv71a119e.jp", false},
		{":8080", "", false},
		{"ＥＸＡＭＰＬＥ.com", "example.com", false},
		{"Ｂücher.de", "xn--bcher-kva.de", false},
		{"ÉCOLE.fr", "xn--cole-9oa.fr", false},
		{"a\u00adb.de", "ab.de", false},
		{"a..b", "", true},
		{"x" + string(make([]byte, 0)) + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", "", true},
	}
	for _, tt := range tests {
		got, err := cookieDomain(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("cookieDomain(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestQuotePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/", "/"},
		{"/app path", "/app%20path"},
		{"/a;b", "/a%3Bb"},
		{"/~user/%41!$&'()*+,:=@", "/~user/%41!$&'()*+,:=@"},
		{"/é", "/%C3%A9"},
		{`/"q"`, "/%22q%22"},
	}
	for _, tt := range tests {
		if got := quotePath(tt.in); got != tt.want {
			t.Errorf("quotePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCookieFormat(t *testing.T) {
	expires := time.Unix(1700000000, 750_000_000).Add(31 * 24 * time.Hour)
	tests := []struct {
		name    string
		opts    CookieOptions
		value   string
		expires time.Time
		want    string
		delete  string
	}{
		{
			name:   "flask defaults",
			opts:   CookieOptions{Name: "session", Path: "/", HTTPOnly: true},
			value:  "v",
			want:   "session=v; HttpOnly; Path=/",
			delete: "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/",
		},
		{
			name:    "permanent",
			opts:    CookieOptions{Name: "session", Path: "/", HTTPOnly: true},
			value:   "v",
			expires: expires,
			want:    "session=v; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/",
		},
		{
			name:    "every option (vector cookie options)",
			opts:    CookieOptions{Name: "sid", Domain: ".Example.com:8080", Path: "/app path", SameSite: http.SameSiteLaxMode, Partitioned: true},
			value:   "v",
			expires: expires,
			want:    "sid=v; Domain=Example.com; Expires=Fri, 15 Dec 2023 22:13:20 GMT; Secure; Path=/app%20path; SameSite=Lax; Partitioned",
			delete:  "sid=; Domain=Example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/app%20path; SameSite=Lax; Partitioned",
		},
		{
			name:  "domain that strips to nothing is written empty",
			opts:  CookieOptions{Name: "s", Domain: ".:8080", Path: "/"},
			value: "v",
			want:  "s=v; Domain=; Path=/",
		},
		{
			name:  "trailing dot kept",
			opts:  CookieOptions{Name: "s", Domain: "Ex.com.", Path: "/"},
			value: "v",
			want:  "s=v; Domain=Ex.com.; Path=/",
		},
		{
			name:  "empty path is /, strict, none",
			opts:  CookieOptions{Name: "s", SameSite: http.SameSiteStrictMode, Secure: true},
			value: "v",
			want:  "s=v; Secure; Path=/; SameSite=Strict",
		},
		{
			name:  "SameSite None and default mode",
			opts:  CookieOptions{Name: "s", SameSite: http.SameSiteNoneMode},
			value: "v",
			want:  "s=v; Path=/; SameSite=None",
		},
		{
			name:  "SameSiteDefaultMode omits the attribute",
			opts:  CookieOptions{Name: "s", SameSite: http.SameSiteDefaultMode},
			value: "v",
			want:  "s=v; Path=/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.opts.format()
			if err != nil {
				t.Fatal(err)
			}
			got, err := f.appendSetCookie(nil, tt.expires, func(dst []byte) ([]byte, error) { return append(dst, tt.value...), nil })
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Set-Cookie = %q\nwant         %q", got, tt.want)
			}
			if tt.delete != "" && f.delete != tt.delete {
				t.Errorf("delete = %q\nwant     %q", f.delete, tt.delete)
			}
		})
	}
}

func TestCookieOptionsErrors(t *testing.T) {
	tests := []struct {
		name  string
		opts  CookieOptions
		field string // the field the message must name
	}{
		{"empty name", CookieOptions{Name: ""}, "Cookie.Name"},
		{"space in name", CookieOptions{Name: "a b"}, "Cookie.Name"},
		{"NUL in name", CookieOptions{Name: "a\x00b"}, "Cookie.Name"},
		{"DEL in name", CookieOptions{Name: "a\x7fb"}, "Cookie.Name"},
		{"CR LF in name", CookieOptions{Name: "s\r\nSet-Cookie: x=y"}, "Cookie.Name"},
		{"equals in name", CookieOptions{Name: "a=b"}, "Cookie.Name"},
		{"semicolon in name", CookieOptions{Name: "a;b"}, "Cookie.Name"},
		{"separators in name", CookieOptions{Name: "a(b)"}, "Cookie.Name"},
		{"slash in name", CookieOptions{Name: "a/b"}, "Cookie.Name"},
		{"non-ASCII name Flask cannot read back", CookieOptions{Name: "sess-ïon"}, "Latin-1"},
		{"invalid UTF-8 name", CookieOptions{Name: "s\xff"}, "Latin-1"},
		{"bad SameSite", CookieOptions{Name: "s", SameSite: http.SameSite(42)}, "Cookie.SameSite"},
		{"empty label in domain", CookieOptions{Name: "s", Domain: "a..b"}, "Cookie.Domain"},
		{"attribute injected through the domain", CookieOptions{Name: "s", Domain: "example.com; SameSite=None; Domain=evil.example"}, "Cookie.Domain"},
		{"CR LF in domain", CookieOptions{Name: "s", Domain: "example.com\r\nX-Evil: 1"}, "Cookie.Domain"},
		{"space in domain", CookieOptions{Name: "s", Domain: "exa mple.com"}, "Cookie.Domain"},
		{"underscore in domain", CookieOptions{Name: "s", Domain: "my_host.example"}, "Cookie.Domain"},
		{"injection inside a non-ASCII domain", CookieOptions{Name: "s", Domain: "bü;cher.example"}, "Cookie.Domain"},
		{"port with letters", CookieOptions{Name: "s", Domain: "example.com:80;x"}, "Cookie.Domain"},
		{"CR LF in path", CookieOptions{Name: "s", Path: "/app\r\nX-Evil: 1"}, "Cookie.Path"},
		{"NUL in path", CookieOptions{Name: "s", Path: "/a\x00"}, "Cookie.Path"},
		{"DEL in path", CookieOptions{Name: "s", Path: "/a\x7f"}, "Cookie.Path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.opts.format()
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("error %v, want ErrConfig", err)
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not mention %s", err, tt.field)
			}
		})
	}
}

func TestCookieOptionsAccepted(t *testing.T) {
	// Everything here reaches the header as Werkzeug writes it, and none
	// of it can end an attribute early.
	tests := []struct {
		name string
		opts CookieOptions
		want string // the Set-Cookie header of the deleting cookie
	}{
		{"every token character in the name",
			CookieOptions{Name: "!#$%&'*+-.^_`|~09AZaz"},
			"!#$%&'*+-.^_`|~09AZaz=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"},
		{"domain with a port and leading dots",
			CookieOptions{Name: "s", Domain: "..Example.com:8443"},
			"s=; Domain=Example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"},
		{"non-ASCII domain in punycode",
			CookieOptions{Name: "s", Domain: "bücher.example"},
			"s=; Domain=xn--bcher-kva.example; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/"},
		{"semicolon in the path is percent-encoded, as Werkzeug does",
			CookieOptions{Name: "s", Path: "/a; Domain=evil.example"},
			"s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/a%3B%20Domain=evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.opts.format()
			if err != nil {
				t.Fatal(err)
			}
			if f.delete != tt.want {
				t.Errorf("delete header\n got %q\nwant %q", f.delete, tt.want)
			}
		})
	}
}

//go:embed testdata/werkzeug_cookie_names.py
var werkzeugCookieNamesPy string

// TestCookieNameRuleAgainstWerkzeug checks the cookie-name rule against
// Werkzeug's own dump_cookie and request-side parse_cookie: every name
// the rule accepts is one Flask finds again, and every name Flask cannot
// find again is refused (non-ASCII names with a message that says why).
func TestCookieNameRuleAgainstWerkzeug(t *testing.T) {
	var names []string
	for c := 0; c < 0x80; c++ {
		names = append(names, string(rune(c)), "a"+string(rune(c))+"b")
	}
	names = append(names, "session", "sess-ïon", "é", "caf\u00e9", "\u00a0s", "s\u0085", "日本", "emoji\U0001F600", " session", "session ", "a=b=c")
	in, err := json.Marshal(names)
	if err != nil {
		t.Fatal(err)
	}
	var readBack []bool
	out := interop.Run(t, werkzeugCookieNamesPy, in)
	if err := json.Unmarshal(out, &readBack); err != nil || len(readBack) != len(names) {
		t.Fatalf("oracle answered %q (%v)", out, err)
	}
	accepted := 0
	for i, name := range names {
		err := checkCookieName(name)
		switch {
		case err == nil && !readBack[i]:
			t.Errorf("name %q is accepted, but Flask would never read the cookie back", name)
		case err == nil:
			accepted++
		case !errors.Is(err, ErrConfig):
			t.Errorf("name %q: error %v does not match ErrConfig", name, err)
		case !pyutf8.ASCII(name) && !strings.Contains(err.Error(), "Latin-1"):
			t.Errorf("name %q: error %q does not say why Flask cannot read it back", name, err)
		}
	}
	// The rule is RFC 6265's token: 77 visible ASCII characters, alone
	// or between two letters, and "session".
	if want := 2*77 + 1; accepted != want {
		t.Errorf("%d names accepted, want %d", accepted, want)
	}
}
