package itsdangerous

import (
	"errors"
	"strings"
	"time"
)

// sentinel is a sentinel error whose parent in itsdangerous's exception tree
// is reachable through Unwrap, so that errors.Is(ErrSignatureExpired,
// ErrBadSignature) holds like an `except BadSignature` clause does in Python.
type sentinel struct {
	msg    string
	parent error
}

func (e *sentinel) Error() string { return e.msg }
func (e *sentinel) Unwrap() error { return e.parent }

// The sentinels mirror itsdangerous's exception classes. Match them with
// errors.Is; the typed errors below carry the data (payload, signing time,
// cause) and are reached with errors.As.
//
//	ErrBadData
//	├── ErrBadSignature
//	│   └── ErrBadTimeSignature
//	│       └── ErrSignatureExpired
//	└── ErrBadPayload
//
// itsdangerous 2.2 also defines BadHeader, a BadSignature that only its
// removed JWS serializer raised; nothing here returns one.
var (
	// ErrBadData is the root of the tree (Python's BadData): every error
	// about the content of a token matches it. Malformed base64 alone
	// (Base64Decode) is a plain bad-data error.
	ErrBadData error = &sentinel{msg: "itsdangerous: bad data"}

	// ErrBadSignature (BadSignature) means the signature did not verify with
	// any of the keys, or the value had no separator.
	ErrBadSignature error = &sentinel{msg: "itsdangerous: bad signature", parent: ErrBadData}

	// ErrBadTimeSignature (BadTimeSignature) is a signature or timestamp
	// error found by a TimestampSigner: a bad signature over a timestamped
	// value, a missing or malformed timestamp.
	ErrBadTimeSignature error = &sentinel{msg: "itsdangerous: bad time signature", parent: ErrBadSignature}

	// ErrSignatureExpired (SignatureExpired) means the signature is valid but
	// older than the maximum age, or dated in the future.
	ErrSignatureExpired error = &sentinel{msg: "itsdangerous: signature expired", parent: ErrBadTimeSignature}

	// ErrBadPayload (BadPayload) means the signature verified but the payload
	// could not be base64-decoded, decompressed or unmarshaled. It is not a
	// bad signature: Flask answers it with a server error rather than an
	// empty session.
	ErrBadPayload error = &sentinel{msg: "itsdangerous: bad payload", parent: ErrBadData}

	// ErrPayloadTooLarge is the cause (inside a *BadPayloadError) when a
	// compressed payload inflates past the decompression limit (see
	// WithMaxDecompressedSize).
	ErrPayloadTooLarge = errors.New("itsdangerous: decompressed payload too large")

	// ErrZlib is the cause (inside a *BadPayloadError) when a compressed
	// payload is not a valid zlib stream: a bad header, corrupt or
	// truncated deflate data, a checksum mismatch (Python's zlib.error).
	ErrZlib = errors.New("itsdangerous: invalid zlib data")

	// ErrTimestampOutOfRange is returned when a correctly signed timestamp
	// lies beyond 9999-12-31T23:59:59Z. Python cannot turn it into a
	// datetime and raises ValueError, which is not a BadData (Flask answers
	// with a server error), so this error deliberately matches none of the
	// sentinels above.
	ErrTimestampOutOfRange = errors.New("itsdangerous: signed timestamp out of range (year > 9999)")
)

// goMessage turns one of Python's messages into this package's error text:
// prefixed and starting lower-case.
func goMessage(msg string) string {
	if msg != "" && msg[0] >= 'A' && msg[0] <= 'Z' {
		msg = string(msg[0]+('a'-'A')) + msg[1:]
	}
	return "itsdangerous: " + msg
}

// BadDataError is a bad-data error that is neither about a signature nor a
// payload: malformed base64 given to Base64Decode. Err is the decoder's
// reason, worded as CPython's binascii words it.
type BadDataError struct {
	// Message is Python's message, e.g. "Invalid base64-encoded data".
	Message string
	// Err is the underlying cause, or nil.
	Err error
}

// Error returns the message with the package prefix and the cause.
func (e *BadDataError) Error() string {
	if e.Err != nil {
		return goMessage(e.Message) + ": " + e.Err.Error()
	}
	return goMessage(e.Message)
}

// Unwrap returns ErrBadData and the cause.
func (e *BadDataError) Unwrap() []error { return []error{ErrBadData, e.Err} }

// BadSignatureError is a signature that did not verify (BadSignature).
type BadSignatureError struct {
	// Message is itsdangerous's message, verbatim, e.g.
	// "Signature b'...' does not match" or "No b'.' found in value".
	Message string
	// Payload is the part of the input before the signature, still encoded
	// and untrusted; nil when the input had no separator.
	Payload []byte
}

// Error returns the message with the package prefix; the payload is left
// out, and a message longer than maxErrorMessage is cut: a hostile
// token's "signature" is whatever follows its last separator, and an error
// that gets logged must not repeat a whole token. Message keeps
// itsdangerous's full text.
func (e *BadSignatureError) Error() string {
	msg := e.Message
	if len(msg) > maxErrorMessage {
		const tail = " does not match"
		suffix := "..."
		if strings.HasSuffix(msg, tail) {
			suffix += tail
		}
		msg = msg[:maxErrorMessage-len(suffix)] + suffix
	}
	return goMessage(msg)
}

// maxErrorMessage bounds a BadSignatureError's message in Error: room for
// any real signature (HMAC-SHA512 in base64 is 86 bytes) in
// "Signature b'...' does not match".
const maxErrorMessage = 128

// Unwrap returns ErrBadSignature.
func (e *BadSignatureError) Unwrap() error { return ErrBadSignature }

// BadTimeSignatureError is a failure found by a TimestampSigner
// (BadTimeSignature). errors.As also finds it as a *BadSignatureError.
type BadTimeSignatureError struct {
	BadSignatureError
	// DateSigned is the (untrusted) signing time read from a token whose
	// signature failed, or the trusted one of an expired token; zero when
	// itsdangerous gives None.
	DateSigned time.Time
}

// Unwrap returns ErrBadTimeSignature.
func (e *BadTimeSignatureError) Unwrap() error { return ErrBadTimeSignature }

// As lets errors.As reach the embedded *BadSignatureError.
func (e *BadTimeSignatureError) As(target any) bool {
	if t, ok := target.(**BadSignatureError); ok {
		*t = &e.BadSignatureError
		return true
	}
	return false
}

// SignatureExpiredError is a valid signature that is too old or dated in the
// future (SignatureExpired). errors.As also finds it as a
// *BadTimeSignatureError and a *BadSignatureError.
type SignatureExpiredError struct {
	BadTimeSignatureError
}

// Unwrap returns ErrSignatureExpired.
func (e *SignatureExpiredError) Unwrap() error { return ErrSignatureExpired }

// As lets errors.As reach the embedded *BadTimeSignatureError and
// *BadSignatureError.
func (e *SignatureExpiredError) As(target any) bool {
	switch t := target.(type) {
	case **BadTimeSignatureError:
		*t = &e.BadTimeSignatureError
		return true
	case **BadSignatureError:
		*t = &e.BadSignatureError
		return true
	}
	return false
}

// BadPayloadError is a verified token whose payload could not be decoded
// (BadPayload).
type BadPayloadError struct {
	// Message is itsdangerous's message, e.g. "Could not zlib decompress the
	// payload before decoding the payload".
	Message string
	// Err is the underlying error (Python's original_error), or nil.
	Err error
}

// Error returns the message with the package prefix and the cause.
func (e *BadPayloadError) Error() string {
	if e.Err != nil {
		return goMessage(e.Message) + ": " + e.Err.Error()
	}
	return goMessage(e.Message)
}

// Unwrap returns ErrBadPayload and the cause.
func (e *BadPayloadError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrBadPayload}
	}
	return []error{ErrBadPayload, e.Err}
}

// Messages of itsdangerous 2.2, kept verbatim in the Message fields.
const (
	msgTimestampMissing   = "timestamp missing"
	msgMalformedTimestamp = "Malformed timestamp"
	msgBadBase64          = "Invalid base64-encoded data"
	msgPayloadBase64      = "Could not base64 decode the payload because of an exception"
	msgPayloadZlib        = "Could not zlib decompress the payload before decoding the payload"
	msgPayloadLoad        = "Could not load the payload because an exception occurred on unserializing the data."
)
