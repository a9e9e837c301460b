package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// Exit codes, the same for every subcommand.
const (
	exitOK    = 0 // success
	exitFail  = 1 // the token or payload was rejected (bad signature, expired, malformed ...)
	exitUsage = 2 // the command line was wrong (unknown flag, missing secret, bad flag value ...)
)

// envSecret is the variable read when --secret is not given, so that the
// key need not appear in shell history or the process list.
const envSecret = "FLASK_SECRET_KEY"

// cli carries the process's standard streams and environment, so that run
// can be called in-process by tests.
type cli struct {
	ctx            context.Context // ends long-running commands (demo)
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	synopsis, about string // of the running subcommand, for -h
}

// command is one subcommand: its name, a one-line summary for the overview
// and the function that runs it on the arguments after its name.
type command struct {
	name, summary string
	run           func(c *cli, args []string) int
}

func commands() []command {
	return []command{
		{"sign", "sign a session (tagged JSON on stdin) into a cookie value, as Flask would", runSign},
		{"verify", "check a cookie's signature and age, print its session", runVerify},
		{"decode", "print a cookie's payload and signing time WITHOUT checking the signature", runDecode},
		{"demo", "serve a demo web app using the middleware (--flask: shared with a real Flask app)", runDemo},
	}
}

// run is the whole program: it runs the subcommand named by args[0] and
// returns the process exit code. It never calls os.Exit, so tests run it
// in-process with their own streams and environment.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	return runContext(context.Background(), args, stdin, stdout, stderr, env)
}

// runContext is run with a context whose end stops the demo server as an
// interrupt does, so tests can run the demo command in-process.
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	if env == nil {
		env = func(string) string { return "" }
	}
	c := &cli{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: env}
	if len(args) == 0 {
		c.overview(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		c.overview(stdout)
		return exitOK
	case "-version", "--version":
		fmt.Fprintf(stdout, "flasksession %s\n", version())
		return exitOK
	case "help":
		if len(args) == 1 {
			c.overview(stdout)
			return exitOK
		}
		if len(args) > 2 {
			fmt.Fprintf(stderr, "flasksession help: want one command, got %d (see flasksession -h)\n", len(args)-1)
			return exitUsage
		}
		// "help CMD" is "CMD -h".
		args = []string{args[1], "-h"}
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(c, args[1:])
		}
	}
	fmt.Fprintf(stderr, "flasksession: unknown command %s (want sign, verify, decode or demo; see flasksession -h)\n", quoteShort(args[0]))
	return exitUsage
}

// version is the module version the binary was built from ("v1.2.0" after
// go install ...@v1.2.0), or "(devel)" when the build does not say.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func (c *cli) overview(w io.Writer) {
	fmt.Fprintln(w, "usage: flasksession <command> [flags] [args]")
	fmt.Fprintln(w, "\nRead, check and make Flask session cookies; run a demo. Commands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-7s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w, "\nRun 'flasksession help <command>' for its flags; --version prints the version.")
	fmt.Fprintln(w, "Exit status: 0 ok, 1 rejected, 2 usage error.")
	fmt.Fprintf(w, "sign and verify read the secret from --secret or, better, %s;\n", envSecret)
	fmt.Fprintf(w, "decode needs none; demo reads --secret or %s (never\n", envDemoSecret)
	fmt.Fprintf(w, "%s), else it makes a random key.\n", envSecret)
}

// fail prints a one-line reason for a rejected token or payload and returns
// exitFail.
func (c *cli) fail(cmd, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "flasksession %s: %s\n", cmd, oneLine(fmt.Sprintf(format, args...)))
	return exitFail
}

// usage prints a one-line reason for a command-line mistake and returns
// exitUsage.
func (c *cli) usage(cmd, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "flasksession %s: %s (see flasksession %s -h)\n", cmd, oneLine(fmt.Sprintf(format, args...)), cmd)
	return exitUsage
}

// newFlagSet returns a flag set that prints nothing itself: parse errors
// are reported by parseFlags on one line, and -h prints the usage text
// (synopsis, about, flags) on stdout.
func (c *cli) newFlagSet(cmd, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.synopsis, c.about = synopsis, about
	return fs
}

// printUsage writes the -h text of the command whose flag set is fs.
// Flags are written --name, as the README writes them, each with its
// default, if it has one, stated once.
func (c *cli) printUsage(fs *flag.FlagSet) {
	w := c.stdout
	fmt.Fprintf(w, "usage: flasksession %s %s\n\n%s\n\nFlags:\n", fs.Name(), c.synopsis, c.about)
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		switch arg {
		case "":
			fmt.Fprintf(w, "  --%s\n", f.Name)
		case "value", "string":
			// No `NAME` in the usage text: name the argument after the flag.
			fmt.Fprintf(w, "  --%s %s\n", f.Name, strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_")))
		default:
			fmt.Fprintf(w, "  --%s %s\n", f.Name, arg)
		}
		fmt.Fprintf(w, "        %s", usage)
		switch f.DefValue {
		case "", "false", "0", "0s":
		default:
			fmt.Fprintf(w, " (default: %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// parseFlags parses args, allowing flags after positional arguments
// ("verify TOKEN --secret K") until a "--". It returns the positional
// arguments, or an exit code when parsing stopped: exitOK after -h, else
// exitUsage with the reason printed.
func (c *cli) parseFlags(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printUsage(fs)
				return nil, exitOK, false
			}
			return nil, c.usage(fs.Name(), "%s", dashDash(err.Error())), false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		// flag stops at the first non-flag; a "--" it consumed shows as
		// the remaining args being everything after it.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dashDash writes the flag named in one of package flag's parse errors
// as --name, the way the help and the README write flags.
func dashDash(msg string) string {
	for _, prefix := range []string{"not defined: -", "needs an argument: -", " for flag -"} {
		if i := strings.Index(msg, prefix); i >= 0 && !strings.HasPrefix(msg[i+len(prefix):], "-") {
			j := i + len(prefix)
			return msg[:j] + "-" + msg[j:]
		}
	}
	return msg
}

// oneLine flattens a message onto one line and bounds its length, so that
// every failure prints exactly one line.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	const max = 300
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}
