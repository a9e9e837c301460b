package flasksession

import (
	"context"
	"time"
)

// ctxKey is the context key of the request's *Session.
type ctxKey struct{}

// FromContext returns the session that the middleware (or NewContext)
// stored in ctx, or nil if there is none: a handler not wrapped by
// Manager.Middleware has no session.
func FromContext(ctx context.Context) *Session {
	s, _ := ctx.Value(ctxKey{}).(*Session)
	return s
}

// NewContext returns a copy of ctx carrying s, for integrations that open
// and save sessions themselves (Manager.Open and Manager.Save).
func NewContext(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, ctxKey{}, s)
}

// sessionCtx is the context the middleware hands to the handler. It lives
// inside the response-writer wrapper so that a request costs one
// allocation fewer than context.WithValue would; it behaves exactly like
// context.WithValue(parent, ctxKey{}, s).
type sessionCtx struct {
	parent context.Context
	s      *Session
}

func (c *sessionCtx) Deadline() (time.Time, bool) { return c.parent.Deadline() }
func (c *sessionCtx) Done() <-chan struct{}       { return c.parent.Done() }
func (c *sessionCtx) Err() error                  { return c.parent.Err() }

func (c *sessionCtx) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return c.s
	}
	return c.parent.Value(key)
}

func (c *sessionCtx) String() string { return "flasksession.sessionCtx" }
