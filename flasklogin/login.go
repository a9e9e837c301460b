package flasklogin

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/internal/pyrepr"
)

// LoginOptions are login_user's optional arguments. The zero value is
// login_user's defaults: not remembered, fresh.
type LoginOptions struct {
	// Remember is login_user's remember: also send the remember cookie,
	// which restores the login after the session ends.
	Remember bool
	// Duration is login_user's duration: how long the remember cookie
	// lives, stored in the session as "_remember_seconds". Zero means
	// RememberDuration (Flask-Login's None).
	Duration time.Duration
	// NotFresh is login_user's fresh=False: the login counts as restored,
	// not fresh, so FreshLoginRequired refuses it.
	NotFresh bool
}

// requestState is one request's current_user: loaded on first use.
type requestState struct {
	lm     *LoginManager
	mu     sync.Mutex
	loaded bool
	authed bool
	id     string
	user   any
	// userKnown is false after LoginUser until User asks the loader.
	userKnown bool
}

// stateCtx carries the requestState; it behaves as context.WithValue and
// lives in the same allocation as the state.
type stateCtx struct {
	context.Context
	rs requestState
}

type stateKey struct{}

func (c *stateCtx) Value(key any) any {
	if _, ok := key.(stateKey); ok {
		return &c.rs
	}
	return c.Context.Value(key)
}

// Middleware returns next wrapped so that the login functions of this
// package (UserID, User, LoginUser, ...) work on its requests, the
// counterpart of LoginManager.init_app. Place it inside the session
// Manager's Middleware:
//
//	handler := m.Middleware(lm.Middleware(mux))
//
// Nothing is read until a function asks for the user. It panics if
// Validate fails.
func (lm *LoginManager) Middleware(next http.Handler) http.Handler {
	if err := lm.Validate(); err != nil {
		panic(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &stateCtx{Context: r.Context()}
		c.rs.lm = lm
		next.ServeHTTP(w, r.WithContext(c))
	})
}

// loaderCtx is the context of the request UserLoader receives: it marks
// the call, so that the loader asking for the user it is loading (UserID,
// User, LoginUser or LogoutUser on that request) is told no instead of
// waiting for itself. Flask-Login recurses there until RecursionError.
type loaderCtx struct {
	context.Context
	rs        *requestState
	reentered atomic.Bool
}

func (c *loaderCtx) Value(key any) any {
	if _, ok := key.(stateKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// state returns r's login state and session, or nil when r did not pass
// through the middlewares. Inside UserLoader it also returns the loader's
// context.
func state(r *http.Request) (*requestState, *flasksession.Session, *loaderCtx) {
	var rs *requestState
	var lc *loaderCtx
	switch v := r.Context().Value(stateKey{}).(type) {
	case *requestState:
		rs = v
	case *loaderCtx:
		rs, lc = v.rs, v
	default:
		return nil, nil, nil
	}
	s := flasksession.FromContext(r.Context())
	if s == nil {
		return nil, nil, nil
	}
	return rs, s, lc
}

// UserID returns the id of the request's logged-in user and true, or ""
// and false for an anonymous request, loading the user once per request
// as Flask-Login's current_user does (_load_user): session protection
// first, then "_user_id" through UserLoader, then the remember cookie
// (never with an empty Manager SecretKey, with which anyone could sign
// one; Flask-Login raises there). Loading may change the session (a
// session failing protection is marked not fresh or emptied; a user
// restored from the remember cookie is written back, not fresh). An empty
// id is a logged-in user, as in Flask-Login.
//
// Flask-Login stores what the user's get_id returns, normally a str. An
// app that stored another type under "_user_id" (an int) is read as
// Python's str() of it ("42"), as Flask-Login's remember cookie encodes
// it.
//
// Called from UserLoader on the request it was given, UserID answers
// ("", false) and the request counts as anonymous (see UserLoader).
func UserID(r *http.Request) (string, bool) {
	rs, _, err := loadedState(r)
	if err != nil {
		return "", false
	}
	defer rs.mu.Unlock()
	return rs.id, rs.authed
}

// loadedState returns the request's login state with rs.mu held (the
// caller unlocks it), after _load_user has run (see UserID). It fails
// outside the middleware with ErrNoLoginManager, and from inside
// UserLoader with ErrUserLoaderReentry, marking the outer load as
// re-entered.
func loadedState(r *http.Request) (*requestState, *flasksession.Session, error) {
	rs, s, lc := state(r)
	if rs == nil {
		return nil, nil, ErrNoLoginManager
	}
	if lc != nil {
		lc.reentered.Store(true)
		return nil, nil, ErrUserLoaderReentry
	}
	rs.mu.Lock()
	rs.load(r, s)
	return rs, s, nil
}

// User returns the request's user as UserLoader returned it (the id
// itself when UserLoader is nil), or nil for an anonymous request.
func User(r *http.Request) any {
	rs, _, err := loadedState(r)
	if err != nil {
		return nil
	}
	defer rs.mu.Unlock()
	if rs.authed && rs.lm.UserLoader == nil {
		return rs.id
	}
	if rs.authed && !rs.userKnown {
		var err error
		rs.user, _, err = rs.loadUser(r, rs.id)
		if err != nil {
			rs.lm.reportLoaderError(r, err)
		}
		rs.userKnown = true
	}
	return rs.user
}

// load is Flask-Login's _load_user, once per request; rs.mu is held.
func (rs *requestState) load(r *http.Request, s *flasksession.Session) {
	if rs.loaded {
		return
	}
	rs.loaded = true
	lm := rs.lm
	if lm.protectionFailed(r, s) {
		return
	}
	if v, ok := s.Get(KeyUserID); ok && v != nil {
		id := pyrepr.Str(v) // str(session["_user_id"])
		user, found, err := rs.loadUser(r, id)
		if err != nil {
			// In Flask-Login the loader's exception ends _load_user
			// here: the remember cookie must not replace the
			// session's user because a database was down.
			lm.reportLoaderError(r, err)
			return
		}
		if found {
			rs.setUser(id, user)
			return
		}
	}
	// _load_user_from_remember_cookie
	id, ok := lm.rememberedID(r, s)
	if !ok {
		return
	}
	s.Set(KeyUserID, id)
	s.Set(KeyFresh, false)
	user, found, err := rs.loadUser(r, id)
	if err != nil {
		lm.reportLoaderError(r, err)
		return
	}
	if found {
		rs.setUser(id, user)
	}
}

func (rs *requestState) setUser(id string, user any) {
	rs.authed, rs.id, rs.user, rs.userKnown = true, id, user, true
}

// loadUser calls the user loader; found is false for no user. Without a
// loader every id is a user, and User returns the id (user is nil here, so
// that a request that never asks for it does not box the string). A
// loader that asked for the current user fails with
// ErrUserLoaderReentry, whatever it returned.
func (rs *requestState) loadUser(r *http.Request, id string) (user any, found bool, err error) {
	lm := rs.lm
	if lm.UserLoader == nil {
		return nil, true, nil
	}
	lc := &loaderCtx{Context: r.Context(), rs: rs}
	user, err = lm.UserLoader(r.WithContext(lc), id)
	if lc.reentered.Load() {
		return nil, false, ErrUserLoaderReentry
	}
	if err != nil {
		return nil, false, err
	}
	return user, user != nil, nil
}

// reportLoaderError hands a UserLoader error to the Manager's
// ErrorHandler, or logs it.
func (lm *LoginManager) reportLoaderError(r *http.Request, err error) {
	err = fmt.Errorf("flasklogin: user loader failed, the request counts as anonymous: %w", err)
	if lm.m.ErrorHandler != nil {
		lm.m.ErrorHandler(r, err)
		return
	}
	slog.Warn(err.Error())
}

// protectionFailed is Flask-Login's _session_protection_failed.
func (lm *LoginManager) protectionFailed(r *http.Request, s *flasksession.Session) bool {
	mode := lm.protection()
	if mode == "" || s.Len() == 0 {
		return false
	}
	id := identifierHex(r)
	v, _ := s.Get(KeyID)
	if stored, ok := v.(string); ok && stored == string(id[:]) {
		return false
	}
	if mode == ProtectionBasic || s.Permanent() {
		if v, ok := s.Get(KeyFresh); !ok || v != false {
			s.Set(KeyFresh, false)
		}
		return false
	}
	for _, k := range sessionKeys {
		if s.Contains(k) {
			s.Pop(k)
		}
	}
	s.Set(KeyRemember, "clear")
	return true
}

// LoginUser logs userID in for the rest of the request and in the
// session, as Flask-Login's login_user: "_user_id", "_fresh" and "_id" are
// set, and with opt.Remember the remember cookie is sent at the end of the
// request. It returns ErrNoLoginManager when r did not pass through the
// middlewares, and ErrInvalidUserID for an id that is not UTF-8.
// (login_user's is_active check belongs to the caller, who has the user.)
func LoginUser(r *http.Request, userID string, opt LoginOptions) error {
	rs, s, lc := state(r)
	if rs == nil {
		return ErrNoLoginManager
	}
	if lc != nil {
		lc.reentered.Store(true)
		return ErrUserLoaderReentry
	}
	if !utf8.ValidString(userID) {
		return ErrInvalidUserID
	}
	s.Set(KeyUserID, userID)
	s.Set(KeyFresh, !opt.NotFresh)
	s.Set(KeyID, Identifier(r))
	if opt.Remember {
		s.Set(KeyRemember, "set")
		if opt.Duration != 0 {
			// login_user stores total microseconds / 10**6, a float.
			s.Set(KeyRememberSeconds, float64(opt.Duration/time.Microsecond)/1e6)
		}
	}
	rs.mu.Lock()
	rs.loaded = true
	rs.authed, rs.id, rs.user, rs.userKnown = true, userID, nil, false
	rs.mu.Unlock()
	return nil
}

// LogoutUser logs the request's user out, as Flask-Login's logout_user:
// the user is loaded first (which may change the session, as UserID
// says), "_user_id", "_fresh" and "_id" are removed, and when the request
// carries a remember cookie it is deleted at the end of the request.
func LogoutUser(r *http.Request) error {
	rs, s, err := loadedState(r)
	if err != nil {
		return err
	}
	defer rs.mu.Unlock()
	for _, k := range [...]string{KeyUserID, KeyFresh, KeyID} {
		if s.Contains(k) {
			s.Pop(k)
		}
	}
	if _, ok := flasksession.CookieValue(r.Header, rs.lm.RememberCookie.Name); ok {
		s.Set(KeyRemember, "clear")
		if s.Contains(KeyRememberSeconds) {
			s.Pop(KeyRememberSeconds)
		}
	}
	rs.authed, rs.id, rs.user, rs.userKnown = false, "", nil, true
	return nil
}

// ConfirmLogin marks the login fresh again, as Flask-Login's
// confirm_login (after the user re-entered a password).
func ConfirmLogin(r *http.Request) error {
	rs, s, _ := state(r)
	if rs == nil {
		return ErrNoLoginManager
	}
	s.Set(KeyFresh, true)
	s.Set(KeyID, Identifier(r))
	return nil
}

// LoginFresh reports whether the login is fresh, as Flask-Login's
// login_fresh: "_fresh" in the session is true.
func LoginFresh(r *http.Request) bool {
	s := flasksession.FromContext(r.Context())
	if s == nil {
		return false
	}
	v, _ := s.Get(KeyFresh)
	return v == true
}

// LoginRemembered reports whether the request carries a valid remember
// cookie that the session has not been told to clear, as Flask-Login's
// login_remembered.
func LoginRemembered(r *http.Request) bool {
	rs, s, _ := state(r)
	if rs == nil {
		return false
	}
	_, ok := rs.lm.rememberedID(r, s)
	return ok
}

// rememberedID returns the user id in the request's remember cookie when
// the cookie verifies and the session has not been told to clear it
// ("_remember" is "clear"). Without a SecretKey no cookie is read: any
// cookie would verify (Flask-Login raises there).
func (lm *LoginManager) rememberedID(r *http.Request, s *flasksession.Session) (string, bool) {
	raw, ok := flasksession.CookieValue(r.Header, lm.RememberCookie.Name)
	if !ok || lm.m.SecretKey == "" {
		return "", false
	}
	if v, _ := s.Get(KeyRemember); v == "clear" {
		return "", false
	}
	return DecodeRememberCookie(lm.m.SecretKey, raw)
}
