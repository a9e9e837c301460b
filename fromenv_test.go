package flasksession

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want func(m *Manager)
	}{
		{"nothing set: Flask defaults and no key", nil, func(m *Manager) {}},
		{"plain strings and JSON values", map[string]string{
			"FLASK_SECRET_KEY":                   "s3cret",
			"FLASK_SECRET_KEY_FALLBACKS":         `["old-2", "old-1"]`,
			"FLASK_PERMANENT_SESSION_LIFETIME":   "3600",
			"FLASK_SESSION_REFRESH_EACH_REQUEST": "false",
			"FLASK_SESSION_COOKIE_NAME":          "sid",
			"FLASK_SESSION_COOKIE_DOMAIN":        ".example.com",
			"FLASK_SESSION_COOKIE_PATH":          "/app",
			"FLASK_SESSION_COOKIE_HTTPONLY":      "false",
			"FLASK_SESSION_COOKIE_SECURE":        "true",
			"FLASK_SESSION_COOKIE_PARTITIONED":   "true",
			"FLASK_SESSION_COOKIE_SAMESITE":      "strict",
			"FLASK_MAX_COOKIE_SIZE":              "0",
		}, func(m *Manager) {
			m.SecretKey = "s3cret"
			m.SecretKeyFallbacks = []string{"old-2", "old-1"}
			m.Lifetime = time.Hour
			m.RefreshEachRequest = false
			m.Cookie = CookieOptions{Name: "sid", Domain: ".example.com", Path: "/app", HTTPOnly: false, Secure: true, Partitioned: true, SameSite: http.SameSiteStrictMode}
			m.MaxCookieSize = -1
		}},
		{"JSON-quoted key, fractional lifetime, APPLICATION_ROOT", map[string]string{
			"FLASK_SECRET_KEY":                 `"quoted"`,
			"FLASK_PERMANENT_SESSION_LIFETIME": "1.5",
			"FLASK_APPLICATION_ROOT":           "/root",
			"FLASK_SESSION_COOKIE_SAMESITE":    "None",
		}, func(m *Manager) {
			m.SecretKey = "quoted"
			m.Lifetime = 1500 * time.Millisecond
			m.Cookie.Path = "/root"
			m.Cookie.SameSite = http.SameSiteNoneMode
		}},
		{"null SameSite and domain", map[string]string{
			"FLASK_SESSION_COOKIE_SAMESITE": "null",
			"FLASK_SESSION_COOKIE_DOMAIN":   "false",
		}, func(m *Manager) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fromLookup("", func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if err != nil {
				t.Fatal(err)
			}
			want := New("")
			tt.want(want)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Manager{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromEnvErrors(t *testing.T) {
	tests := []struct {
		name, key, value string
	}{
		{"numeric secret", "MYAPP_SECRET_KEY", "12345"},
		{"fallbacks not a list", "MYAPP_SECRET_KEY_FALLBACKS", "old-key"},
		{"fallback not a string", "MYAPP_SECRET_KEY_FALLBACKS", `["a", 1]`},
		{"lifetime as text", "MYAPP_PERMANENT_SESSION_LIFETIME", "31 days"},
		{"negative lifetime", "MYAPP_PERMANENT_SESSION_LIFETIME", "-5"},
		{"bool as text", "MYAPP_SESSION_COOKIE_SECURE", "yes"},
		{"bool as number", "MYAPP_SESSION_COOKIE_HTTPONLY", "1"},
		{"bad samesite", "MYAPP_SESSION_COOKIE_SAMESITE", "sometimes"},
		{"fractional size", "MYAPP_MAX_COOKIE_SIZE", "1.5"},
		{"name not a string", "MYAPP_SESSION_COOKIE_NAME", "[1]"},
		{"empty fallback key", "MYAPP_SECRET_KEY_FALLBACKS", `[""]`},
		{"empty fallback key after a good one", "MYAPP_SECRET_KEY_FALLBACKS", `["old", ""]`},
		{"non-ASCII cookie name Flask cannot read back", "MYAPP_SESSION_COOKIE_NAME", "sess-ïon"},
		{"separator in cookie name", "MYAPP_SESSION_COOKIE_NAME", "a;b"},
		{"empty cookie name", "MYAPP_SESSION_COOKIE_NAME", `""`},
		{"attribute injected through the domain", "MYAPP_SESSION_COOKIE_DOMAIN", "example.com; SameSite=None; Domain=evil.example"},
		{"CR LF in the domain", "MYAPP_SESSION_COOKIE_DOMAIN", "example.com\r\nX-Evil: 1"},
		{"control character in the path", "MYAPP_SESSION_COOKIE_PATH", `"/app\u0000"`},
		{"control character in APPLICATION_ROOT", "MYAPP_APPLICATION_ROOT", "/app\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fromLookup("MYAPP", func(k string) (string, bool) {
				if k == tt.key {
					return tt.value, true
				}
				return "", false
			})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.key) {
				t.Errorf("error %q does not name %s", err, tt.key)
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("error %q does not match ErrConfig", err)
			}
			if tt.key == "MYAPP_SECRET_KEY" && strings.Contains(err.Error(), tt.value) {
				t.Errorf("error %q quotes the secret", err)
			}
		})
	}
}

func TestFromEnvReadsTheDocumentedSettings(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	// The rows of the settings table: "//\tNAME   Manager.Field ...".
	row := regexp.MustCompile(`(?m)^//\t([A-Z][A-Z_]+) +Manager\.`)
	var documented []string
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		documented = append(documented, m[1])
	}
	var read []string
	for _, ev := range envVars {
		read = append(read, ev.key)
	}
	less := func(a, b string) bool { return a < b }
	if diff := cmp.Diff(documented, read, cmpopts.SortSlices(less)); diff != "" {
		t.Errorf("doc.go's settings table (-) and the variables FromEnv reads (+) differ:\n%s", diff)
	}
}

func TestFromEnvCookiePathFallsBackToApplicationRoot(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"neither", nil, "/"},
		{"APPLICATION_ROOT alone", map[string]string{"FLASK_APPLICATION_ROOT": "/root"}, "/root"},
		{"SESSION_COOKIE_PATH wins", map[string]string{"FLASK_APPLICATION_ROOT": "/root", "FLASK_SESSION_COOKIE_PATH": "/app"}, "/app"},
		{"null SESSION_COOKIE_PATH falls back", map[string]string{"FLASK_APPLICATION_ROOT": "/root", "FLASK_SESSION_COOKIE_PATH": "null"}, "/root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := fromLookup("", func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if err != nil {
				t.Fatal(err)
			}
			if m.Cookie.Path != tt.want {
				t.Errorf("Cookie.Path = %q, want %q", m.Cookie.Path, tt.want)
			}
		})
	}
}

func TestParseSameSite(t *testing.T) {
	for in, want := range map[string]http.SameSite{"lax": http.SameSiteLaxMode, "LAX": http.SameSiteLaxMode, "Strict": http.SameSiteStrictMode, "none": http.SameSiteNoneMode} {
		if got, err := ParseSameSite(in); err != nil || got != want {
			t.Errorf("ParseSameSite(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSameSite("la x"); !errors.Is(err, ErrConfig) {
		t.Errorf("bad value: %v", err)
	}
}

func TestFromEnvFieldsSetAfterwardsTakeEffect(t *testing.T) {
	t.Setenv("APP_SECRET_KEY", "k")
	m, err := FromEnv("APP")
	if err != nil {
		t.Fatal(err)
	}
	var got []error
	m.ErrorHandler = func(_ *http.Request, err error) { got = append(got, err) }
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		FromContext(r.Context()).Len()
	}))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", "session=garbage")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if len(got) != 1 || !errors.Is(got[0], ErrInvalidCookie) {
		t.Fatalf("ErrorHandler set after FromEnv got %v, want one ErrInvalidCookie", got)
	}
}

func TestFromEnvPrefixIsJoinedWithAnUnderscoreAsFlaskDoes(t *testing.T) {
	// from_prefixed_env("MYAPP_") reads MYAPP__SECRET_KEY (Flask appends "_").
	env := map[string]string{"MYAPP_SECRET_KEY": "single", "MYAPP__SECRET_KEY": "double"}
	m, err := fromLookup("MYAPP_", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if m.SecretKey != "double" {
		t.Errorf("SecretKey from prefix MYAPP_ = %q, want the MYAPP__SECRET_KEY value", m.SecretKey)
	}
}
