package flasksession

import (
	"net/http"
	"sync"
	"sync/atomic"
)

// AfterRequestFunc is a function run at a request's commit point, the Go
// counterpart of a function registered with Flask's app.after_request. It
// receives the request, the response header (not yet written) and the
// request's session (not yet saved): session changes it makes are saved,
// and headers it adds go out with the response.
type AfterRequestFunc func(r *http.Request, h http.Header, s *Session)

// afterHooks holds a Manager's after-request functions. Registration takes
// the mutex and publishes a new slice; requests read it with one atomic
// load.
type afterHooks struct {
	mu   sync.Mutex
	list atomic.Pointer[[]AfterRequestFunc]
}

// AfterRequest registers f to run once per request, at the commit point,
// just before the session is saved: in the middleware (first final
// WriteHeader, Write, ReadFrom, Flush, or the handler's return) and in an
// explicit Save, whichever comes first. Functions run in registration
// order, as Flask runs after_request functions of one scope (Flask itself
// runs them in reverse order of registration; register accordingly when
// porting several that depend on each other). They do not run for a
// hijacked connection, whose headers are never sent.
//
// Extensions use it for state kept beside the session: flasklogin sets
// and clears its remember cookie here, as Flask-Login does in its
// after_request function _update_remember_cookie. Register functions
// before the first request; registering later is safe, and applies to the
// requests that commit afterwards.
func (m *Manager) AfterRequest(f AfterRequestFunc) {
	if f == nil {
		return
	}
	m.after.mu.Lock()
	defer m.after.mu.Unlock()
	var list []AfterRequestFunc
	if old := m.after.list.Load(); old != nil {
		list = append(list, *old...)
	}
	list = append(list, f)
	m.after.list.Store(&list)
}

// runAfterRequest runs the after-request functions for s, once per
// session. It must be called without s.mu held: the functions use the
// session.
func (st *state) runAfterRequest(h http.Header, s *Session) {
	if st.after == nil {
		return
	}
	list := st.after.list.Load()
	if list == nil {
		return
	}
	s.mu.Lock()
	done := s.afterDone || s.committed
	s.afterDone = true
	s.mu.Unlock()
	if done {
		return
	}
	for _, f := range *list {
		f(s.r, h, s)
	}
}
