// Package flaskapp runs a small, real Flask application that shares its
// cookie session with flasksession, for the live interop tests.
//
// The Python source (app.py, embedded in this package) uses only Flask 3.1,
// Werkzeug's development server and the module's testdata/pydesc.py. [Start]
// writes it to a temporary directory, runs it with a given interpreter on
// 127.0.0.1 and a port chosen by the operating system, and waits until it
// answers.
//
// # Routes
//
// All routes live under [Config.Prefix]; the session cookie keeps Path=/ so a
// Go handler on the same origin (or on another port of 127.0.0.1, as far as a
// cookie jar is concerned) shares it. JSON routes describe session values as
// typed descriptions in internal/pydesc's form, {"t": "int", "v": "1"} (see
// [Session]), so a test can check Python types and not only JSON shapes.
//
//	GET  /health              "ok"; does not touch the session
//	GET  /                    HTML page: counter (key "counter"), flashes, flash form, login link, session table
//	GET  /dump                {"values": {key: description}}
//	POST /set                 body {key: description}: sets each key; answers like /dump
//	POST /delete              body [key, ...]: removes the keys; answers like /dump
//	GET|POST /clear           session.clear()
//	GET|POST /login?user=U    Flask-Login-like: _user_id=U, _fresh=True, _id (128 hex), csrf_token (40 hex)
//	GET|POST /logout          removes the Flask-Login keys
//	POST /flash               JSON {"message", "category", "markup": bool} or a form: flash()
//	GET  /flashes?category=C  get_flashed_messages(with_categories=True, category_filter=[C...]):
//	                          {"flashes": [{"category": C, "message": description}]}
//	GET|POST /permanent?value=1|0   session.permanent = value
//	GET|POST /counter         increments session["counter"]: {"counter": n}
//	POST /forge               body {"values": {key: description}, "age": seconds}: {"cookie": v, "signed_at": unix},
//	                          a cookie value signed by the app's own serializer as if written age seconds ago;
//	                          with {"payload": text} instead of "values", text is signed as the session JSON
//
// The routes that change the session also accept ?next=/path and then redirect
// there, for the HTML page.
package flaskapp

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/flasksession/flasksession/internal/interop"
)

//go:embed app.py
var appSource []byte

// CounterKey is the session key the HTML page and /counter increment, so a Go
// page that uses the same key shares the counter.
const CounterKey = "counter"

// Config configures the Flask app.
type Config struct {
	// SecretKey is Flask's SECRET_KEY. Empty gives Flask's null session.
	SecretKey string
	// SecretKeyFallbacks is SECRET_KEY_FALLBACKS, oldest first.
	SecretKeyFallbacks []string
	// PermanentLifetime is PERMANENT_SESSION_LIFETIME, truncated to whole
	// seconds. Zero keeps Flask's default of 31 days.
	PermanentLifetime time.Duration
	// Prefix is the URL path under which the app's routes live, such as
	// "/flask" (no trailing slash), or "" for the root. The session cookie
	// path stays "/".
	Prefix string
	// PeerURL, if set, is linked from the HTML page (for instance "/" for the
	// Go half of the demo).
	PeerURL string
	// Log, if non-nil, receives the process's standard error: tracebacks and,
	// with LogRequests, Werkzeug's request log.
	Log io.Writer
	// LogRequests turns on Werkzeug's one line per request log.
	LogRequests bool
	// EnvPrefix, if set (normally "FLASK"), makes the app call
	// app.config.from_prefixed_env(EnvPrefix) after applying the fields
	// above, so that variables such as FLASK_SESSION_COOKIE_SAMESITE, from
	// Env or inherited, override them: the same deployment configuration
	// flasksession.FromEnv reads.
	EnvPrefix string
	// Env holds extra "KEY=value" environment variables for the process,
	// added to the inherited environment.
	Env []string
}

// Server is a running Flask app. Close it to stop the process.
type Server struct {
	// URL is the base URL of the app, including Config.Prefix and no
	// trailing slash, such as "http://127.0.0.1:41234/flask".
	URL string
	// Addr is the host:port the app listens on, such as "127.0.0.1:41234",
	// for a reverse proxy that forwards the full path unchanged.
	Addr string

	cmd    *exec.Cmd
	stdin  *os.File // write end of the app's stdin: the app exits when it closes
	dir    string
	exited chan struct{} // closed when the process has been waited for
	errMu  sync.Mutex
	err    error // cmd.Wait's result
	stderr *tailBuffer

	closeOnce sync.Once
}

// ErrExited is returned by Start when the process ends before it answers.
var ErrExited = errors.New("flaskapp: the Flask process exited before it answered")

// startTimeout bounds how long Start waits for the app when ctx has no
// earlier deadline: importing Flask takes well under a second.
const startTimeout = 60 * time.Second

// Start writes the embedded app to a temporary directory and runs it with
// the interpreter python (a path or a name on PATH) on 127.0.0.1 and a free
// port. It returns once the app answers GET {prefix}/health.
//
// The process is started with exec.CommandContext, so cancelling ctx kills
// it, also after Start has returned; call [Server.Close] in any case to kill
// it and remove the temporary directory. Its standard input is a pipe whose
// end of file makes the app exit, so it does not outlive this process even
// when Close is never called. The interpreter should be Python itself or a
// wrapper that execs it (as pyenv's shims do): Close kills one process.
func Start(ctx context.Context, python string, cfg Config) (*Server, error) {
	if cfg.Prefix != "" && (!strings.HasPrefix(cfg.Prefix, "/") || strings.HasSuffix(cfg.Prefix, "/")) {
		return nil, fmt.Errorf("flaskapp: prefix %q must start with / and not end with /", cfg.Prefix)
	}
	dir, err := os.MkdirTemp("", "flaskapp-")
	if err != nil {
		return nil, fmt.Errorf("flaskapp: %w", err)
	}
	s := &Server{dir: dir, exited: make(chan struct{}), stderr: &tailBuffer{max: 8 << 10}}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()

	appPath := filepath.Join(dir, "app.py")
	if err := os.WriteFile(appPath, appSource, 0o600); err != nil {
		return nil, fmt.Errorf("flaskapp: %w", err)
	}
	var lifetime *int64
	if cfg.PermanentLifetime != 0 {
		sec := int64(cfg.PermanentLifetime / time.Second)
		lifetime = &sec
	}
	conf, err := json.Marshal(map[string]any{
		"secret_key":           cfg.SecretKey,
		"secret_key_fallbacks": append([]string{}, cfg.SecretKeyFallbacks...),
		"permanent_lifetime":   lifetime,
		"prefix":               cfg.Prefix,
		"peer_url":             cfg.PeerURL,
		"log_requests":         cfg.LogRequests,
		"env_prefix":           cfg.EnvPrefix,
	})
	if err != nil {
		return nil, fmt.Errorf("flaskapp: %w", err)
	}
	// The secret key goes into a private file, not onto the command line
	// where other users could see it.
	confPath := filepath.Join(dir, "config.json")
	if err := os.WriteFile(confPath, conf, 0o600); err != nil {
		return nil, fmt.Errorf("flaskapp: %w", err)
	}

	listening := make(chan string, 1)
	s.cmd = exec.CommandContext(ctx, python, appPath, confPath)
	s.cmd.Dir = dir
	// The app imports pydesc from the module's testdata/.
	s.cmd.Env = append(append(os.Environ(), "PYTHONPATH="+interop.PythonPath()), cfg.Env...)
	s.cmd.Env = append(s.cmd.Env, "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1")
	s.cmd.Stdout = &firstLineWriter{line: listening, rest: cfg.Log}
	if cfg.Log != nil {
		s.cmd.Stderr = io.MultiWriter(s.stderr, cfg.Log)
	} else {
		s.cmd.Stderr = s.stderr
	}
	s.cmd.WaitDelay = 2 * time.Second
	// The app exits at end of file on its stdin: if this process dies
	// without calling Close, the kernel closes the write end and the app
	// does not linger.
	stdin, stdinW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("flaskapp: %w", err)
	}
	s.cmd.Stdin, s.stdin = stdin, stdinW
	err = s.cmd.Start()
	stdin.Close()
	if err != nil {
		return nil, fmt.Errorf("flaskapp: start %s: %w", python, err)
	}
	go func() {
		err := s.cmd.Wait()
		s.errMu.Lock()
		s.err = err
		s.errMu.Unlock()
		close(s.exited)
	}()

	wait, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	var line string
	select {
	case line = <-listening:
	case <-s.exited:
		return nil, s.exitError()
	case <-wait.Done():
		return nil, fmt.Errorf("flaskapp: waiting for the app to listen: %w", wait.Err())
	}
	addr, found := strings.CutPrefix(line, "FLASKAPP_LISTENING ")
	if _, _, err := net.SplitHostPort(addr); !found || err != nil {
		return nil, fmt.Errorf("flaskapp: unexpected first line from the app: %q", line)
	}
	s.Addr = addr
	s.URL = "http://" + addr + cfg.Prefix
	if err := s.waitHealthy(wait); err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

// waitHealthy polls /health until it answers 200.
func (s *Server) waitHealthy(ctx context.Context) error {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/health", nil)
		if err != nil {
			return fmt.Errorf("flaskapp: %w", err)
		}
		resp, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		select {
		case <-s.exited:
			return s.exitError()
		case <-ctx.Done():
			return fmt.Errorf("flaskapp: waiting for %s/health: %w (last: %v)", s.URL, ctx.Err(), err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) exitError() error {
	s.errMu.Lock()
	err := s.err
	s.errMu.Unlock()
	return fmt.Errorf("%w (%v); its stderr ends with:\n%s", ErrExited, err, s.stderr.String())
}

// Done returns a channel that is closed when the process has exited, for
// whatever reason (Close, ctx cancelled, or a crash).
func (s *Server) Done() <-chan struct{} { return s.exited }

// Stderr returns the last few kilobytes the process wrote to standard error,
// for test failure messages.
func (s *Server) Stderr() string { return s.stderr.String() }

// Close kills the process, waits for it, and removes the temporary
// directory. Calls after the first do nothing and return nil.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.cmd != nil && s.cmd.Process != nil {
			select {
			case <-s.exited:
			default:
				s.cmd.Process.Kill()
				<-s.exited
			}
		}
		if s.stdin != nil {
			s.stdin.Close()
		}
		err = os.RemoveAll(s.dir)
	})
	return err
}

// firstLineWriter hands the first line written to it to line and forwards
// everything after it to rest (if non-nil).
type firstLineWriter struct {
	line chan<- string
	buf  []byte
	done bool
	rest io.Writer
}

func (w *firstLineWriter) Write(p []byte) (int, error) {
	n := len(p)
	if !w.done {
		w.buf = append(w.buf, p...)
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			if len(w.buf) > 4096 {
				w.buf = w.buf[:4096]
			}
			return n, nil
		}
		w.done = true
		w.line <- strings.TrimRight(string(w.buf[:i]), "\r")
		p = w.buf[i+1:]
		w.buf = nil
	}
	if w.rest != nil && len(p) > 0 {
		w.rest.Write(p)
	}
	return n, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
