package main

import (
	"net/http"
	"strings"
	"sync"
)

// setCookieLog remembers the Set-Cookie headers the demo sent (written by
// the Go middleware or by the Flask half), keyed by "name=value", so that
// the inspector shows a cookie's attributes exactly as they were sent rather
// than as the demo would render them. It keeps the newest max entries; a
// cookie sent before the demo started, or pushed out, is "not seen".
type setCookieLog struct {
	mu    sync.Mutex
	max   int
	byKey map[string]string
	order []string
}

// maxLoggedSetCookie bounds one remembered header. Browsers refuse a
// cookie over 4096 bytes, so a longer one never comes back to be inspected;
// without the bound, a few requests flashing megabytes of text would keep
// max times that size in memory.
const maxLoggedSetCookie = 16 << 10

func newSetCookieLog(max int) *setCookieLog {
	return &setCookieLog{max: max, byKey: make(map[string]string)}
}

// add records each Set-Cookie header line.
func (l *setCookieLog) add(lines []string) {
	if len(lines) == 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range lines {
		if len(line) > maxLoggedSetCookie {
			continue
		}
		pair, _, _ := strings.Cut(line, ";")
		if _, seen := l.byKey[pair]; !seen {
			l.order = append(l.order, pair)
		}
		l.byKey[pair] = line
		for len(l.order) > l.max {
			delete(l.byKey, l.order[0])
			l.order = l.order[1:]
		}
	}
}

// lookup returns the Set-Cookie header that sent the cookie name=value.
func (l *setCookieLog) lookup(name, value string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line, ok := l.byKey[name+"="+value]
	return line, ok
}

// record wraps a handler and records the Set-Cookie headers of its
// responses. The header map still holds them after the handler returns.
func (l *setCookieLog) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		l.add(w.Header().Values("Set-Cookie"))
	})
}
