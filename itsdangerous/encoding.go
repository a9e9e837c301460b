package itsdangerous

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
)

// appendBase64 appends the URL-safe base64 encoding of src to dst, without
// padding, as itsdangerous's base64_encode does.
func appendBase64(dst, src []byte) []byte {
	return base64.RawURLEncoding.AppendEncode(dst, src)
}

// Base64Encode returns the URL-safe base64 encoding of src without padding.
func Base64Encode(src []byte) []byte { return appendBase64(nil, src) }

// Base64Decode decodes src as itsdangerous's base64_decode does
// (itsdangerous/encoding.py: pad, then CPython's non-strict
// binascii.a2b_base64 after urlsafe_b64decode's translation), which Flask
// applies to payloads, timestamps and signatures:
//   - both alphabets are accepted: '-' and '+' are 62, '_' and '/' are 63;
//   - padding '=' is added up to a multiple of four, counted over the whole
//     input including characters that are then skipped;
//   - bytes outside the alphabet are skipped;
//   - a '=' ends the input once two or three characters of a quantum have
//     been seen (whatever follows is ignored); an earlier '=' is skipped;
//   - non-zero trailing bits are ignored.
//
// src is taken as Python bytes, which is what base64_decode receives from
// the signers (see "Tokens are bytes" in the package documentation).
// Called on a str, base64_decode drops the non-ASCII characters before it
// pads, so they do not count there.
//
// Go's encoding/base64 is strict and would reject tokens that Flask accepts.
// Errors are *BadDataError values matching ErrBadData, their cause worded
// as CPython's binascii words it.
func Base64Decode(src []byte) ([]byte, error) {
	return appendBase64Decode(make([]byte, 0, len(src)*3/4+3), src)
}

// appendBase64Decode is Base64Decode appending to dst. On error dst is
// returned unchanged in length.
func appendBase64Decode(dst, src []byte) ([]byte, error) {
	out, reason := appendDecodeLenient(dst, src, -1)
	if reason != nil {
		return dst, &BadDataError{Message: msgBadBase64, Err: reason}
	}
	return out, nil
}

// decodeMap maps a byte to its 6-bit value in either base64 alphabet, or
// 0xff for bytes that are skipped. '=' is handled separately.
var decodeMap = func() (m [256]byte) {
	for i := range m {
		m[i] = 0xff
	}
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(std); i++ {
		m[std[i]] = byte(i)
	}
	m['-'], m['_'] = 62, 63
	return m
}()

// errIncorrectPadding is binascii's message for two or three leftover
// characters.
var errIncorrectPadding = errors.New("Incorrect padding")

// errTooLong reports that the output would exceed the caller's bound.
var errTooLong = errors.New("decoded data too long")

// oneMoreError is binascii's message for a single leftover character.
type oneMoreError int

func (n oneMoreError) Error() string {
	return "Invalid base64-encoded string: number of data characters (" +
		strconv.Itoa(int(n)) + ") cannot be 1 more than a multiple of 4"
}

// appendDecodeLenient implements Base64Decode's rules step by step, as
// CPython's non-strict a2b_base64 runs over the padded input. When max >= 0, decoding fails with
// errTooLong as soon as more than max bytes would be appended.
func appendDecodeLenient(dst, src []byte, max int) ([]byte, error) {
	start := len(dst)
	// itsdangerous appends "=" * (-len(s) % 4) before decoding; they are fed
	// to the loop after src without copying it.
	extra := (4 - len(src)%4) % 4
	dst, i := decodeQuanta(dst, src, max)
	quadPos, pads := 0, 0
	var left byte
	n := len(src) + extra
	for ; i < n; i++ {
		c := byte('=')
		if i < len(src) {
			c = src[i]
		}
		if c == '=' {
			if quadPos >= 2 {
				pads++
				if quadPos+pads >= 4 {
					return dst, nil
				}
			}
			continue
		}
		v := decodeMap[c]
		if v == 0xff {
			continue
		}
		pads = 0
		if quadPos == 0 {
			quadPos, left = 1, v
			continue
		}
		if max >= 0 && len(dst)-start >= max {
			return dst[:start], errTooLong
		}
		switch quadPos {
		case 1:
			quadPos = 2
			dst = append(dst, left<<2|v>>4)
			left = v & 0x0f
		case 2:
			quadPos = 3
			dst = append(dst, left<<4|v>>2)
			left = v & 0x03
		case 3:
			quadPos = 0
			dst = append(dst, left<<6|v)
			left = 0
		}
	}
	switch quadPos {
	case 0:
		return dst, nil
	case 1:
		return dst[:start], oneMoreError((len(dst)-start)/3*4 + 1)
	default:
		return dst[:start], errIncorrectPadding
	}
}

// decodeQuanta is appendDecodeLenient's fast path: it decodes whole
// four-character quanta of alphabet characters from the start of src, the
// common case, and returns how many characters it consumed. It stops
// before the first quantum holding a '=', a skipped byte or the end of
// src, or one that would take its output past max bytes, leaving the rest
// (from a quantum boundary, so no state is carried) to the general loop.
func decodeQuanta(dst, src []byte, max int) ([]byte, int) {
	quanta := len(src) / 4
	if max >= 0 {
		quanta = min(quanta, max/3)
	}
	out := slices.Grow(dst, quanta*3)
	n := len(out)
	out = out[:n+quanta*3]
	i := 0
	for ; i < quanta*4; i += 4 {
		q := src[i : i+4]
		a, b, c, d := decodeMap[q[0]], decodeMap[q[1]], decodeMap[q[2]], decodeMap[q[3]]
		if (a|b|c|d)&0xc0 != 0 {
			break
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		o := out[n : n+3]
		o[0], o[1], o[2] = byte(v>>16), byte(v>>8), byte(v)
		n += 3
	}
	return out[:n], i
}

// appendTimestamp appends int_to_bytes(ts) in base64: the big-endian bytes
// of ts without leading zeros (none at all for 0).
func appendTimestamp(dst []byte, ts uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], ts)
	i := 0
	for i < 8 && b[i] == 0 {
		i++
	}
	return appendBase64(dst, b[i:])
}

// parseTimestamp is bytes_to_int(base64_decode(s)): ok is false where
// Python raises (bad base64, more than 8 bytes).
func parseTimestamp(s []byte) (ts uint64, ok bool) {
	var buf [8]byte
	out, err := appendDecodeLenient(buf[:0], s, 8)
	if err != nil {
		return 0, false
	}
	for _, c := range out {
		ts = ts<<8 | uint64(c)
	}
	return ts, true
}
