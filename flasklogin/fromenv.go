package flasklogin

import (
	"fmt"
	"os"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyconfig"
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
	lm := newDefaults(m)
	env := pyconfig.NewReader(prefix, lookup)
	env.OptionalString("SESSION_PROTECTION", &lm.SessionProtection)
	env.OptionalString("REMEMBER_COOKIE_NAME", &lm.RememberCookie.Name)
	env.OptionalString("REMEMBER_COOKIE_DOMAIN", &lm.RememberCookie.Domain)
	env.OptionalString("REMEMBER_COOKIE_PATH", &lm.RememberCookie.Path)
	env.Bool("REMEMBER_COOKIE_SECURE", &lm.RememberCookie.Secure)
	env.Bool("REMEMBER_COOKIE_HTTPONLY", &lm.RememberCookie.HTTPOnly)
	env.Bool("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", &lm.RememberRefreshEachRequest)
	env.Bool("USE_SESSION_FOR_NEXT", &lm.UseSessionForNext)
	env.Bool("LOGIN_DISABLED", &lm.LoginDisabled)
	env.OptionalString("FORCE_HOST_FOR_REDIRECTS", &lm.ForceHostForRedirects)
	env.Seconds("REMEMBER_COOKIE_DURATION", &lm.RememberDuration)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if v, name, ok := env.Lookup("REMEMBER_COOKIE_SAMESITE"); ok {
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
			return nil, fmt.Errorf("%w: %s must be Lax, Strict or None, not %s", ErrConfig, name, pyconfig.Kind(v))
		}
	}
	if err := lm.Validate(); err != nil {
		return nil, err
	}
	m.AfterRequest(lm.updateRememberCookie)
	return lm, nil
}
