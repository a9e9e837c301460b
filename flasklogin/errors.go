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

	// ErrEmptyKey is returned by [EncodeRememberCookie] for an empty
	// secret key, with which anyone could sign a remember cookie for any
	// user. Flask-Login signs with an empty key; Go refuses, as the
	// middleware refuses to read remember cookies without a key.
	ErrEmptyKey = errors.New("flasklogin: the secret key is empty; set the Manager's SecretKey before signing remember cookies")

	// ErrUserLoaderReentry is reported to the Manager's ErrorHandler when
	// UserLoader asked for the user it was loading (UserID, User,
	// LoginUser or LogoutUser on the request it was given), and returned
	// by LoginUser and LogoutUser called there. The request counts as
	// anonymous; Flask-Login recurses until RecursionError.
	ErrUserLoaderReentry = errors.New("flasklogin: the user loader asked for the current user, which it is loading; look the user up by the id it is given")

	// ErrInvalidUserID is returned for a user id that is not valid UTF-8,
	// which no Python str can hold.
	ErrInvalidUserID = errors.New("flasklogin: the user id is not valid UTF-8")
)
