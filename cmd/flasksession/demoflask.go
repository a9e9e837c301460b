package main

import (
	"bufio"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os/exec"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flasksession/flasksession/internal/pyfind"
)

// envPython names the interpreter for --flask, as in the interop tests.
const envPython = pyfind.EnvPython

// demoApp holds the demo's Flask app, its Jinja templates and the static
// files (stylesheet, favicon) the Go half serves to both halves.
//
//go:embed demoapp
var demoApp embed.FS

// pythonInfo is what the probe found in an interpreter.
type pythonInfo struct {
	Path       string
	Flask      string // Flask's version
	Extensions bool   // Flask-Login and Flask-WTF import
}

func (p pythonInfo) summary() string {
	if p.Extensions {
		return "Flask " + p.Flask + " with Flask-Login and Flask-WTF"
	}
	return "Flask " + p.Flask + ", plain fallback without Flask-Login and Flask-WTF"
}

// Minimum versions for the Flask half: Flask 2.2 is the oldest whose session
// cookie equals Flask 3.1's (same serializer, salt, tags and cookie
// attributes); the extensions are the Debian-packaged releases it was
// checked with.
var (
	needFlask      = []pyfind.Requirement{{Name: pyfind.Flask, Min: "2.2"}}
	needExtensions = []pyfind.Requirement{{Name: pyfind.FlaskLogin, Min: "0.6"}, {Name: pyfind.FlaskWTF, Min: "1.0"}}
)

// findPython picks the interpreter of the Flask half: explicit if set (it
// must have Flask 2.2 or newer), else the first candidate with Flask 2.2+
// and both extensions, else the first with Flask 2.2+. It is the demo's
// only Python probe.
func findPython(ctx context.Context, explicit string, candidates []string) (pythonInfo, error) {
	if explicit != "" {
		candidates = []string{explicit}
	}
	var fallback *pythonInfo
	var problems []string
	for _, name := range candidates {
		info, err := probePython(ctx, name)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if info.Extensions {
			return info, nil
		}
		if fallback == nil {
			fallback = &info
		}
	}
	if fallback != nil {
		return *fallback, nil
	}
	hint := "install Flask (pip install flask flask-login flask-wtf, or apt-get install python3-flask-login python3-flaskext.wtf) or set " + envPython
	return pythonInfo{}, fmt.Errorf("--flask needs Python with Flask %s or newer: %s; %s", needFlask[0].Min, strings.Join(problems, "; "), hint)
}

// probePython runs probeScript with the interpreter name.
func probePython(ctx context.Context, name string) (pythonInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	in, err := pyfind.Probe(ctx, name)
	if err != nil {
		return pythonInfo{}, err
	}
	if err := in.Check(needFlask); err != nil {
		return pythonInfo{}, fmt.Errorf("%w (Flask 2.2's session cookie is the same as Flask 3.1's)", err)
	}
	return pythonInfo{Path: in.Path, Flask: in.Version(pyfind.Flask), Extensions: in.Check(needExtensions) == nil}, nil
}

// bootstrap runs the app from the JSON line on stdin: nothing of the app,
// and above all not the secret key, is written to disk or put on the
// command line.
const bootstrap = `import json, sys
c = json.loads(sys.stdin.readline())
exec(compile(c.pop("source"), "demoapp/app.py", "exec"), {"__name__": "demoapp", "CONFIG": c})`

// demoProxyHeader carries flaskChild.proxyToken on every request the demo
// forwards. The Flask half listens on its own loopback port, which any local
// process or a DNS-rebound web page can reach without the Go side's Host
// check; it answers only requests that carry the token.
const demoProxyHeader = "X-Flasksession-Demo-Proxy"

// flaskChild is the running Flask half.
type flaskChild struct {
	Addr       string
	info       pythonInfo
	proxyToken string // random per run, known only to the proxy and the app

	cmd      *exec.Cmd
	stdin    io.WriteCloser // closing it makes the app exit
	exited   chan struct{}
	err      error // cmd.Wait's result, once exited is closed
	tail     *tailWriter
	stopping atomic.Bool
	once     sync.Once
}

// startFlaskChild finds the interpreter and starts the demo's Flask app,
// returning once it listens.
func startFlaskChild(ctx context.Context, cfg demoConfig, logw io.Writer) (*flaskChild, error) {
	info, err := findPython(ctx, cfg.Python, []string{"python3", "/usr/bin/python3"})
	if err != nil {
		return nil, err
	}
	source, err := demoApp.ReadFile("demoapp/app.py")
	if err != nil {
		return nil, err
	}
	templates := map[string]string{}
	entries, _ := fs.ReadDir(demoApp, "demoapp/templates")
	for _, e := range entries {
		b, err := demoApp.ReadFile(path.Join("demoapp/templates", e.Name()))
		if err != nil {
			return nil, err
		}
		templates[e.Name()] = string(b)
	}
	proxyToken := randomSecret()
	line, err := json.Marshal(map[string]any{
		"source":      string(source),
		"templates":   templates,
		"secret_key":  cfg.Secret,
		"prefix":      flaskPrefix,
		"go_url":      "/",
		"extensions":  info.Extensions,
		"proxy_token": proxyToken,
	})
	if err != nil {
		return nil, err
	}

	f := &flaskChild{info: info, proxyToken: proxyToken, exited: make(chan struct{}), tail: &tailWriter{max: 4 << 10}}
	f.cmd = exec.CommandContext(ctx, info.Path, "-c", bootstrap)
	f.cmd.Env = append(childEnv(f.cmd.Environ()), "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1")
	f.cmd.Stderr = io.MultiWriter(f.tail, logw)
	f.cmd.WaitDelay = 2 * time.Second
	if f.stdin, err = f.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := f.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := f.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Flask half: %v", err)
	}
	// The pipe stays open after the configuration line: the app exits at
	// its end of file, also when this process is killed.
	if _, err := f.stdin.Write(append(line, '\n')); err != nil {
		f.cmd.Process.Kill()
		f.cmd.Wait()
		return nil, fmt.Errorf("starting the Flask half: %v", err)
	}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "DEMOAPP_LISTENING "); ok {
				select {
				case listening <- a:
				default:
				}
			}
		}
	}()
	go func() {
		f.err = f.cmd.Wait()
		close(f.exited)
	}()

	wait, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	select {
	case f.Addr = <-listening:
	case <-f.exited:
		return nil, fmt.Errorf("the Flask half (%s) exited at start (%v): %s", info.Path, f.err, f.stderrTail())
	case <-wait.Done():
		f.Close()
		return nil, fmt.Errorf("the Flask half (%s) did not start listening: %v", info.Path, wait.Err())
	}
	if _, _, err := net.SplitHostPort(f.Addr); err != nil {
		f.Close()
		return nil, fmt.Errorf("the Flask half printed an unexpected address %q", f.Addr)
	}
	return f, nil
}

// childEnv is env without the variables that may hold a key: the child
// gets its key on stdin only, and Flask would read FLASK_* itself.
func childEnv(env []string) []string {
	return slices.DeleteFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, envDemoSecret+"=") || strings.HasPrefix(kv, "FLASK_")
	})
}

func (f *flaskChild) closing() bool { return f.stopping.Load() }

// exitErr is the process's exit status, after exited is closed.
func (f *flaskChild) exitErr() error {
	if f.err == nil {
		return errors.New("exit status 0")
	}
	return f.err
}

func (f *flaskChild) stderrTail() string {
	s := strings.TrimSpace(f.tail.String())
	if s == "" {
		return "(nothing)"
	}
	return s
}

// dead reports whether the process has exited.
func (f *flaskChild) dead() bool {
	select {
	case <-f.exited:
		return true
	default:
		return false
	}
}

// Close ends the app (end of file on its stdin, then a kill) and waits.
func (f *flaskChild) Close() {
	f.once.Do(func() {
		f.stopping.Store(true)
		f.stdin.Close()
		select {
		case <-f.exited:
		case <-time.After(2 * time.Second):
			f.cmd.Process.Kill()
			<-f.exited
		}
	})
}

// tailWriter keeps the last max bytes written to it.
type tailWriter struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
