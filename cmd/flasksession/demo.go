package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/flasksession/flasksession"
)

const demoAbout = `Serves a small web app on the flasksession middleware: a home page with a
login, a counter and flashed messages, a cookie inspector for the current
session (/session) and one for any pasted cookie (/inspect). It prints its
URL once listening and runs until interrupted.

With --flask it also starts a demo Flask app with the same secret and serves
it at /flask/ on the same origin, so both halves share one session cookie:
log in on one side and the other knows you. The interpreter is
$FLASKSESSION_PYTHON, else the first of python3 and /usr/bin/python3 that has
Flask 2.2 or newer with Flask-Login and Flask-WTF, else the first with Flask
2.2 or newer (a plain-Flask fallback app, said on its pages).

The secret comes from --secret or $FLASKSESSION_DEMO_SECRET; without either
a random one is made (sessions then end when the demo stops). The demo never
reads FLASK_SECRET_KEY: it is a demo, not a place for a production key.`

// envDemoSecret is the demo's own key variable. The demo deliberately does
// not read envSecret, where real deployments keep their production key.
const envDemoSecret = "FLASKSESSION_DEMO_SECRET"

// flaskPrefix is where the Flask half of the demo lives.
const flaskPrefix = "/flask"

func runDemo(c *cli, args []string) int {
	const cmd = "demo"
	fs := c.newFlagSet(cmd, "[flags]", demoAbout)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	secret := fs.String("secret", "", "SECRET_KEY for both halves (default: $"+envDemoSecret+", else a random key)")
	withFlask := fs.Bool("flask", false, "also run a demo Flask app at /flask/ sharing the session")
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return c.usage(cmd, "unexpected argument %s", quoteShort(pos[0]))
	}
	cfg := demoConfig{Addr: *addr, Secret: *secret, Flask: *withFlask, Log: c.stderr}
	if cfg.Secret == "" {
		cfg.Secret = c.getenv(envDemoSecret)
	}
	if cfg.Secret == "" {
		cfg.Secret = randomSecret()
		note := ""
		if c.getenv(envSecret) != "" {
			note = fmt.Sprintf(" (%s is set but not used: the demo never takes a deployment's key)", envSecret)
		}
		fmt.Fprintf(c.stderr, "flasksession demo: no --secret or %s, using a random key; sessions end when the demo stops%s\n", envDemoSecret, note)
	}
	if cfg.Flask {
		cfg.Python = c.getenv(envPython)
	}

	ctx, stop := signal.NotifyContext(c.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	d, err := startDemo(ctx, cfg)
	if err != nil {
		return c.fail(cmd, "%v", err)
	}
	if *secret != "" {
		fmt.Fprintf(c.stderr, "flasksession demo: note: --secret is visible to every local user in the process list (ps, /proc); prefer $%s\n", envDemoSecret)
	}
	if !isLoopbackAddr(cfg.Addr) {
		fmt.Fprintf(c.stderr, "flasksession demo: warning: listening on %s, not a loopback address: anyone who can reach it can log in as any user and get a session signed with this key\n", cfg.Addr)
	}
	if d.flask != nil {
		fmt.Fprintf(c.stdout, "flasksession demo: serving %s (Go) and %s (%s); Ctrl-C stops\n", d.URL, d.URL+"flask/", d.flask.info.summary())
	} else {
		fmt.Fprintf(c.stdout, "flasksession demo: serving %s; Ctrl-C stops\n", d.URL)
	}
	var failure error
	select {
	case <-ctx.Done():
	case failure = <-d.failed:
	}
	if err := d.Close(); err != nil && failure == nil {
		failure = fmt.Errorf("shutting down: %v", err)
	}
	if failure != nil {
		return c.fail(cmd, "%v", failure)
	}
	return exitOK
}

// isLoopbackAddr reports whether a listen address reaches only this
// machine: a loopback IP or "localhost". An empty host listens everywhere.
func isLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// randomSecret returns 32 random bytes in hex.
func randomSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// demoConfig configures startDemo.
type demoConfig struct {
	Addr   string    // listen address; port 0 picks a free one
	Secret string    // SECRET_KEY of both halves; must not be empty
	Flask  bool      // also start the demo Flask app at /flask/
	Python string    // interpreter for Flask; "" means findPython's choice
	Log    io.Writer // server log and Flask's stderr; nil discards them
}

// demoServer is a running demo. URL ends in "/".
type demoServer struct {
	URL     string
	manager *flasksession.Manager
	auth    *demoAuth
	flask   *flaskChild
	sent    *setCookieLog
	log     *slog.Logger
	srv     *http.Server
	served  chan error // Serve's result, once it returns
	failed  chan error // one value when the Flask half dies on its own

	closeOnce sync.Once
	closeErr  error
}

// startDemo listens on cfg.Addr, starts the Flask half if asked, and serves
// in the background until Close or until ctx is done. Tests start it on
// 127.0.0.1:0 and read URL.
func startDemo(ctx context.Context, cfg demoConfig) (*demoServer, error) {
	if cfg.Secret == "" {
		return nil, errors.New("demo needs a secret key")
	}
	logw := cfg.Log
	if logw == nil {
		logw = io.Discard
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listen on %s: the port is in use (is another demo still running?); stop it, or pick a free port with --addr 127.0.0.1:0", cfg.Addr)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %v", cfg.Addr, err)
	}
	d := &demoServer{
		URL:    "http://" + ln.Addr().String() + "/",
		sent:   newSetCookieLog(256),
		log:    slog.New(slog.NewTextHandler(logw, nil)).With("component", "flasksession demo"),
		served: make(chan error, 1),
		failed: make(chan error, 1),
	}
	d.manager = flasksession.New(cfg.Secret)
	d.manager.ErrorHandler = func(r *http.Request, err error) {
		// The text handler quotes what a client controls (the path), so a
		// request cannot forge log lines.
		if r == nil {
			d.log.Warn("session", "err", err)
			return
		}
		d.log.Warn("session", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if err := d.manager.Validate(); err != nil {
		ln.Close()
		return nil, err
	}
	d.auth = newDemoAuth(d.manager, cfg.Flask)

	if cfg.Flask {
		if d.flask, err = startFlaskChild(ctx, cfg, logw); err != nil {
			ln.Close()
			return nil, err
		}
		go d.watchFlask()
	}
	d.srv = &http.Server{
		Handler:           hostCheck(ln.Addr(), d.routes()),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
	go func() {
		err := d.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		d.served <- err
	}()
	go func() {
		<-ctx.Done()
		d.Close()
	}()
	return d, nil
}

// watchFlask reports, once, a Flask half that exits while the demo still
// runs, so that the command stops with one clear message instead of
// answering every /flask/ request with 502.
func (d *demoServer) watchFlask() {
	<-d.flask.exited
	if d.flask.closing() {
		return
	}
	err := fmt.Errorf("the Flask half exited unexpectedly (%v), stopping the demo; its last output: %s", d.flask.exitErr(), d.flask.stderrTail())
	d.failed <- err
}

// Close stops the server and the Flask process and waits for both. It may
// be called more than once.
func (d *demoServer) Close() error {
	d.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := d.srv.Shutdown(ctx)
		if serr := <-d.served; err == nil {
			err = serr
		}
		if d.flask != nil {
			d.flask.Close()
		}
		d.closeErr = err
	})
	return d.closeErr
}
