package itsdangerous

import (
	"bytes"
	"time"
)

// Unverified is a URL-safe (timed) serializer token taken apart without
// checking its signature, as DecodeUnverified returns it.
type Unverified struct {
	Payload    []byte    // the serialized bytes, base64-decoded and inflated
	Compressed bool      // the payload was zlib-compressed ("." prefix)
	SignedAt   time.Time // zero when the token has no timestamp
}

// DecodeUnverified takes apart a token made by URLSafeSerializer or
// URLSafeTimedSerializer with the "." separator ("[.]payload[.timestamp].
// signature") WITHOUT verifying it, for debugging tools: anyone can make a
// token that decodes to anything, so never trust the result. Like
// itsdangerous's loads_unsafe it needs no key. The payload is inflated to
// at most maxDecompressed bytes (DefaultMaxDecompressedSize if 0, no limit
// if negative).
//
// A token with three parts is read as timed; a timestamp that does not
// decode to at most 8 bytes, or lies past the year 9999, is an error.
func DecodeUnverified(token []byte, maxDecompressed int) (Unverified, error) {
	var u Unverified
	i := bytes.LastIndexByte(token, '.')
	if i < 0 {
		return u, &BadSignatureError{Message: "No b'.' found in value"}
	}
	body := token[:i] // drop the signature
	start := 0
	if len(body) > 0 && body[0] == '.' {
		start = 1 // the compression mark is not a separator
	}
	if j := bytes.LastIndexByte(body[start:], '.'); j >= 0 {
		j += start
		ts, ok := parseTimestamp(body[j+1:])
		if !ok {
			return u, malformed(body[:j])
		}
		if ts > maxUnix {
			return u, ErrTimestampOutOfRange
		}
		u.SignedAt = time.Unix(int64(ts), 0).UTC()
		body = body[:j]
	}
	u.Compressed = len(body) > 0 && body[0] == '.'
	p := payloadCodec{urlSafe: true, limit: decompressionLimit(maxDecompressed)}
	payload, err := p.decodePayload(body)
	if err != nil {
		return u, err
	}
	u.Payload = payload
	return u, nil
}
