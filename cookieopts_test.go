package flasksession

import (
	"errors"
	"net/http"
	"testing"
	"time"
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

func TestPunycodeRFC3492(t *testing.T) {
	// Samples from RFC 3492 section 7.1 (lower-cased input where the RFC
	// mixes case, since nameprep folds it before encoding).
	tests := []struct{ in, want string }{
		{"ü", "tda"},
		{"bücher", "bcher-kva"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"},
		{"3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"},
		{"-> $1.00 <-", "-> $1.00 <--"},
	}
	for _, tt := range tests {
		got, err := punycodeEncode(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("punycodeEncode(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
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
	bad := []CookieOptions{
		{Name: ""},
		{Name: "a b"},
		{Name: "s", SameSite: http.SameSite(42)},
		{Name: "s", Domain: "a..b"},
	}
	for _, o := range bad {
		if _, err := o.format(); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: error %v, want ErrConfig", o, err)
		}
	}
}
