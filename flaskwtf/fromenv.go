package flaskwtf

import (
	"errors"
	"fmt"
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
	env := pyconfig.NewReader(prefix, lookup)
	env.Bool("WTF_CSRF_ENABLED", &c.Enabled)
	env.Bool("WTF_CSRF_CHECK_DEFAULT", &c.CheckDefault)
	env.StringList("WTF_CSRF_METHODS", &c.Methods)
	env.String("WTF_CSRF_FIELD_NAME", &c.FieldName)
	env.StringList("WTF_CSRF_HEADERS", &c.Headers)
	env.Bool("WTF_CSRF_SSL_STRICT", &c.SSLStrict)
	env.String("WTF_CSRF_SECRET_KEY", &c.SecretKey)
	if v, name, ok := env.Lookup("WTF_CSRF_TIME_LIMIT"); ok {
		d, err := pyconfig.Seconds(v)
		switch _, isNum := v.(float64); {
		case v == nil:
			c.TimeLimit = -1
		case !isNum:
			env.Fail(name, fmt.Errorf("must be a number of seconds or null, not %s", pyconfig.Kind(v)))
		case err != nil || d < time.Second:
			env.Fail(name, errors.New("must be at least 1 second, or null for no limit"))
		default:
			// Flask-WTF compares whole seconds (int(time.time()) - signed).
			c.TimeLimit = d.Truncate(time.Second)
		}
	}
	if err := env.Err(); err != nil {
		return nil, &configError{err.Error()}
	}
	// Check without fixing the state: fields may still change. A missing
	// key is left to Validate, as flasksession.FromEnv leaves SECRET_KEY.
	if _, err := c.build(); err != nil && err != errNoKey {
		return nil, err
	}
	return c, nil
}
