package flasksession_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/flasksession/flasksession"
)

// A Cookie header read the way Flask reads it, then the session in it.
func ExampleCookieValue() {
	m := flasksession.New("dev")
	m.Now = func() time.Time { return time.Unix(1700000000, 0) }
	value, err := m.EncodeCookie(map[string]any{"user": "42"})
	if err != nil {
		panic(err)
	}
	header := http.Header{"Cookie": {`theme=dark; session="` + value + `"`}}

	v, ok := flasksession.CookieValue(header, "session")
	session, err := m.DecodeCookie(v)
	fmt.Println(ok, session, err)
	// Output: true map[user:42] <nil>
}

// Flask builds the session with dict(), which takes a list of pairs, and a
// two-key object as the pair of its keys.
func ExampleManager_DecodePayload() {
	m := flasksession.New("dev")
	session, err := m.DecodePayload([]byte(`[{"k":1,"v":2},["n",3],{" t":["a","b"]}]`))
	fmt.Println(session, err)
	_, err = m.DecodePayload([]byte(`[["a","b","c"]]`))
	fmt.Println(err)
	// Output:
	// map[a:b k:v n:3] <nil>
	// flasksession: undecodable session payload: session payload element #0 has length 3; 2 is required
}
