package flaskwtf

import (
	"fmt"
	"math"
	"os"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyconfig"
)

// FromEnv returns a CSRFProtect for m configured from environment variables
// the way Flask's app.config.from_prefixed_env(prefix) reads them, as
// flasksession.FromEnv does for the Manager: an empty prefix means
// "FLASK"; each value is parsed as JSON and, if that fails, taken as a
// plain string. The variables read are (prefix_ then):
//
//	WTF_CSRF_ENABLED        true or false
//	WTF_CSRF_CHECK_DEFAULT  true or false
//	WTF_CSRF_METHODS        JSON list of strings, e.g. ["POST","DELETE"]
//	WTF_CSRF_FIELD_NAME     string
//	WTF_CSRF_HEADERS        JSON list of strings
//	WTF_CSRF_TIME_LIMIT     seconds (a JSON number of at least 1), or null for no limit
//	WTF_CSRF_SSL_STRICT     true or false
//	WTF_CSRF_SECRET_KEY     string
//
// Unset variables keep New's defaults. A value of the wrong type is an
// error matching flasksession.ErrConfig and naming the variable (never
// quoting a secret). So is a time limit below one second: Flask-WTF would
// take 0 to mean that every token expires at the end of the second it was
// made in, and a negative number that every token has expired. The
// configuration is checked before the CSRFProtect is returned, except for
// the key: with neither WTF_CSRF_SECRET_KEY nor the Manager's SecretKey
// set, Validate reports it (and Middleware panics), as flasksession leaves
// SECRET_KEY to Validate. Its fields may still be set before the first
// request.
func FromEnv(m *flasksession.Manager, prefix string) (*CSRFProtect, error) {
	return fromLookup(m, prefix, os.LookupEnv)
}

func fromLookup(m *flasksession.Manager, prefix string, lookup func(string) (string, bool)) (*CSRFProtect, error) {
	c := New(m)
	get := pyconfig.Getter(prefix, lookup)
	boolean := func(key string, dst *bool) error {
		v, name, ok := get(key)
		if !ok {
			return nil
		}
		b, isBool := v.(bool)
		if !isBool {
			return &configError{fmt.Sprintf("%s must be true or false, not %s", name, pyconfig.Kind(v))}
		}
		*dst = b
		return nil
	}
	str := func(key string, secret bool, dst *string) error {
		v, name, ok := get(key)
		if !ok {
			return nil
		}
		s, isStr := v.(string)
		if !isStr {
			if secret {
				return &configError{name + " must be a string"}
			}
			return &configError{fmt.Sprintf("%s must be a string, not %s", name, pyconfig.Kind(v))}
		}
		*dst = s
		return nil
	}
	list := func(key string, dst *[]string) error {
		v, name, ok := get(key)
		if !ok {
			return nil
		}
		items, isList := v.([]any)
		if !isList {
			return &configError{fmt.Sprintf("%s must be a JSON list of strings, not %s", name, pyconfig.Kind(v))}
		}
		out := make([]string, 0, len(items))
		for i, e := range items {
			s, isStr := e.(string)
			if !isStr {
				return &configError{fmt.Sprintf("%s[%d] must be a string, not %s", name, i, pyconfig.Kind(e))}
			}
			out = append(out, s)
		}
		*dst = out
		return nil
	}

	for _, err := range []error{
		boolean("WTF_CSRF_ENABLED", &c.Enabled),
		boolean("WTF_CSRF_CHECK_DEFAULT", &c.CheckDefault),
		list("WTF_CSRF_METHODS", &c.Methods),
		str("WTF_CSRF_FIELD_NAME", false, &c.FieldName),
		list("WTF_CSRF_HEADERS", &c.Headers),
		boolean("WTF_CSRF_SSL_STRICT", &c.SSLStrict),
		str("WTF_CSRF_SECRET_KEY", true, &c.SecretKey),
	} {
		if err != nil {
			return nil, err
		}
	}
	if v, name, ok := get("WTF_CSRF_TIME_LIMIT"); ok {
		switch f := v.(type) {
		case nil:
			c.TimeLimit = -1
		case float64:
			if f < 1 || f > float64(math.MaxInt64/int64(time.Second)) {
				return nil, &configError{fmt.Sprintf("%s must be at least 1 second, or null for no limit", name)}
			}
			c.TimeLimit = time.Duration(f) * time.Second
		default:
			return nil, &configError{fmt.Sprintf("%s must be a number of seconds or null, not %s", name, pyconfig.Kind(v))}
		}
	}
	// Check without fixing the state: fields may still change. A missing
	// key is left to Validate, as flasksession.FromEnv leaves SECRET_KEY.
	if _, err := c.build(); err != nil && err != errNoKey {
		return nil, err
	}
	return c, nil
}
