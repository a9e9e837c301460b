package main

import (
	"errors"
	"flag"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

const verifyAbout = `Checks TOKEN's signature with the secret (and any --fallback keys) and its
age against --max-age, then prints the payload on one line as canonical
tagged JSON (--raw: the exact payload bytes). TOKEN may be a bare value,
session=VALUE or a whole Cookie: / Set-Cookie: header line; without TOKEN,
or with "-", it is read from stdin.

Without --raw the payload must also be a session Flask can load (tagged
JSON holding a dict), else Flask would answer 500 and verify exits 1.
--max-age is a Go duration (744h, 90m) or plain seconds; 0 turns the age
check off. Exit status: 0 valid, 1 rejected (the reason is printed), 2 usage.`

// tokenFlags are the input settings shared by verify and decode.
type tokenFlags struct {
	cookieName string
	raw        bool
	pretty     bool
}

func (t *tokenFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.cookieName, "cookie-name", defaultCookieName, "cookie to pick from a Cookie:/Set-Cookie: line (SESSION_COOKIE_NAME)")
	fs.BoolVar(&t.raw, "raw", false, "print the exact payload bytes instead of canonical tagged JSON")
	fs.BoolVar(&t.pretty, "pretty", false, "indent the JSON, for people (output is one line otherwise)")
}

// token returns the token given as the only positional argument, or read
// from stdin when there is none or it is "-". A bad input prints its
// reason and returns a non-zero exit code.
func (c *cli) token(cmd string, pos []string, name string) (string, int) {
	var input string
	switch {
	case len(pos) > 1:
		return "", c.usage(cmd, "want one TOKEN, got %d arguments (quote a pasted header line)", len(pos))
	case len(pos) == 1 && pos[0] != "-":
		input = pos[0]
	default:
		b, err := readInput(c.stdin)
		if err != nil {
			return "", c.fail(cmd, "reading the token from stdin: %v", err)
		}
		input = string(b)
	}
	if trimSpace(input) == "" {
		return "", c.usage(cmd, "no token: pass it as an argument or on stdin")
	}
	tok, err := parseToken(input, name)
	if err != nil {
		return "", c.fail(cmd, "%v", err)
	}
	return tok, exitOK
}

func runVerify(c *cli, args []string) int {
	const cmd = "verify"
	fs := c.newFlagSet(cmd, "[flags] [TOKEN | -]", verifyAbout)
	var k keyFlags
	k.register(fs, true)
	var t tokenFlags
	t.register(fs)
	maxAge := maxAgeFlag{defaultMaxAge}
	fs.Var(&maxAge, "max-age", "oldest signature accepted (PERMANENT_SESSION_LIFETIME): a duration like 744h or 90m, or seconds; 0 turns the age check off")
	var now unixFlag
	fs.Var(&now, "now", "check the age as of this Unix time instead of the clock")
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	ser, err := k.serializer(c.getenv, now.clock())
	if err != nil {
		return c.usage(cmd, "%v", err)
	}
	tok, code := c.token(cmd, pos, t.cookieName)
	if code != exitOK {
		return code
	}
	age := maxAge.d
	if age == 0 {
		age = itsdangerous.NoMaxAge
	}
	payload, _, err := ser.VerifyPayload([]byte(tok), age)
	if err != nil {
		return c.fail(cmd, "%s", rejection(err, maxAge.d))
	}
	if !t.raw {
		if err := checkSessionShape(payload); err != nil {
			return c.fail(cmd, "%v", err)
		}
	}
	return c.printPayload(cmd, payload, t, nil)
}

// checkSessionShape reports a payload that is tagged JSON but that Flask
// could not turn into a session, since it builds one with dict(payload):
// only an object, null (an empty session) or a list of [key, value] pairs
// work; anything else makes Flask answer 500 (spec R3.7, R3.8). Payloads
// that are not tagged JSON at all are reported by printPayload.
func checkSessionShape(payload []byte) error {
	var v any
	if tagjson.Unmarshal(payload, &v) != nil {
		return nil
	}
	const msg = "the payload is valid tagged JSON but not a session: %s, where Flask needs an object (it would answer 500); --raw prints it"
	switch v := v.(type) {
	case map[string]any, nil:
		return nil
	case []any:
		for _, e := range v {
			if !isPair(e) {
				return fmt.Errorf(msg, "an array that is not a list of [key, value] pairs")
			}
		}
		return nil
	case tagjson.Tuple:
		for _, e := range v {
			if !isPair(e) {
				return fmt.Errorf(msg, "a tuple that is not a list of [key, value] pairs")
			}
		}
		return nil
	default:
		return fmt.Errorf(msg, describeJSON(v))
	}
}

// isPair reports whether dict() takes e as one (key, value) item: a
// two-element array or tuple whose first element is hashable.
func isPair(e any) bool {
	var kv []any
	switch e := e.(type) {
	case []any:
		kv = e
	case tagjson.Tuple:
		kv = e
	case string:
		// dict(["ab"]) is {"a": "b"}: a two-character string is a pair.
		return utf8.RuneCountInString(e) == 2
	case map[string]any:
		// dict([{"k": 1, "v": 2}]) pairs the two keys.
		return len(e) == 2
	default:
		return false
	}
	if len(kv) != 2 {
		return false
	}
	switch kv[0].(type) {
	case []any, map[string]any:
		return false
	}
	return true
}

// printPayload prints payload as canonical tagged JSON (or raw) on one
// line, indented with --pretty, after an optional prefix line. A payload
// that is not tagged JSON is a failure: Flask would answer 500.
func (c *cli) printPayload(cmd string, payload []byte, t tokenFlags, prefix []byte) int {
	out := payload
	if !t.raw {
		var v any
		if err := tagjson.Unmarshal(payload, &v); err != nil {
			return c.fail(cmd, "the payload is not tagged JSON that Flask can load (Flask would answer 500): %v; --raw prints it", err)
		}
		var err error
		if out, err = tagjson.Marshal(v); err != nil {
			return c.fail(cmd, "cannot re-encode the payload: %v; --raw prints it", err)
		}
	}
	if t.pretty && !t.raw {
		out = indentJSON(out)
	}
	line := append(append([]byte{}, prefix...), out...)
	c.stdout.Write(append(line, '\n'))
	return exitOK
}

// rejection words a verification error for people: which check failed and
// what usually causes it, then the library's own message.
func rejection(err error, maxAge time.Duration) string {
	var reason string
	switch {
	case errors.Is(err, itsdangerous.ErrSignatureExpired):
		reason = fmt.Sprintf("signature expired (older than --max-age %s, or signed in the future)", maxAge)
	case errors.Is(err, itsdangerous.ErrBadSignature):
		// BadTimeSignature too: the timestamp signer reports a mismatch,
		// a missing or a malformed timestamp with it.
		reason = "bad signature (wrong secret, salt, key derivation or digest, or a tampered token)"
	case errors.Is(err, itsdangerous.ErrBadPayload):
		reason = "signature is valid but the payload cannot be decoded (Flask would answer 500)"
	default:
		reason = "rejected"
	}
	return reason + ": " + err.Error()
}
