package main

import (
	"bytes"
	"strings"
	"testing"
)

// result is what one in-process run of the command produced.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the command in-process with the given stdin and environment
// (nil: empty).
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return result{out.String(), errb.String(), code}
}

// checkFailure asserts that r failed with code and printed exactly one line
// on stderr containing want, and nothing on stdout.
func checkFailure(t *testing.T, r result, code int, want string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code = %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want nothing on failure", r.stdout)
	}
	if n := strings.Count(r.stderr, "\n"); n != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("stderr has %d lines, want exactly one: %q", n, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q, want it to contain %q", r.stderr, want)
	}
	if !strings.HasPrefix(r.stderr, "flasksession") {
		t.Errorf("stderr = %q, want it to start with the program name", r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	env := map[string]string{envSecret: "dev-secret"}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no command", env, nil, ""},
		{"unknown command", env, []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help with two commands", env, []string{"help", "sign", "verify"}, "want one command, got 2"},
		{"help for an unknown command", env, []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", env, []string{"verify", "--bogus", vectorCookie}, "flag provided but not defined: --bogus"},
		{"bad key derivation", env, []string{"verify", "--key-derivation", "md5", vectorCookie}, "invalid value \"md5\" for flag --key-derivation: must be one of hmac, concat, django-concat, none"},
		{"bad digest", env, []string{"sign", "--digest", "md5"}, "must be one of sha1"},
		{"bad max-age", env, []string{"verify", "--max-age", "soon", vectorCookie}, "want a duration"},
		{"negative max-age", env, []string{"verify", "--max-age", "-5s", vectorCookie}, "must not be negative"},
		{"negative now", env, []string{"verify", "--now", "-1", vectorCookie}, "non-negative integer"},
		{"bad timestamp", env, []string{"sign", "--timestamp", "yesterday"}, "non-negative integer"},
		{"verify without secret", nil, []string{"verify", vectorCookie}, "no secret key: pass --secret or set FLASK_SECRET_KEY"},
		{"sign without secret", nil, []string{"sign"}, "no secret key"},
		{"empty fallback", env, []string{"verify", "--fallback", "", vectorCookie}, "--fallback must not be empty"},
		{"verify two tokens", env, []string{"verify", vectorCookie, vectorCookie}, "want one TOKEN, got 2 arguments"},
		{"decode two tokens", env, []string{"decode", "a.b.c", "d.e.f"}, "want one TOKEN"},
		{"sign with an argument", env, []string{"sign", "{}"}, "the payload is read from stdin"},
		{"demo with an argument", env, []string{"demo", "now"}, "unexpected argument"},
		{"demo bad flag", env, []string{"demo", "--port", "80"}, "flag provided but not defined: --port"},
		{"verify nothing on stdin", env, []string{"verify"}, "no token"},
		{"missing flag value", env, []string{"verify", vectorCookie, "--secret"}, "flag needs an argument: --secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, "", tt.args...)
			if tt.args == nil {
				// The overview goes to stderr, several lines.
				if r.code != exitUsage || !strings.Contains(r.stderr, "usage: flasksession <command>") {
					t.Errorf("no args: code %d stderr %q, want 2 and the overview", r.code, r.stderr)
				}
				return
			}
			checkFailure(t, r, exitUsage, tt.want)
		})
	}
}

func TestHelp(t *testing.T) {
	t.Run("overview says which commands read which secret", func(t *testing.T) {
		r := runCLI(t, nil, "", "help")
		for _, want := range []string{"sign and verify read the secret from --secret or, better, FLASK_SECRET_KEY", "demo reads --secret or FLASKSESSION_DEMO_SECRET (never\nFLASK_SECRET_KEY)"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("overview lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	for _, args := range [][]string{{"-h"}, {"help"}, {"sign", "-h"}, {"verify", "--help"}, {"decode", "-h"}, {"demo", "-h"}} {
		r := runCLI(t, nil, "", args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "usage: flasksession") || r.stderr != "" {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want 0 and usage on stdout", args, r.code, r.stdout, r.stderr)
		}
	}
	r := runCLI(t, nil, "", "verify", "-h")
	for _, flag := range []string{"--secret", "--fallback", "--salt", "--key-derivation", "--digest", "--max-age", "--now", "--raw", "--pretty", "--cookie-name"} {
		if !strings.Contains(r.stdout, flag) {
			t.Errorf("verify -h does not document %s", flag)
		}
	}
}

func TestMaxAgeFlag(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"2678400", "744h0m0s", false},
		{"744h", "744h0m0s", false},
		{"90m", "1h30m0s", false},
		{"0", "0s", false},
		{"0s", "0s", false},
		{"1.5h", "1h30m0s", false},
		{"-1", "", true},
		{"31d", "", true},
		{"99999999999999999", "", true},
	}
	for _, tt := range tests {
		var f maxAgeFlag
		err := f.Set(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("Set(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && f.String() != tt.want {
			t.Errorf("Set(%q) = %s, want %s", tt.in, f.String(), tt.want)
		}
	}
}

func TestIndentJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1}`, "{\n  \"a\": 1\n}"},
		{`{}`, `{}`},
		{`{"a":[],"b":{}}`, "{\n  \"a\": [],\n  \"b\": {}\n}"},
		{`{"x":[NaN,-Infinity,1e+16]}`, "{\n  \"x\": [\n    NaN,\n    -Infinity,\n    1e+16\n  ]\n}"},
		{`{"s":"a,b:{c}[\"]"}`, "{\n  \"s\": \"a,b:{c}[\\\"]\"\n}"},
		{`{" t":["message","hi"]}`, "{\n  \" t\": [\n    \"message\",\n    \"hi\"\n  ]\n}"},
	}
	for _, tt := range tests {
		if got := string(indentJSON([]byte(tt.in))); got != tt.want {
			t.Errorf("indentJSON(%s) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}
