package flasksession_test

import (
	"errors"
	"fmt"

	"github.com/flasksession/flasksession"
)

// Validate refuses what cannot work, naming the field.
func ExampleManager_Validate() {
	m := flasksession.New("a long random secret")
	m.SecretKeyFallbacks = []string{""} // an unset template variable
	fmt.Println(m.Validate())

	m = flasksession.New("a long random secret")
	m.Cookie.Name = "sess-ïon"
	fmt.Println(m.Validate())
	// Output:
	// flasksession: invalid configuration: SecretKeyFallbacks[0] is empty: anyone could sign sessions with it
	// flasksession: invalid configuration: Cookie.Name "sess-ïon" is not ASCII: Flask reads the Cookie header as Latin-1 and would never find it
}

// A service that wants Flask's null session without a key (every session
// empty, writes dropped and reported) accepts that one error.
func ExampleManager_Validate_withoutKey() {
	m := flasksession.New("")
	if err := m.Validate(); err != nil && !errors.Is(err, flasksession.ErrNoSecretKey) {
		fmt.Println("refused:", err)
		return
	}
	fmt.Println("serving null sessions")
	// Output:
	// serving null sessions
}
