// Command flasksession reads, checks and makes Flask session cookies, and
// serves a demo of the flasksession middleware, optionally side by side with
// a real Flask app sharing its sessions.
//
// Usage:
//
//	flasksession sign   [--secret KEY] [--salt S] [--key-derivation hmac|concat|django-concat|none]
//	                    [--digest sha1|sha224|sha256|sha384|sha512] [--timestamp UNIX] [--raw] < payload
//	flasksession verify [--secret KEY] [--fallback KEY ...] [--salt S] [--key-derivation ...] [--digest ...]
//	                    [--max-age DURATION] [--now UNIX] [--raw] [--pretty] [--cookie-name NAME] [TOKEN | -]
//	flasksession decode [--raw] [--pretty] [--cookie-name NAME] [TOKEN | -]
//	flasksession demo   [--addr ADDR] [--secret KEY] [--flask]
//	flasksession help [COMMAND]
//	flasksession --version
//
// Every default is Flask's, as flasksession.New holds it; "flasksession
// help COMMAND" (or "COMMAND -h") lists each flag with its default. sign
// and verify take the secret from --secret or, so that it stays out of
// shell history, from FLASK_SECRET_KEY; decode needs none; demo reads
// --secret or FLASKSESSION_DEMO_SECRET, never FLASK_SECRET_KEY. --version
// prints the module version the binary was built from.
//
// sign reads a session as tagged JSON (the JSON Flask puts in its cookies,
// with " t", " b", " m", " u", " d" and " di" tags) on stdin and prints the
// cookie value Flask would set for it, made by the library's
// Manager.EncodeCookie (sorted keys, ASCII only, compact, zlib when that
// saves two bytes or more). With --raw the stdin bytes, minus one trailing
// newline, are signed as they are by Manager.TokenSerializer, so any
// URLSafeTimedSerializer token can be made (a flask-wtf CSRF token with
// --salt wtf-csrf-token, for example).
//
// verify opens the cookie with the library's Manager.DecodeCookie: the
// signature with the secret and any --fallback keys, the age against
// --max-age (a Go duration such as 744h, or seconds; 0: no limit; --now
// fixes the clock), then the session Flask would load, printed as
// canonical tagged JSON on one line (--raw: the exact payload bytes;
// --pretty: indented). It says which check failed: not a token, bad
// signature, expired (with the age and the limit), signed in the future
// (with how far ahead), or a payload Flask cannot load.
//
// decode prints the signing time (RFC 3339, UTC; "-" for a token without a
// timestamp), a space and the payload, without checking anything, and says
// so on stderr.
//
// verify and decode take the token as an argument or, when it is absent or
// "-", on stdin. They accept a bare value, session=VALUE, a whole Cookie: or
// Set-Cookie: header line (parsed by flasksession.CookieValue, as Werkzeug
// parses it), quoted values and values wrapped across lines.
//
// demo serves a small app on the middleware: a home page with a login, a
// counter and flashed messages, and a cookie inspector (/session for the
// browser's own cookie, /inspect for a pasted one). With --flask it also
// starts a demo Flask app with the same secret at /flask/ on the same
// origin, so both sides share one session cookie. Its key comes from
// --secret or FLASKSESSION_DEMO_SECRET, never from FLASK_SECRET_KEY.
//
// Exit status is 0 on success, 1 when a token or payload is rejected and 2
// for usage errors. Every failure prints one line on stderr.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
