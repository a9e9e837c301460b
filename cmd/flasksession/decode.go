package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/flasksession/flasksession/itsdangerous"
)

const decodeAbout = `Prints TOKEN's signing time (RFC 3339, UTC; "-" when the token has no
timestamp), a space and its payload as canonical tagged JSON (--raw: the exact
bytes), WITHOUT checking the signature: anyone can make a token that decodes
to anything. Use verify to trust it. Compressed payloads ("." prefix) are
inflated. TOKEN may be a bare value, session=VALUE or a whole Cookie: /
Set-Cookie: header line; without TOKEN, or with "-", it is read from stdin.`

// maxDecompressed bounds the inflated payload decode will produce, so a
// zlib bomb pasted by mistake cannot exhaust memory.
const maxDecompressed = 16 << 20

func runDecode(c *cli, args []string) int {
	const cmd = "decode"
	fs := c.newFlagSet(cmd, "[flags] [TOKEN | -]", decodeAbout)
	var t tokenFlags
	t.register(fs)
	pos, code, ok := c.parseFlags(fs, args)
	if !ok {
		return code
	}
	tok, code := c.token(cmd, pos, t.cookieName)
	if code != exitOK {
		return code
	}
	d, err := decodeToken(tok)
	if err != nil {
		return c.fail(cmd, "%v", err)
	}
	when := "-"
	if d.hasTime {
		when = d.signedAt.UTC().Format(time.RFC3339)
	}
	prefix := []byte(when + " ")
	if t.pretty {
		prefix = []byte("signed at: " + when + "\n")
		if d.compressed {
			prefix = append(prefix, "compressed: yes\n"...)
		}
	}
	if code := c.printPayload(cmd, d.payload, t, prefix); code != exitOK {
		return code
	}
	fmt.Fprintf(c.stderr, "flasksession decode: NOT VERIFIED: the signature was not checked, anyone can forge this payload (use verify)\n")
	return exitOK
}

// decodedToken is an itsdangerous URLSafe(Timed)Serializer token taken
// apart without verification.
type decodedToken struct {
	payload    []byte // decoded and inflated serialized bytes
	compressed bool
	hasTime    bool
	signedAt   time.Time
}

// decodeToken takes tok apart with itsdangerous.DecodeUnverified and says
// in one line what is wrong with a token that does not decode.
func decodeToken(tok string) (decodedToken, error) {
	u, err := itsdangerous.DecodeUnverified([]byte(tok), maxDecompressed)
	switch {
	case err == nil:
		return decodedToken{payload: u.Payload, compressed: u.Compressed, hasTime: !u.SignedAt.IsZero(), signedAt: u.SignedAt}, nil
	case errors.Is(err, itsdangerous.ErrPayloadTooLarge):
		return decodedToken{}, fmt.Errorf("payload inflates to more than %d bytes", maxDecompressed)
	case errors.Is(err, itsdangerous.ErrZlib):
		return decodedToken{}, fmt.Errorf("payload has a '.' (compressed) prefix but is not zlib or does not inflate: %v", err)
	case errors.Is(err, itsdangerous.ErrBadPayload):
		return decodedToken{}, fmt.Errorf("payload is not base64: %v", err)
	case errors.Is(err, itsdangerous.ErrTimestampOutOfRange):
		return decodedToken{}, fmt.Errorf("timestamp is past the year 9999, which Python's datetime (and Flask) refuses")
	case errors.Is(err, itsdangerous.ErrBadTimeSignature):
		return decodedToken{}, fmt.Errorf("malformed timestamp: not 1 to 8 bytes of base64")
	default:
		return decodedToken{}, errNotToken
	}
}
