package flasklogin

import (
	"errors"

	"github.com/flasksession/flasksession"
)

var (
	// ErrConfig is flasksession.ErrConfig: a setting Flask-Login or
	// Werkzeug would refuse.
	ErrConfig = flasksession.ErrConfig

	// ErrNoLoginManager is returned by the functions that change the login
	// when the request did not pass through (*LoginManager).Middleware
	// inside the session middleware.
	ErrNoLoginManager = errors.New("flasklogin: no login state in the request; wrap the handler with (*LoginManager).Middleware inside the flasksession Manager's Middleware")

	// ErrKeyNotLatin1 is returned when the secret key has a character
	// above U+00FF (or is not UTF-8): Flask-Login encodes a str key as
	// Latin-1 and raises UnicodeEncodeError on such a key.
	ErrKeyNotLatin1 = errors.New("flasklogin: the secret key cannot be encoded as Latin-1, as Flask-Login encodes it; use a key of characters up to U+00FF")

	// ErrInvalidUserID is returned for a user id that is not valid UTF-8,
	// which no Python str can hold.
	ErrInvalidUserID = errors.New("flasklogin: the user id is not valid UTF-8")
)
