package flaskwtf

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		prefix  string
		env     map[string]string
		want    func(*CSRFProtect)
		wantErr string // substring; the error must match flasksession.ErrConfig
		noKey   bool   // the Manager has no SecretKey
	}{
		{name: "nothing set keeps the defaults", want: func(*CSRFProtect) {}},
		{name: "every key", env: map[string]string{
			"FLASK_WTF_CSRF_ENABLED":       "false",
			"FLASK_WTF_CSRF_CHECK_DEFAULT": "false",
			"FLASK_WTF_CSRF_METHODS":       `["POST","DELETE"]`,
			"FLASK_WTF_CSRF_FIELD_NAME":    "tok",
			"FLASK_WTF_CSRF_HEADERS":       `["X-XSRF-Token"]`,
			"FLASK_WTF_CSRF_TIME_LIMIT":    "600",
			"FLASK_WTF_CSRF_SSL_STRICT":    "false",
			"FLASK_WTF_CSRF_SECRET_KEY":    "csrf-key",
		}, want: func(c *CSRFProtect) {
			c.Enabled, c.CheckDefault, c.SSLStrict = false, false, false
			c.Methods = []string{"POST", "DELETE"}
			c.FieldName = "tok"
			c.Headers = []string{"X-XSRF-Token"}
			c.TimeLimit = 600 * time.Second
			c.SecretKey = "csrf-key"
		}},
		{name: "other prefix", prefix: "APP", env: map[string]string{"APP_WTF_CSRF_FIELD_NAME": "t", "FLASK_WTF_CSRF_FIELD_NAME": "no"},
			want: func(c *CSRFProtect) { c.FieldName = "t" }},
		{name: "time limit null means none", env: map[string]string{"FLASK_WTF_CSRF_TIME_LIMIT": "null"},
			want: func(c *CSRFProtect) { c.TimeLimit = -1 }},
		{name: "fractional time limit", env: map[string]string{"FLASK_WTF_CSRF_TIME_LIMIT": "90.5"},
			want: func(c *CSRFProtect) { c.TimeLimit = 90 * time.Second }},
		{name: "plain string secret", env: map[string]string{"FLASK_WTF_CSRF_SECRET_KEY": "not json"},
			want: func(c *CSRFProtect) { c.SecretKey = "not json" }},
		{name: "time limit 0 refused", env: map[string]string{"FLASK_WTF_CSRF_TIME_LIMIT": "0"}, wantErr: "FLASK_WTF_CSRF_TIME_LIMIT must be at least 1 second"},
		{name: "negative time limit refused", env: map[string]string{"FLASK_WTF_CSRF_TIME_LIMIT": "-5"}, wantErr: "FLASK_WTF_CSRF_TIME_LIMIT"},
		{name: "time limit string refused", env: map[string]string{"FLASK_WTF_CSRF_TIME_LIMIT": "soon"}, wantErr: "not a string"},
		{name: "enabled not a bool", env: map[string]string{"FLASK_WTF_CSRF_ENABLED": "1"}, wantErr: "FLASK_WTF_CSRF_ENABLED must be true or false"},
		{name: "methods not a list", env: map[string]string{"FLASK_WTF_CSRF_METHODS": "POST"}, wantErr: "FLASK_WTF_CSRF_METHODS must be a JSON list"},
		{name: "headers with a number", env: map[string]string{"FLASK_WTF_CSRF_HEADERS": `["X-A", 1]`}, wantErr: "FLASK_WTF_CSRF_HEADERS[1]"},
		{name: "secret not a string, not quoted", env: map[string]string{"FLASK_WTF_CSRF_SECRET_KEY": "12345"}, wantErr: "FLASK_WTF_CSRF_SECRET_KEY must be a string"},
		{name: "no key anywhere is left to Validate", env: map[string]string{"FLASK_WTF_CSRF_FIELD_NAME": "t"}, noKey: true,
			want: func(c *CSRFProtect) { c.FieldName = "t" }},
		{name: "empty field name", env: map[string]string{"FLASK_WTF_CSRF_FIELD_NAME": `""`}, wantErr: "FieldName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := flasksession.New(testKey)
			if tt.noKey {
				m.SecretKey = ""
			}
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			got, err := fromLookup(m, tt.prefix, lookup)
			if tt.wantErr != "" {
				if !errors.Is(err, flasksession.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ErrConfig with %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "12345") {
					t.Errorf("error quotes the secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := New(m)
			tt.want(want)
			opts := cmp.Options{cmpopts.IgnoreUnexported(CSRFProtect{}), cmpopts.IgnoreFields(CSRFProtect{}, "ErrorHandler", "IsSecure")}
			if d := cmp.Diff(want, got, opts); d != "" {
				t.Errorf("(-want +got)\n%s", d)
			}
			if got.m != m {
				t.Error("not bound to the Manager")
			}
			if err := got.Validate(); (err != nil) != tt.noKey {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestValidateConfig(t *testing.T) {
	tests := []struct {
		name      string
		m         *flasksession.Manager
		configure func(*CSRFProtect)
		wantErr   string
	}{
		{"defaults", flasksession.New(testKey), nil, ""},
		{"no Manager", nil, nil, "no Manager"},
		{"no key at all", flasksession.New(""), nil, "a secret key is required"},
		{"own key without a Manager key", flasksession.New(""), func(c *CSRFProtect) { c.SecretKey = "k" }, ""},
		{"empty field name", flasksession.New(testKey), func(c *CSRFProtect) { c.FieldName = "" }, "FieldName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(tt.m)
			if tt.configure != nil {
				tt.configure(c)
			}
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, flasksession.ErrConfig) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want ErrConfig with %q", err, tt.wantErr)
			}
			defer func() {
				if recover() == nil {
					t.Error("Middleware did not panic")
				}
			}()
			c.Middleware(nil)
		})
	}
}

func TestFieldsAreReadOnce(t *testing.T) {
	m := flasksession.New(testKey)
	c := New(m)
	h := m.Middleware(c.Middleware(nil))
	c.Enabled = false // too late: ignored
	rec := serveHandler(h, formPost("/", "a=1"))
	if rec.Code != 400 {
		t.Errorf("got %d, want the check made with the fields as they were", rec.Code)
	}
}
