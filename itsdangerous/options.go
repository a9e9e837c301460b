package itsdangerous

import (
	"crypto/sha1"
	"errors"
	"hash"
	"time"
)

// Option configures a Signer, a TimestampSigner or one of the serializers.
// Options that do not apply to the type being built (a clock for a plain
// Signer, a codec for a signer) are accepted and have no effect.
type Option func(*config)

// config gathers every option; constructors read the fields they need.
type config struct {
	salt            []byte
	saltSet         bool
	sep             []byte
	derivation      KeyDerivation
	digest          func() hash.Hash
	clock           func() time.Time
	skew            time.Duration
	codec           Codec
	maxDecompressed int
	err             error
}

// DefaultSignerSalt is the salt of a Signer or TimestampSigner built without
// WithSalt (itsdangerous's "itsdangerous.Signer").
const DefaultSignerSalt = "itsdangerous.Signer"

// DefaultSerializerSalt is the salt of a serializer built without WithSalt
// (itsdangerous's "itsdangerous"). Flask's sessions use "cookie-session".
const DefaultSerializerSalt = "itsdangerous"

// DefaultMaxDecompressedSize is this package's bound on how large a
// compressed payload may inflate, 256 KiB, applied when
// WithMaxDecompressedSize is not given or given 0: room for the tokens
// itsdangerous is used for beyond sessions, yet small enough that a
// crafted token (zlib inflates up to about 1000:1) cannot make the server
// allocate megabytes. flasksession's Manager sets its own, smaller bound
// (flasksession.DefaultMaxDecompressedSize).
const DefaultMaxDecompressedSize = 256 << 10

func newConfig(defaultSalt string, opts []Option) (*config, error) {
	c := &config{
		salt:            []byte(defaultSalt),
		sep:             []byte("."),
		derivation:      DerivationDjangoConcat,
		digest:          sha1.New,
		clock:           time.Now,
		maxDecompressed: DefaultMaxDecompressedSize,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return c, nil
}

func (c *config) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// WithSalt sets the salt mixed into the derived key, which separates
// signatures made for different purposes with the same secret. An empty
// salt is a valid salt (as b"" is in Python).
func WithSalt(salt string) Option {
	return func(c *config) { c.salt, c.saltSet = []byte(salt), true }
}

// base64Alphabet is itsdangerous's _base64_alphabet; a separator that is a
// substring of it is refused, as Python refuses it.
const base64Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_="

// WithSeparator sets the separator between value, timestamp and signature
// (default "."). Like itsdangerous, the constructor rejects a separator that
// occurs in the string of ASCII letters, digits and "-_=" (so the empty
// string and any single such character are rejected).
func WithSeparator(sep string) Option {
	return func(c *config) {
		if containsString(base64Alphabet, sep) {
			c.fail(errors.New("itsdangerous: the separator cannot be used because it may occur in the signature; ASCII letters, digits and '-_=' must not be used"))
			return
		}
		c.sep = []byte(sep)
	}
}

// WithKeyDerivation sets how the signing key is derived from each secret
// key and the salt (default DerivationDjangoConcat; Flask's sessions use
// DerivationHMAC). An unknown value makes the constructor fail.
func WithKeyDerivation(d KeyDerivation) Option {
	return func(c *config) {
		if !d.valid() {
			c.fail(errors.New("itsdangerous: unknown key derivation method " + `"` + string(d) + `"`))
			return
		}
		c.derivation = d
	}
}

// WithDigest sets the hash used for key derivation and HMAC (default
// crypto/sha1.New, as itsdangerous and Flask use; sha256.New and sha512.New
// are common alternatives). It must return a new hash on each call.
func WithDigest(newHash func() hash.Hash) Option {
	return func(c *config) {
		if newHash == nil {
			c.fail(errors.New("itsdangerous: nil digest"))
			return
		}
		c.digest = newHash
	}
}

// WithClock sets the clock a TimestampSigner or timed serializer reads when
// signing and when checking ages (default time.Now). Only whole seconds are
// used, as in itsdangerous.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.fail(errors.New("itsdangerous: nil clock"))
			return
		}
		c.clock = now
	}
}

// WithClockSkew tolerates clocks that disagree by up to d (rounded down to
// whole seconds) when checking a maximum age: a token dated up to d in the
// future is accepted, and one is expired only when older than maxAge + d.
// The default, 0, is itsdangerous's behaviour, which rejects a token dated
// even one second ahead of the local clock. It has no effect when the age
// check is disabled.
func WithClockSkew(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.fail(errors.New("itsdangerous: negative clock skew"))
			return
		}
		c.skew = d
	}
}

// WithCodec sets the codec that turns values into the bytes that a
// serializer signs (default JSON as itsdangerous writes it; see Codec).
func WithCodec(codec Codec) Option {
	return func(c *config) {
		if codec == nil {
			c.fail(errors.New("itsdangerous: nil codec"))
			return
		}
		c.codec = codec
	}
}

// WithMaxDecompressedSize bounds how many bytes a compressed payload may
// inflate to; a payload that inflates further is rejected with a
// *BadPayloadError wrapping ErrPayloadTooLarge. 0 means
// DefaultMaxDecompressedSize; a negative n means no limit, as in Python.
func WithMaxDecompressedSize(n int) Option {
	return func(c *config) { c.maxDecompressed = decompressionLimit(n) }
}

// decompressionLimit turns a limit as the API takes it (0: the default,
// negative: none) into zlibx's (negative: none).
func decompressionLimit(n int) int {
	if n == 0 {
		return DefaultMaxDecompressedSize
	}
	return n
}

func containsString(s, sub string) bool {
	if sub == "" {
		return true
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
