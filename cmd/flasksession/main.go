// Command flasksession reads, checks and makes Flask session cookies, and
// serves a demo of the flasksession middleware, optionally side by side with
// a real Flask app sharing its sessions.
//
// Usage:
//
//	flasksession sign   [--secret KEY] [--salt S] [--key-derivation hmac|concat|django-concat|none]
//	                    [--digest sha1|sha256|sha512] [--timestamp UNIX] [--raw] < payload
//	flasksession verify [--secret KEY] [--fallback KEY ...] [--salt S] [--key-derivation ...] [--digest ...]
//	                    [--max-age DURATION] [--now UNIX] [--raw] [--pretty] [--cookie-name NAME] [TOKEN | -]
//	flasksession decode [--raw] [--pretty] [--cookie-name NAME] [TOKEN | -]
//	flasksession demo   [--addr 127.0.0.1:8080] [--secret KEY] [--flask]
//
// Every default is Flask's: salt "cookie-session", key derivation "hmac",
// digest "sha1", cookie name "session", max age 31 days
// (PERMANENT_SESSION_LIFETIME). The secret comes from --secret or, so that
// it stays out of shell history, from FLASK_SECRET_KEY.
//
// sign reads a session as tagged JSON (the JSON Flask puts in its cookies,
// with " t", " b", " m", " u", " d" and " di" tags) on stdin, re-encodes it
// the way Flask does (sorted keys, ASCII only, compact, zlib when that saves
// two bytes or more) and prints the cookie value Flask would set. With
// --raw the stdin bytes, minus one trailing newline, are the payload as
// they are, so any URLSafeTimedSerializer token can be made (a flask-wtf
// CSRF token with --salt wtf-csrf-token, for example).
//
// verify checks the signature with the secret and any --fallback keys, and
// the age against --max-age (a Go duration such as 744h, or seconds; 0
// turns the age check off; --now fixes the clock), then prints the payload
// as canonical tagged JSON on one line (--raw: the exact payload bytes;
// --pretty: indented).
//
// decode prints the signing time (RFC 3339, UTC; "-" for a token without a
// timestamp), a space and the payload, without checking anything, and says
// so on stderr.
//
// verify and decode take the token as an argument or, when it is absent or
// "-", on stdin. They accept a bare value, session=VALUE, a whole Cookie: or
// Set-Cookie: header line, quoted values and values wrapped across lines.
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
