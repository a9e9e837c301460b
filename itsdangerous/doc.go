// Package itsdangerous is a byte-compatible Go port of the signing and
// serialization parts of Python's itsdangerous 2.2, the library under
// Flask's session cookies, flask-wtf's CSRF tokens and many password-reset
// links. Tokens made here verify in Python and the other way round.
//
// # Types
//
//   - Signer: value + "." + signature.
//   - TimestampSigner: value + "." + timestamp + "." + signature, with a
//     maximum age on verification.
//   - Serializer, URLSafeSerializer, TimedSerializer, URLSafeTimedSerializer:
//     a value marshaled by a Codec (JSON by default), then signed; the
//     URL-safe ones base64-encode the payload and zlib-compress it when that
//     makes it shorter.
//
// The default codec writes JSON as Python's json module does (compact and
// raw UTF-8 for the URL-safe serializers, as itsdangerous's _CompactJSON).
// Go maps are written with sorted keys and structs in field order, where
// Python keeps a dict's insertion order; see JSONCodec. Flask's session
// cookies use tagged JSON instead (package tagjson, through WithCodec or
// AppendSignedPayload/VerifyPayload).
//
// # Keys
//
// Every constructor takes a list of secret keys, oldest first. The newest
// signs; verification tries the newest first, then the older ones, which is
// how Flask's SECRET_KEY_FALLBACKS rotate keys. The signing key derived from
// each secret key and the salt (see KeyDerivation) is computed once, when
// the signer is built, and the keyed HMAC states are reused, so a
// verification costs one HMAC per key tried and allocates nothing.
//
// # Compatibility
//
// Given the same payload bytes, tokens are byte-identical to itsdangerous's,
// compressed payloads included (the zlib stream is C zlib 1.2.13's at level
// 6, what CPython writes); the payload bytes themselves are the codec's
// (see JSONCodec for where Go's JSON and Python's can differ).
// Decoding is as lenient as Python's (see Base64Decode). Deliberate
// differences: a compressed payload may only inflate to a bounded size
// (WithMaxDecompressedSize), a clock-skew tolerance can be set
// (WithClockSkew), and misconfigurations (an unknown key derivation, a
// separator from the base64 alphabet, no key) are reported by the
// constructor instead of at first use.
//
// # Tokens are bytes
//
// A token, given as []byte or string, is the bytes Python's itsdangerous
// works on: Signer.unsign turns a str token into bytes with
// str.encode("utf-8") before anything else, and a bytes token is taken as
// it is; the signature is checked over those bytes and base64_decode then
// skips every byte outside the alphabet while still counting it when it
// pads. A Go string of valid UTF-8 is therefore the Python str of the same
// text, and any other byte string is the Python bytes of the same bytes.
// A token read from an HTTP header is neither: a WSGI server decodes
// headers as Latin-1, so each byte from 0x80 up reaches itsdangerous as
// two bytes (its UTF-8). The root package reads Flask's session cookie
// that way; code that takes a token from a raw header itself must convert
// it too.
//
// # Errors
//
// Errors mirror itsdangerous's exception tree with sentinels for errors.Is
// (an expired signature is a bad signature, as in Python) and typed errors
// for errors.As that carry the untrusted payload and the signing time.
// Messages start with "itsdangerous: " and never contain a key. A correctly
// signed timestamp after year 9999, which Python cannot convert (ValueError,
// a server error in Flask), gives ErrTimestampOutOfRange, outside the tree.
package itsdangerous
