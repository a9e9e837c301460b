package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestREADMESession runs the README's command-line session: each "$ "
// line is run in-process and must print what the README shows under it
// (stdout, then stderr, as a terminal shows them for these commands).
func TestREADMESession(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(b), "## Command line")
	if !ok {
		t.Fatal("README has no Command line section")
	}
	if _, block, ok = strings.Cut(block, "```console\n"); !ok {
		t.Fatal("README's Command line section has no console block")
	}
	block, _, _ = strings.Cut(block, "```")

	env := map[string]string{}
	var cmds int
	for _, step := range strings.Split("\n"+block, "\n$ ")[1:] {
		line, want, _ := strings.Cut(step, "\n")
		if want != "" {
			want = strings.TrimSuffix(want, "\n") + "\n"
		}
		if name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
			env[name] = value
			continue
		}
		stdin := ""
		if before, after, ok := strings.Cut(line, " | "); ok {
			words, err := shellWords(strings.TrimPrefix(before, "echo "))
			if err != nil || len(words) != 1 || !strings.HasPrefix(before, "echo ") {
				t.Fatalf("README line %q: only `echo 'TEXT' | flasksession ...` pipes are understood", line)
			}
			stdin, line = words[0]+"\n", after
		}
		args, err := shellWords(line)
		if err != nil || len(args) == 0 || args[0] != "flasksession" {
			t.Fatalf("README line %q: want a flasksession command (%v)", line, err)
		}
		cmds++
		r := runCLI(t, env, stdin, args[1:]...)
		if got := r.stdout + r.stderr; got != want {
			t.Errorf("README: $ %s\nprints (exit %d):\n%s\nthe README shows:\n%s", line, r.code, got, want)
		}
	}
	if cmds < 4 {
		t.Errorf("README's session has %d commands; want sign, verify and decode at least", cmds)
	}
}

// shellWords splits a command line as sh would for the README's simple
// commands: words separated by spaces, with 'single-quoted' parts.
func shellWords(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			w.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case strings.IndexByte(`"\$|;&<>`+"`", c) >= 0:
			return nil, fmt.Errorf("unsupported shell syntax %q", c)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quote")
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
