package flaskapp

import (
	"fmt"

	"github.com/flasksession/flasksession/internal/pydesc"
)

// Session is a session as the app's JSON routes carry it: each key's typed
// description in internal/pydesc's form ({"t": "int", "v": "1"}), which
// decodes from the app's answers with encoding/json and compares with
// cmp.Diff.
type Session map[string]map[string]any

// Describe describes Go session values as the Python values Flask loads from
// the cookie flasksession writes for them ([pydesc.DescribeAsPython]): the
// body of /set, or the "values" of /forge.
func Describe(values map[string]any) Session {
	out := make(Session, len(values))
	for k, v := range values {
		out[k] = pydesc.DescribeAsPython(v)
	}
	return out
}

// Go returns the Go form of every described value ([pydesc.Value]), as
// tagjson decodes it.
func (s Session) Go() (map[string]any, error) {
	out := make(map[string]any, len(s))
	for k, d := range s {
		v, err := pydesc.Value(d, pydesc.Options{})
		if err != nil {
			return nil, fmt.Errorf("flaskapp: key %q: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}
