package itsdangerous

import (
	"bytes"
	"strconv"
	"time"
)

// NoMaxAge disables the age check of TimestampSigner.Unsign and the timed
// serializers' Loads. Any negative maxAge does; 0 accepts only tokens signed
// in the current second.
const NoMaxAge time.Duration = -1

// maxUnix is 9999-12-31T23:59:59Z, the last second Python's datetime can
// hold.
const maxUnix = 253402300799

// TimestampSigner signs like Signer but puts the signing time between the
// value and the signature (itsdangerous.TimestampSigner):
// value + sep + base64url(seconds since 1970, big-endian, no leading zero
// bytes) + sep + signature, the signature covering the timestamp. It is
// safe for concurrent use.
type TimestampSigner struct {
	s     *Signer
	clock func() time.Time
	skew  int64 // seconds
}

// NewTimestampSigner returns a TimestampSigner; keys and options are as for
// NewSigner, plus WithClock and WithClockSkew.
func NewTimestampSigner(secretKeys [][]byte, opts ...Option) (*TimestampSigner, error) {
	c, err := newConfig(DefaultSignerSalt, opts)
	if err != nil {
		return nil, err
	}
	return newTimestampSigner(secretKeys, c)
}

func newTimestampSigner(secretKeys [][]byte, c *config) (*TimestampSigner, error) {
	s, err := newSigner(secretKeys, c)
	if err != nil {
		return nil, err
	}
	return &TimestampSigner{s: s, clock: c.clock, skew: int64(c.skew / time.Second)}, nil
}

// now returns int(time.time()) of the configured clock. A clock before 1970
// signs as 0, where Python would fail.
func (t *TimestampSigner) now() int64 { return t.clock().Unix() }

// Sign returns value + sep + timestamp + sep + signature, in a new slice.
func (t *TimestampSigner) Sign(value []byte) []byte {
	n := len(value) + 2*len(t.s.sep) + 11 + t.s.sigLen
	return t.AppendSign(make([]byte, 0, n), value)
}

// AppendSign appends value + sep + timestamp + sep + signature to dst.
func (t *TimestampSigner) AppendSign(dst, value []byte) []byte {
	start := len(dst)
	dst = append(dst, value...)
	return t.appendSigned(dst, start)
}

// appendSigned appends sep + timestamp + sep + signature to dst, where
// dst[start:] is the value.
func (t *TimestampSigner) appendSigned(dst []byte, start int) []byte {
	ts := t.now()
	if ts < 0 {
		ts = 0
	}
	dst = append(dst, t.s.sep...)
	dst = appendTimestamp(dst, uint64(ts))
	return t.s.appendSignatureOf(dst, start)
}

// Unsign verifies signed and, when maxAge is not negative, its age, and
// returns the value (aliasing signed) and the signing time in UTC.
//
// It follows itsdangerous step by step, so the error and its message are
// Python's (timed.py TimestampSigner.unsign):
//   - no separator: *BadSignatureError "No b'.' found in value";
//   - a bad signature: *BadTimeSignatureError with the signature message,
//     the value as Payload and the claimed (untrusted) DateSigned when the
//     timestamp decodes; a signature failure over a value without a second
//     separator stays a *BadSignatureError;
//   - a valid signature without timestamp: "timestamp missing"; with an
//     undecodable one: "Malformed timestamp";
//   - age > maxAge, or age < 0 (a timestamp in the future):
//     *SignatureExpiredError "Signature age 11 > 10 seconds" or
//     "Signature age -1 < 0 seconds", with DateSigned (see WithClockSkew);
//   - a valid signature dated after year 9999: ErrTimestampOutOfRange.
func (t *TimestampSigner) Unsign(signed []byte, maxAge time.Duration) (value []byte, signedAt time.Time, err error) {
	sep := t.s.sep
	result, err := t.s.Unsign(signed)
	var sigErr *BadSignatureError
	if err != nil {
		sigErr = err.(*BadSignatureError)
		result = sigErr.Payload
	}
	i := bytes.LastIndex(result, sep)
	if i < 0 {
		if sigErr != nil {
			return nil, time.Time{}, sigErr
		}
		return nil, time.Time{}, &BadTimeSignatureError{BadSignatureError: BadSignatureError{Message: msgTimestampMissing, Payload: result}}
	}
	value, tsBytes := result[:i], result[i+len(sep):]
	ts, ok := parseTimestamp(tsBytes)
	if sigErr != nil {
		var date time.Time
		if ok {
			if ts > maxUnix {
				return nil, time.Time{}, malformed(value)
			}
			date = time.Unix(int64(ts), 0).UTC()
		}
		return nil, time.Time{}, &BadTimeSignatureError{
			BadSignatureError: BadSignatureError{Message: sigErr.Message, Payload: value},
			DateSigned:        date,
		}
	}
	if !ok {
		return nil, time.Time{}, malformed(value)
	}
	if ts > maxUnix {
		// Python fails converting it to a datetime, whatever maxAge is.
		return nil, time.Time{}, ErrTimestampOutOfRange
	}
	signedAt = time.Unix(int64(ts), 0).UTC()
	if maxAge >= 0 {
		age := t.now() - int64(ts)
		limit := int64(maxAge / time.Second)
		if age > limit+t.skew {
			return nil, time.Time{}, expired("Signature age "+strconv.FormatInt(age, 10)+" > "+formatSeconds(maxAge)+" seconds", value, signedAt)
		}
		if age < -t.skew {
			return nil, time.Time{}, expired("Signature age "+strconv.FormatInt(age, 10)+" < 0 seconds", value, signedAt)
		}
	}
	return value, signedAt, nil
}

// Validate reports whether signed has a valid signature and age.
func (t *TimestampSigner) Validate(signed []byte, maxAge time.Duration) bool {
	_, _, err := t.Unsign(signed, maxAge)
	return err == nil
}

func malformed(value []byte) error {
	return &BadTimeSignatureError{BadSignatureError: BadSignatureError{Message: msgMalformedTimestamp, Payload: value}}
}

func expired(msg string, value []byte, date time.Time) error {
	return &SignatureExpiredError{BadTimeSignatureError{
		BadSignatureError: BadSignatureError{Message: msg, Payload: value},
		DateSigned:        date,
	}}
}

// formatSeconds writes a max age as Python prints the number passed to it:
// an int for whole seconds, else a float.
func formatSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
