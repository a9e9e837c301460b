// Package flasksession reads and writes Flask's signed session cookies in
// Go, byte for byte as Flask 3.1 (SecureCookieSessionInterface),
// itsdangerous 2.2 and Werkzeug 3.1 do, so that a Go service and a Flask
// app can share one login session.
//
// # Quick start
//
//	m := flasksession.New(os.Getenv("FLASK_SECRET_KEY"))
//	mux := http.NewServeMux()
//	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
//		s := flasksession.FromContext(r.Context())
//		if uid := s.GetString("_user_id"); uid != "" { // Flask-Login
//			fmt.Fprintf(w, "hello user %s\n", uid)
//		}
//		s.Set("visits", s.GetInt("visits")+1)
//	})
//	http.ListenAndServe(":8080", m.Middleware(mux))
//
// Middleware is a func(http.Handler) http.Handler, so it also fits alice,
// chi's Use and similar chains. The session is opened lazily, on first use;
// it is written into the response headers at the commit point (first Write,
// final WriteHeader, Flush, ReadFrom, Hijack, or the handler's return), so
// modify it before writing the body. Later changes are reported, not lost
// silently. For custom integrations use Open, Save, NewContext, and, without
// HTTP, EncodeCookie and DecodeCookie.
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
//	SESSION_COOKIE_PATH           Manager.Cookie.Path ("/", APPLICATION_ROOT)
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
// cookie attributes) is built once.
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
// To replace a key without logging anyone out, make the new key SecretKey
// and list the old one in SecretKeyFallbacks, on the Go side and in Flask's
// SECRET_KEY_FALLBACKS. New cookies are signed with SecretKey; old ones
// still verify until they are re-signed or reach Lifetime; then drop the
// fallback.
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
package flasksession
