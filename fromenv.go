package flasksession

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"time"
)

// FromEnv returns a Manager configured from environment variables the way
// Flask's app.config.from_prefixed_env(prefix) reads them, so that a Go
// service and a Flask app can share one deployment configuration. An empty
// prefix means "FLASK". Each value is parsed as JSON and, if that fails,
// taken as a plain string, as Flask does. The variables read are
// (prefix_ then):
//
//	SECRET_KEY                   string
//	SECRET_KEY_FALLBACKS         JSON list of strings, e.g. ["old-2","old-1"]
//	PERMANENT_SESSION_LIFETIME   seconds (a JSON number)
//	SESSION_REFRESH_EACH_REQUEST true or false
//	SESSION_COOKIE_NAME          string
//	SESSION_COOKIE_DOMAIN        string (null or false: none)
//	SESSION_COOKIE_PATH          string (else APPLICATION_ROOT, else "/")
//	APPLICATION_ROOT             string
//	SESSION_COOKIE_HTTPONLY      true or false
//	SESSION_COOKIE_SECURE        true or false
//	SESSION_COOKIE_PARTITIONED   true or false
//	SESSION_COOKIE_SAMESITE      Lax, Strict or None, any case (null: no attribute)
//	MAX_COOKIE_SIZE              integer
//
// Unset variables keep New's defaults. A value of the wrong type is an error
// naming the variable (never quoting a secret). The configuration is
// checked before the Manager is returned, and its fields may still be set
// (ErrorHandler, Now, ...) before the first request.
func FromEnv(prefix string) (*Manager, error) {
	return fromLookup(prefix, os.LookupEnv)
}

func fromLookup(prefix string, lookup func(string) (string, bool)) (*Manager, error) {
	if prefix == "" {
		prefix = "FLASK"
	}
	prefix += "_" // as Flask: from_prefixed_env("APP_") reads APP__SECRET_KEY
	m := New("")
	get := func(key string) (any, string, bool) {
		name := prefix + key
		raw, ok := lookup(name)
		if !ok {
			return nil, name, false
		}
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return raw, name, true // Flask keeps the string
		}
		return v, name, true
	}
	str := func(key string, secret bool, dst *string) error {
		v, name, ok := get(key)
		if !ok {
			return nil
		}
		switch v := v.(type) {
		case string:
			*dst = v
			return nil
		case nil:
			*dst = ""
			return nil
		case bool:
			if !v {
				*dst = ""
				return nil
			}
		}
		if secret {
			return fmt.Errorf("%w: %s must be a string", ErrConfig, name)
		}
		return fmt.Errorf("%w: %s must be a string, not %s", ErrConfig, name, jsonKind(v))
	}
	boolean := func(key string, dst *bool) error {
		v, name, ok := get(key)
		if !ok {
			return nil
		}
		b, isBool := v.(bool)
		if !isBool {
			return fmt.Errorf("%w: %s must be true or false, not %s", ErrConfig, name, jsonKind(v))
		}
		*dst = b
		return nil
	}

	if err := str("SECRET_KEY", true, &m.SecretKey); err != nil {
		return nil, err
	}
	if v, name, ok := get("SECRET_KEY_FALLBACKS"); ok {
		switch v := v.(type) {
		case nil:
		case []any:
			for i, e := range v {
				s, isStr := e.(string)
				if !isStr {
					return nil, fmt.Errorf("%w: %s[%d] must be a string", ErrConfig, name, i)
				}
				m.SecretKeyFallbacks = append(m.SecretKeyFallbacks, s)
			}
		default:
			return nil, fmt.Errorf("%w: %s must be a JSON list of strings, e.g. [\"old-key\"]", ErrConfig, name)
		}
	}
	if v, name, ok := get("PERMANENT_SESSION_LIFETIME"); ok {
		f, isNum := v.(float64)
		if !isNum || f < 0 || math.IsInf(f, 0) || f > float64(math.MaxInt64/int64(time.Second)) {
			return nil, fmt.Errorf("%w: %s must be a non-negative number of seconds, not %s", ErrConfig, name, jsonKind(v))
		}
		m.Lifetime = time.Duration(f * float64(time.Second))
	}
	if err := boolean("SESSION_REFRESH_EACH_REQUEST", &m.RefreshEachRequest); err != nil {
		return nil, err
	}
	if err := str("SESSION_COOKIE_NAME", false, &m.Cookie.Name); err != nil {
		return nil, err
	}
	if err := str("SESSION_COOKIE_DOMAIN", false, &m.Cookie.Domain); err != nil {
		return nil, err
	}
	var appRoot, cookiePath string
	if err := str("APPLICATION_ROOT", false, &appRoot); err != nil {
		return nil, err
	}
	if err := str("SESSION_COOKIE_PATH", false, &cookiePath); err != nil {
		return nil, err
	}
	switch {
	case cookiePath != "":
		m.Cookie.Path = cookiePath
	case appRoot != "":
		m.Cookie.Path = appRoot
	}
	if err := boolean("SESSION_COOKIE_HTTPONLY", &m.Cookie.HTTPOnly); err != nil {
		return nil, err
	}
	if err := boolean("SESSION_COOKIE_SECURE", &m.Cookie.Secure); err != nil {
		return nil, err
	}
	if err := boolean("SESSION_COOKIE_PARTITIONED", &m.Cookie.Partitioned); err != nil {
		return nil, err
	}
	if v, name, ok := get("SESSION_COOKIE_SAMESITE"); ok {
		switch v := v.(type) {
		case nil:
			m.Cookie.SameSite = 0
		case string:
			ss, err := ParseSameSite(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			m.Cookie.SameSite = ss
		default:
			return nil, fmt.Errorf("%w: %s must be Lax, Strict or None, not %s", ErrConfig, name, jsonKind(v))
		}
	}
	if v, name, ok := get("MAX_COOKIE_SIZE"); ok {
		f, isNum := v.(float64)
		if !isNum || f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
			return nil, fmt.Errorf("%w: %s must be a non-negative integer, not %s", ErrConfig, name, jsonKind(v))
		}
		m.MaxCookieSize = int(f)
	}
	// Check the configuration without fixing the Manager's state: the
	// caller may still set fields (ErrorHandler, Now, ...) afterwards.
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

// pyTitle is str.title() for ASCII: upper-case after a non-letter,
// lower-case after a letter.
func pyTitle(s string) string {
	b := []byte(s)
	prevLetter := false
	for i, c := range b {
		isLower, isUpper := c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z'
		switch {
		case isLower && !prevLetter:
			b[i] = c - 32
		case isUpper && prevLetter:
			b[i] = c + 32
		}
		prevLetter = isLower || isUpper
	}
	return string(b)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
