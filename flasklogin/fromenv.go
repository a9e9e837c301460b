package flasklogin

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"github.com/flasksession/flasksession"
)

// FromEnv returns a LoginManager for m configured from environment
// variables the way Flask's app.config.from_prefixed_env(prefix) reads
// Flask-Login's keys, as flasksession.FromEnv reads Flask's: an empty
// prefix means "FLASK", and each value is parsed as JSON, else taken as a
// string. The variables read are (prefix_ then):
//
//	SESSION_PROTECTION                   "basic", "strong", or null/false (off)
//	REMEMBER_COOKIE_NAME                 string
//	REMEMBER_COOKIE_DOMAIN               string (null or false: none)
//	REMEMBER_COOKIE_PATH                 string
//	REMEMBER_COOKIE_SECURE               true or false
//	REMEMBER_COOKIE_HTTPONLY             true or false
//	REMEMBER_COOKIE_SAMESITE             Lax, Strict or None (null: no attribute)
//	REMEMBER_COOKIE_DURATION             seconds (a JSON number)
//	REMEMBER_COOKIE_REFRESH_EACH_REQUEST true or false
//	USE_SESSION_FOR_NEXT                 true or false
//	LOGIN_DISABLED                       true or false
//	FORCE_HOST_FOR_REDIRECTS             string
//
// Unset variables keep New's defaults; a value of the wrong type is an
// ErrConfig naming the variable. Like New, it registers the remember
// cookie's after-request function on m.
func FromEnv(m *flasksession.Manager, prefix string) (*LoginManager, error) {
	return fromLookup(m, prefix, os.LookupEnv)
}

func fromLookup(m *flasksession.Manager, prefix string, lookup func(string) (string, bool)) (*LoginManager, error) {
	if prefix == "" {
		prefix = "FLASK"
	}
	prefix += "_"
	lm := newDefaults(m)
	get := func(key string) (any, string, bool) {
		name := prefix + key
		raw, ok := lookup(name)
		if !ok {
			return nil, name, false
		}
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return raw, name, true
		}
		return v, name, true
	}
	var err error
	str := func(key string, dst *string) {
		v, name, ok := get(key)
		if !ok || err != nil {
			return
		}
		switch v := v.(type) {
		case string:
			*dst = v
		case nil:
			*dst = ""
		case bool:
			if !v {
				*dst = ""
				return
			}
			err = fmt.Errorf("%w: %s must be a string", ErrConfig, name)
		default:
			err = fmt.Errorf("%w: %s must be a string", ErrConfig, name)
		}
	}
	boolean := func(key string, dst *bool) {
		v, name, ok := get(key)
		if !ok || err != nil {
			return
		}
		b, isBool := v.(bool)
		if !isBool {
			err = fmt.Errorf("%w: %s must be true or false", ErrConfig, name)
			return
		}
		*dst = b
	}
	str("SESSION_PROTECTION", &lm.SessionProtection)
	str("REMEMBER_COOKIE_NAME", &lm.RememberCookie.Name)
	str("REMEMBER_COOKIE_DOMAIN", &lm.RememberCookie.Domain)
	str("REMEMBER_COOKIE_PATH", &lm.RememberCookie.Path)
	boolean("REMEMBER_COOKIE_SECURE", &lm.RememberCookie.Secure)
	boolean("REMEMBER_COOKIE_HTTPONLY", &lm.RememberCookie.HTTPOnly)
	boolean("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", &lm.RememberRefreshEachRequest)
	boolean("USE_SESSION_FOR_NEXT", &lm.UseSessionForNext)
	boolean("LOGIN_DISABLED", &lm.LoginDisabled)
	str("FORCE_HOST_FOR_REDIRECTS", &lm.ForceHostForRedirects)
	if err != nil {
		return nil, err
	}
	if v, name, ok := get("REMEMBER_COOKIE_SAMESITE"); ok {
		switch v := v.(type) {
		case nil:
			lm.RememberCookie.SameSite = 0
		case string:
			ss, err := flasksession.ParseSameSite(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			lm.RememberCookie.SameSite = ss
		default:
			return nil, fmt.Errorf("%w: %s must be Lax, Strict or None", ErrConfig, name)
		}
	}
	if v, name, ok := get("REMEMBER_COOKIE_DURATION"); ok {
		f, isNum := v.(float64)
		if !isNum || math.IsInf(f, 0) || math.Abs(f) > float64(math.MaxInt64/int64(time.Second)) {
			return nil, fmt.Errorf("%w: %s must be a number of seconds", ErrConfig, name)
		}
		lm.RememberDuration = time.Duration(f * float64(time.Second))
	}
	if err := lm.Validate(); err != nil {
		return nil, err
	}
	m.AfterRequest(lm.updateRememberCookie)
	return lm, nil
}
