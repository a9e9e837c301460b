package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flasksession/flasksession/internal/zlibx"
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

// decodeToken splits "[.]payload.timestamp.signature" (or
// "[.]payload.signature" for an untimed token) at its last dots, as
// itsdangerous does, and decodes the payload and timestamp with
// itsdangerous's lenient base64.
func decodeToken(tok string) (decodedToken, error) {
	var d decodedToken
	body, compressed := strings.CutPrefix(tok, ".")
	d.compressed = compressed
	i := strings.LastIndexByte(body, '.')
	if i < 0 {
		return d, fmt.Errorf("no '.' in the token: not an itsdangerous token")
	}
	body = body[:i] // drop the signature
	if j := strings.LastIndexByte(body, '.'); j >= 0 {
		ts, err := itsdangerous.Base64Decode([]byte(body[j+1:]))
		if err != nil || len(ts) > 8 {
			return d, fmt.Errorf("malformed timestamp %s", quoteShort(body[j+1:]))
		}
		var b [8]byte
		copy(b[8-len(ts):], ts)
		sec := binary.BigEndian.Uint64(b[:])
		if sec > 253402300799 { // after 9999-12-31T23:59:59Z, as Python's datetime refuses
			return d, fmt.Errorf("timestamp %d is past the year 9999", sec)
		}
		d.hasTime, d.signedAt = true, time.Unix(int64(sec), 0).UTC()
		body = body[:j]
	}
	raw, err := itsdangerous.Base64Decode([]byte(body))
	if err != nil {
		return d, fmt.Errorf("payload is not base64: %v", err)
	}
	if compressed {
		// zlibx ignores bytes after the end of the zlib stream, as Python's
		// zlib.decompress does, and stops at the bound.
		raw, err = zlibx.AppendDecompress(nil, raw, maxDecompressed)
		switch {
		case errors.Is(err, zlibx.ErrTooLarge):
			return d, fmt.Errorf("payload inflates to more than %d bytes", maxDecompressed)
		case err != nil:
			return d, fmt.Errorf("payload has a '.' (compressed) prefix but is not zlib or does not inflate: %v", err)
		}
	}
	d.payload = raw
	return d, nil
}
