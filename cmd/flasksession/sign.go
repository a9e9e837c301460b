package main

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/flasksession/flasksession/tagjson"
)

// maxInput bounds what verify, decode and sign read from stdin. Browsers
// keep cookies under 4 KiB; a megabyte leaves room for any real token.
const maxInput = 1 << 20

const signAbout = `Reads a session as tagged JSON on stdin and prints the cookie value Flask
would set for it: the JSON is decoded and re-encoded as Flask writes it
(sorted keys, ASCII only, compact, zlib-compressed when that saves 2 bytes),
then timestamped and signed. With --raw the stdin bytes (minus one trailing
newline) are signed as the payload unchanged, for any URLSafeTimedSerializer
token.`

func runSign(c *cli, args []string) int {
	const cmd = "sign"
	fs := c.newFlagSet(cmd, "[flags] < payload.json", signAbout)
	var k keyFlags
	k.register(fs, false)
	var ts unixFlag
	fs.Var(&ts, "timestamp", "signing time in `UNIX` seconds (default: now)")
	raw := fs.Bool("raw", false, "sign the stdin bytes as they are instead of re-encoding them as Flask's tagged JSON")
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return c.usage(cmd, "unexpected argument %s: the payload is read from stdin", quoteShort(pos[0]))
	}
	m, err := k.manager(c.getenv, ts.clock())
	if err != nil {
		return c.usage(cmd, "%v", err)
	}
	if err := m.Validate(); err != nil {
		return c.usage(cmd, "%v", err)
	}
	in, err := readInput(c.stdin)
	if err != nil {
		return c.fail(cmd, "reading the payload from stdin: %v", err)
	}
	var token []byte
	if *raw {
		ser, err := m.TokenSerializer()
		if err != nil {
			return c.usage(cmd, "%v", err)
		}
		token = ser.AppendSignedPayload(nil, trimOneNewline(in))
	} else {
		values, err := sessionValues(in)
		if err != nil {
			return c.fail(cmd, "%v", err)
		}
		tok, err := m.EncodeCookie(values)
		if err != nil {
			return c.fail(cmd, "cannot encode the session as Flask would: %v", err)
		}
		token = []byte(tok)
	}
	// The Set-Cookie header Flask would send for a session that is not
	// permanent, with its default attributes.
	header, err := m.Cookie.SetCookieHeader(string(token), time.Time{})
	if err != nil {
		return c.usage(cmd, "%v", err)
	}
	if len(header) > m.MaxCookieSize {
		fmt.Fprintf(c.stderr, "flasksession sign: warning: the Set-Cookie header would be about %d bytes, over Flask's MAX_COOKIE_SIZE of %d; browsers may drop it\n", len(header), m.MaxCookieSize)
	}
	c.stdout.Write(append(token, '\n'))
	return exitOK
}

// sessionValues decodes a session given as tagged JSON. The top level must
// be an object: a Flask session is a dict.
func sessionValues(in []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(in)) == 0 {
		return nil, fmt.Errorf("stdin is empty: want the session as a JSON object, e.g. {\"user_id\":\"42\"}")
	}
	var v any
	if err := tagjson.Unmarshal(in, &v); err != nil {
		return nil, fmt.Errorf("stdin is not tagged JSON: %v (use --raw to sign bytes as they are)", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the session must be a JSON object, not %s", describeJSON(v))
	}
	return m, nil
}

// describeJSON names the kind of a decoded value for error messages.
func describeJSON(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case tagjson.Tuple:
		return "a tuple (\" t\")"
	case string, tagjson.Markup:
		return "a string"
	case bool:
		return "a boolean"
	case int64, float64, *big.Int:
		return "a number"
	default:
		return fmt.Sprintf("a value of Go type %T", v)
	}
}

// readInput reads stdin up to maxInput bytes.
func readInput(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("more than %d bytes", maxInput)
	}
	return b, nil
}

// trimOneNewline removes one trailing "\n" or "\r\n", which echo and
// editors add.
func trimOneNewline(b []byte) []byte {
	if bytes.HasSuffix(b, []byte("\r\n")) {
		return b[:len(b)-2]
	}
	return bytes.TrimSuffix(b, []byte("\n"))
}
