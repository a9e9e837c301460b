// Package flasksession reads and writes Flask's signed session cookies in
// Go, byte for byte as Flask 3.1 (SecureCookieSessionInterface),
// itsdangerous 2.2 and Werkzeug 3.1 do, so that a Go service and a Flask
// app can share one login session.
//
// # Quick start
//
// A Go service behind the same domain as a Flask app, with the app's
// SECRET_KEY, sees the session Flask-Login wrote (this program is
// examples/quickstart):
//
//	package main
//
//	import (
//		"fmt"
//		"log"
//		"net/http"
//		"os"
//
//		"github.com/flasksession/flasksession"
//	)
//
//	func main() {
//		m := flasksession.New(os.Getenv("FLASK_SECRET_KEY")) // the Flask app's SECRET_KEY
//		if err := m.Validate(); err != nil {
//			log.Fatal(err)
//		}
//		log.Fatal(http.ListenAndServe("127.0.0.1:8080", m.Middleware(routes())))
//	}
//
//	func routes() *http.ServeMux {
//		mux := http.NewServeMux()
//		mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
//			s := flasksession.FromContext(r.Context())
//			visits := s.GetInt("visits") + 1
//			s.Set("visits", visits) // before the body: the session is saved when it starts
//
//			if uid := s.GetString("_user_id"); uid != "" { // logged in through Flask-Login
//				fmt.Fprintf(w, "hello user %s, visit %d\n", uid, visits)
//				return
//			}
//			http.Error(w, "please log in", http.StatusUnauthorized)
//		})
//		mux.HandleFunc("POST /note", func(w http.ResponseWriter, r *http.Request) {
//			flasksession.FromContext(r.Context()).Flash("Saved", "info") // get_flashed_messages() shows it
//			http.Redirect(w, r, "/", http.StatusSeeOther)
//		})
//		return mux
//	}
//
// Middleware is a func(http.Handler) http.Handler, so it also fits alice,
// chi's Use and similar chains. The session is opened lazily, on first use;
// it is written into the response headers at the commit point (first Write,
// final WriteHeader, Flush, ReadFrom, Hijack, or the handler's return), so
// modify it before writing the body. Later changes are reported, not lost
// silently. For custom integrations use Open, Save, NewContext, and, without
// HTTP, EncodeCookie and DecodeCookie (CookieValue finds the cookie in any
// request's headers; TokenSerializer signs other tokens with the same keys).
//
// # Flask configuration
//
// New returns Flask's defaults; FromEnv reads the same variables as Flask's
// app.config.from_prefixed_env. Manager fields and the Flask settings they
// mirror:
//
//	SECRET_KEY                    Manager.SecretKey
//	SECRET_KEY_FALLBACKS          Manager.SecretKeyFallbacks
//	PERMANENT_SESSION_LIFETIME    Manager.Lifetime (31 days)
//	SESSION_REFRESH_EACH_REQUEST  Manager.RefreshEachRequest (true)
//	SESSION_COOKIE_NAME           Manager.Cookie.Name ("session")
//	SESSION_COOKIE_DOMAIN         Manager.Cookie.Domain
//	SESSION_COOKIE_PATH           Manager.Cookie.Path ("/")
//	APPLICATION_ROOT              Manager.Cookie.Path, when SESSION_COOKIE_PATH is unset
//	SESSION_COOKIE_HTTPONLY       Manager.Cookie.HTTPOnly (true)
//	SESSION_COOKIE_SECURE         Manager.Cookie.Secure
//	SESSION_COOKIE_SAMESITE       Manager.Cookie.SameSite
//	SESSION_COOKIE_PARTITIONED    Manager.Cookie.Partitioned
//	MAX_COOKIE_SIZE               Manager.MaxCookieSize (4093)
//	interface salt / digest_method / key_derivation
//	                              Manager.Salt, Digest, KeyDerivation
//	app.json sort_keys/ensure_ascii, custom tags
//	                              Manager.Serializer
//
// Set the fields before the first request: the signing state (derived keys,
// cookie attributes) is built once. Then call [Manager.Validate]: it
// refuses, with [ErrConfig] and the field's name, what cannot work (an
// empty fallback key, a cookie name Flask could not read back, a Domain
// or Path that is not a host name or a URL path, a negative Lifetime) and
// an empty SecretKey. Without a key the middleware serves Flask's null
// session (every session empty, writes dropped and reported); a service
// that wants that accepts errors.Is(err, ErrNoSecretKey) from Validate.
//
// Flask's rules are kept, including the surprising ones: the maximum age
// (Lifetime) applies to every cookie, permanent or not; a cookie that does
// not verify gives an empty session and is left in the browser; a permanent
// session is re-sent on every request; emptying a session deletes the
// cookie; any use of the session adds "Vary: Cookie". Where Flask answers
// 500 (a validly signed payload it cannot decode, a write with no secret
// key, a value JSON cannot hold), this package keeps serving with an empty
// session or without the write, and reports the error to
// Manager.ErrorHandler.
//
// # Python and Go types
//
// Session values are the Go forms of what Flask's tagged JSON holds:
//
//	None      nil
//	bool      bool
//	int       int64, or *big.Int beyond 64 bits (Set accepts any Go int)
//	float     float64 (NaN and ±Inf included)
//	str       string
//	list      []any
//	dict      map[string]any
//	tuple     tagjson.Tuple
//	bytes     []byte
//	Markup    tagjson.Markup
//	UUID      tagjson.UUID
//	datetime  time.Time (Flask keeps whole seconds, in UTC)
//
// Set also takes other Go values that tagjson can write: any integer or
// float type, slices and arrays (written as lists), maps with string keys
// and structs (written as JSON objects through encoding/json, as Flask
// writes dataclasses). Get returns them as they were set for the rest of
// the request; from the cookie, in later requests (and in Flask), they
// read back as the types above: a []string becomes a []any.
//
// Flashed messages are stored exactly as Flask's flash() stores them, a
// list of tagjson.Tuple{category, message} under "_flashes"; Session.Flash
// and Session.Flashes read and write them (FlashesSubstring reproduces
// Flask's substring filter for a plain-string category_filter).
//
// # Extensions
//
// Extensions that keep state beside the session (the flasklogin package's
// remember cookie) register Manager.AfterRequest functions, Flask's
// after_request: they run at the commit point, before the session is saved.
//
// # Key rotation
//
// SecretKeyFallbacks (Flask's SECRET_KEY_FALLBACKS) are accepted when
// verifying and never used to sign. To replace a key without logging
// anyone out on several hosts (Flask and Go, or replicas), accept first
// and sign second: first add the new key to SecretKeyFallbacks on every
// host; once all run that, make it SecretKey with the old key as the
// fallback; after one Lifetime drop the old key. SECURITY.md has the steps.
//
// # Security
//
// The cookie is signed, not encrypted: anyone holding it can read the
// session (base64 and, often, zlib). Do not store secrets in it. Anyone
// with SecretKey can forge any session, so keep it out of logs and source
// control; this package never puts a key or a whole cookie in an error.
// A stolen cookie can be replayed until it expires (Lifetime), as in
// Flask; signing uses HMAC (SHA-1 by default, which HMAC keeps sound). Cookie
// timestamps are compared with the clock, so Go and Flask servers sharing
// cookies need synchronised clocks: a cookie dated even one second in the
// future is rejected.
//
// Every request's cookie is attacker-controlled input, so its processing is
// bounded: MaxCookieValueLen (checked before any HMAC or base64 work),
// MaxDecompressedSize (zlib bombs), MaxDepth and MaxIntDigits (JSON). Over
// a bound the request gets an empty session and the error is reported.
// Every limit, here and in the subpackages, reads 0 as its documented
// default and a negative value as no limit, so a Manager built without New
// is bounded as well.
package flasksession
