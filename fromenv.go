package flasksession

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"strings"

	"github.com/flasksession/flasksession/internal/pyconfig"
)

// FromEnv returns a Manager configured from environment variables the way
// Flask's app.config.from_prefixed_env(prefix) reads them, so that a Go
// service and a Flask app can share one deployment configuration. An empty
// prefix means "FLASK". It reads prefix + "_" + each setting of the table
// in the package documentation ("Flask configuration"), FLASK_SECRET_KEY,
// FLASK_SESSION_COOKIE_NAME and so on. Each value is parsed as JSON and, if
// that fails, taken as a plain string, as Flask does: booleans are true or
// false, PERMANENT_SESSION_LIFETIME is seconds, SECRET_KEY_FALLBACKS a JSON
// list of strings (["old-2","old-1"]), and null (or false) clears
// SESSION_COOKIE_DOMAIN and SESSION_COOKIE_SAMESITE.
//
// Unset variables keep New's defaults. A value of the wrong type, or one
// [Manager.Validate] would refuse, is an error matching [ErrConfig] that
// names the variable (never quoting a secret). An unset or empty
// SECRET_KEY is not an error here, as in Flask; Validate reports it. The
// Manager's fields may still be set (ErrorHandler, Now, ...) before the
// first request.
func FromEnv(prefix string) (*Manager, error) {
	return fromLookup(prefix, os.LookupEnv)
}

// envVar is one setting FromEnv reads: its name after the prefix, and how
// a value parsed from JSON is stored in the Manager.
type envVar struct {
	key string
	set func(m *Manager, v any) error
}

// envVars are the settings FromEnv reads, in the order of the table in
// doc.go. A set function's error is completed with the variable's name.
var envVars = []envVar{
	{"SECRET_KEY", func(m *Manager, v any) error {
		s, ok := pyconfig.String(v)
		if !ok {
			return errors.New("must be a string") // the value may be a secret: not quoted
		}
		m.SecretKey = s
		return nil
	}},
	{"SECRET_KEY_FALLBACKS", func(m *Manager, v any) error {
		if v == nil {
			return nil
		}
		keys, err := pyconfig.StringList(v)
		if err != nil {
			return err
		}
		for i, k := range keys {
			if k == "" {
				return fmt.Errorf("[%d] is empty: anyone could sign sessions with it", i)
			}
		}
		m.SecretKeyFallbacks = keys
		return nil
	}},
	{"PERMANENT_SESSION_LIFETIME", func(m *Manager, v any) error {
		d, err := pyconfig.Seconds(v)
		if err != nil {
			return err
		}
		if d < 0 {
			return errors.New("must not be negative (0 means only the current second)")
		}
		m.Lifetime = d
		return nil
	}},
	{"SESSION_REFRESH_EACH_REQUEST", envBool(func(m *Manager) *bool { return &m.RefreshEachRequest })},
	{"SESSION_COOKIE_NAME", func(m *Manager, v any) error {
		s, err := pyconfig.OptionalString(v)
		if err != nil {
			return err
		}
		m.Cookie.Name = s
		return checkCookieName(s)
	}},
	{"SESSION_COOKIE_DOMAIN", func(m *Manager, v any) error {
		s, err := pyconfig.OptionalString(v)
		if err != nil {
			return err
		}
		m.Cookie.Domain = s
		_, err = checkCookieDomain(s)
		return err
	}},
	// Flask's get_cookie_path: SESSION_COOKIE_PATH or APPLICATION_ROOT
	// (or "/", New's default). The path, read second, wins when set.
	{"APPLICATION_ROOT", envPath},
	{"SESSION_COOKIE_PATH", envPath},
	{"SESSION_COOKIE_HTTPONLY", envBool(func(m *Manager) *bool { return &m.Cookie.HTTPOnly })},
	{"SESSION_COOKIE_SECURE", envBool(func(m *Manager) *bool { return &m.Cookie.Secure })},
	{"SESSION_COOKIE_SAMESITE", func(m *Manager, v any) error {
		switch v := v.(type) {
		case nil:
			m.Cookie.SameSite = 0
			return nil
		case string:
			ss, err := ParseSameSite(v)
			m.Cookie.SameSite = ss
			return err
		}
		return fmt.Errorf("must be Lax, Strict or None, not %s", pyconfig.Kind(v))
	}},
	{"SESSION_COOKIE_PARTITIONED", envBool(func(m *Manager) *bool { return &m.Cookie.Partitioned })},
	{"MAX_COOKIE_SIZE", func(m *Manager, v any) error {
		f, isNum := v.(float64)
		if !isNum || f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
			return fmt.Errorf("must be a non-negative integer, not %s", pyconfig.Kind(v))
		}
		m.MaxCookieSize = int(f)
		if f == 0 {
			m.MaxCookieSize = -1 // Flask's 0 disables the check
		}
		return nil
	}},
}

func envPath(m *Manager, v any) error {
	s, err := pyconfig.OptionalString(v)
	if err != nil {
		return err
	}
	if s != "" {
		m.Cookie.Path = s
	}
	return checkCookiePath(s)
}

func envBool(field func(m *Manager) *bool) func(m *Manager, v any) error {
	return func(m *Manager, v any) error {
		b, err := pyconfig.Bool(v)
		if err != nil {
			return err
		}
		*field(m) = b
		return nil
	}
}

func fromLookup(prefix string, lookup func(string) (string, bool)) (*Manager, error) {
	get := pyconfig.Getter(prefix, lookup)
	m := New("")
	for _, ev := range envVars {
		v, name, ok := get(ev.key)
		if !ok {
			continue
		}
		if err := ev.set(m, v); err != nil {
			if errors.Is(err, ErrConfig) {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			sep := " "
			if strings.HasPrefix(err.Error(), "[") {
				sep = ""
			}
			return nil, fmt.Errorf("%w: %s%s%v", ErrConfig, name, sep, err)
		}
	}
	// Check the whole configuration without fixing the Manager's state:
	// the caller may still set fields (ErrorHandler, Now, ...) afterwards.
	if _, err := m.build(); err != nil {
		return nil, err
	}
	return m, nil
}

// ParseSameSite reads a SESSION_COOKIE_SAMESITE string as Werkzeug does:
// title-cased, it must be "Strict", "Lax" or "None" (the string; Python's
// None value means no attribute, which is SameSite 0 here).
func ParseSameSite(s string) (http.SameSite, error) {
	switch pyTitle(s) {
	case "Strict":
		return http.SameSiteStrictMode, nil
	case "Lax":
		return http.SameSiteLaxMode, nil
	case "None":
		return http.SameSiteNoneMode, nil
	}
	return 0, fmt.Errorf("%w: SameSite must be Strict, Lax or None, not %q", ErrConfig, s)
}
