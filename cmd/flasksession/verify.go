package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"time"

	"github.com/flasksession/flasksession"
	"github.com/flasksession/flasksession/itsdangerous"
	"github.com/flasksession/flasksession/tagjson"
)

const verifyAbout = `Checks TOKEN's signature with the secret (and any --fallback keys) and its
age against --max-age, then prints the session on one line as canonical
tagged JSON (--raw: the exact payload bytes). TOKEN may be a bare value,
session=VALUE or a whole Cookie: / Set-Cookie: header line; without TOKEN,
or with "-", it is read from stdin.

Without --raw the payload must also be a session Flask can load (tagged
JSON that Python's dict() takes), else Flask would answer 500 and verify
exits 1; what is printed is that session. Exit status: 0 valid, 1 rejected
(the reason is printed), 2 usage.`

// tokenFlags are the input settings shared by verify and decode.
type tokenFlags struct {
	cookieName string
	raw        bool
	pretty     bool
}

func (t *tokenFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.cookieName, "cookie-name", defaultCookieName, "cookie `NAME` to pick from a Cookie: or Set-Cookie: line (SESSION_COOKIE_NAME)")
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
	fs.Var(&maxAge, "max-age", "oldest signature accepted (PERMANENT_SESSION_LIFETIME): a `DURATION` like 744h or 90m, or seconds; 0: no limit")
	var now unixFlag
	fs.Var(&now, "now", "check the age as of this `UNIX` time instead of the clock")
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	clock := now.clock()
	if clock == nil {
		clock = time.Now
	}
	m, err := k.manager(c.getenv, clock)
	if err != nil {
		return c.usage(cmd, "%v", err)
	}
	m.Lifetime = maxAge.d
	if maxAge.d == 0 {
		// No limit on the age; a signature dated in the future is still
		// refused, as Flask always refuses it.
		m.Lifetime = time.Duration(math.MaxInt64).Truncate(time.Second)
	}
	if err := m.Validate(); err != nil {
		return c.usage(cmd, "%v", err)
	}
	tok, code := c.token(cmd, pos, t.cookieName)
	if code != exitOK {
		return code
	}
	var payload []byte
	if t.raw {
		ser, err := m.TokenSerializer()
		if err != nil {
			return c.usage(cmd, "%v", err)
		}
		if payload, _, err = ser.VerifyPayload([]byte(tok), m.Lifetime); err != nil {
			return c.fail(cmd, "%s", rejection(err, maxAge.d, clock()))
		}
	} else {
		values, err := m.DecodeCookie(tok)
		if err != nil {
			return c.fail(cmd, "%s", rejection(err, maxAge.d, clock()))
		}
		if values == nil {
			values = map[string]any{}
		}
		if payload, err = tagjson.Marshal(values); err != nil {
			return c.fail(cmd, "cannot re-encode the session: %v; --raw prints it", err)
		}
	}
	// Either the exact bytes (--raw) or already canonical: print as is.
	c.writePayload(payload, t, nil)
	return exitOK
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
	c.writePayload(out, t, prefix)
	return exitOK
}

// writePayload writes out (indented with --pretty unless --raw) on one
// line after the prefix.
func (c *cli) writePayload(out []byte, t tokenFlags, prefix []byte) {
	if t.pretty && !t.raw {
		out = indentJSON(out)
	}
	line := append(append([]byte{}, prefix...), out...)
	c.stdout.Write(append(line, '\n'))
}

// rejection words a verification error for people: which check failed
// and what usually causes it, then the library's own message.
func rejection(err error, maxAge time.Duration, now time.Time) string {
	var expired *itsdangerous.SignatureExpiredError
	var badSig *itsdangerous.BadSignatureError
	now = now.Truncate(time.Second)
	switch {
	case errors.As(err, &expired):
		signed := expired.DateSigned
		if ahead := signed.Sub(now); ahead > 0 {
			return fmt.Sprintf("signed in the future: signed at %s, %s ahead of this clock; Flask refuses a cookie dated even one second after its clock (are the clocks synchronised?)",
				signed.Format(time.RFC3339), ahead)
		}
		return fmt.Sprintf("expired: signed at %s, %s ago, older than --max-age %s",
			signed.Format(time.RFC3339), now.Sub(signed), maxAge)
	case errors.Is(err, flasksession.ErrCookieValueTooLong):
		return "too long for a session cookie (browsers keep about 4 KB per cookie): " + err.Error()
	case errors.As(err, &badSig) && badSig.Payload == nil && !errors.Is(err, itsdangerous.ErrBadTimeSignature):
		return errNotToken.Error()
	case errors.Is(err, itsdangerous.ErrBadSignature):
		// BadTimeSignature too: the timestamp signer reports a mismatch,
		// a missing or a malformed timestamp with it.
		return "bad signature (wrong secret, salt, key derivation or digest, or a tampered token): " + err.Error()
	case errors.Is(err, itsdangerous.ErrTimestampOutOfRange):
		return "the signature is valid but the signed timestamp is out of range, past the year 9999, which Python's datetime (and Flask) refuses"
	case errors.Is(err, itsdangerous.ErrBadPayload):
		return "the signature is valid but the payload cannot be decoded (Flask would answer 500): " + err.Error()
	case errors.Is(err, tagjson.ErrSyntax), errors.Is(err, tagjson.ErrTagValue),
		errors.Is(err, tagjson.ErrDepth), errors.Is(err, tagjson.ErrIntTooLong):
		return "the payload is not tagged JSON that Flask can load (Flask would answer 500); --raw prints it: " + err.Error()
	case errors.Is(err, flasksession.ErrUndecodable):
		return "the payload is tagged JSON but not a session: Flask's dict() refuses it (Flask would answer 500); --raw prints it: " + err.Error()
	}
	return err.Error()
}
