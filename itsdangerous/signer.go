package itsdangerous

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"errors"
	"hash"
	"sync"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

// Signer signs byte strings and verifies them (itsdangerous.Signer): the
// output is value + separator + base64url(HMAC(derived key, value)).
//
// A Signer holds a list of secret keys for rotation: it signs with the
// newest and verifies with each key, newest first. The derived keys are
// computed once by NewSigner, and the keyed HMAC states are pooled, so
// signing and verifying do not re-key. A Signer is safe for concurrent use.
type Signer struct {
	sep    []byte
	keys   []*macKey // newest first
	size   int       // digest size in bytes
	sigLen int       // base64 length of a signature
}

// macKey is one derived key with a pool of HMAC states keyed with it.
type macKey struct {
	pool sync.Pool // of *macState
}

// macState is a keyed HMAC with scratch space for a MAC and a decoded
// signature, so that no call allocates.
type macState struct {
	h   hash.Hash
	sum []byte
	sig []byte
}

// NewSigner returns a Signer for secretKeys, ordered oldest to newest
// (Flask's SECRET_KEY_FALLBACKS followed by SECRET_KEY). Defaults are
// itsdangerous's: salt DefaultSignerSalt, separator ".", DerivationDjangoConcat,
// SHA-1. It fails when no key is given or an option is invalid.
func NewSigner(secretKeys [][]byte, opts ...Option) (*Signer, error) {
	c, err := newConfig(DefaultSignerSalt, opts)
	if err != nil {
		return nil, err
	}
	return newSigner(secretKeys, c)
}

func newSigner(secretKeys [][]byte, c *config) (*Signer, error) {
	if len(secretKeys) == 0 {
		return nil, errors.New("itsdangerous: at least one secret key is required")
	}
	size := c.digest().Size()
	s := &Signer{
		sep:    c.sep,
		size:   size,
		sigLen: (size*8 + 5) / 6,
	}
	for i := len(secretKeys) - 1; i >= 0; i-- {
		key, err := DeriveKey(c.derivation, c.digest, c.salt, secretKeys[i])
		if err != nil {
			return nil, err
		}
		digest := c.digest
		k := &macKey{}
		k.pool.New = func() any {
			return &macState{
				h:   hmac.New(digest, key),
				sum: make([]byte, 0, size),
				sig: make([]byte, 0, size),
			}
		}
		s.keys = append(s.keys, k)
	}
	return s, nil
}

func (k *macKey) get() *macState {
	st := k.pool.Get().(*macState)
	st.h.Reset()
	return st
}

// mac computes the HMAC of value into st.sum.
func (st *macState) mac(value []byte) []byte {
	st.h.Write(value)
	st.sum = st.h.Sum(st.sum[:0])
	return st.sum
}

// Sign returns value + separator + signature, in a new slice.
func (s *Signer) Sign(value []byte) []byte {
	return s.AppendSign(make([]byte, 0, len(value)+len(s.sep)+s.sigLen), value)
}

// AppendSign appends value + separator + signature to dst and returns the
// extended slice.
func (s *Signer) AppendSign(dst, value []byte) []byte {
	st := s.keys[0].get()
	mac := st.mac(value)
	dst = append(dst, value...)
	dst = append(dst, s.sep...)
	dst = appendBase64(dst, mac)
	s.keys[0].pool.Put(st)
	return dst
}

// appendSignature appends separator + signature of dst[start:] to dst.
func (s *Signer) appendSignatureOf(dst []byte, start int) []byte {
	st := s.keys[0].get()
	mac := st.mac(dst[start:])
	dst = append(dst, s.sep...)
	dst = appendBase64(dst, mac)
	s.keys[0].pool.Put(st)
	return dst
}

// Unsign verifies signed and returns the value before the last separator,
// which aliases signed. On failure the error is a *BadSignatureError
// (matching ErrBadSignature) with itsdangerous's message: "No b'.' found in
// value" (Payload nil) or "Signature b'...' does not match" (Payload is the
// untrusted value).
func (s *Signer) Unsign(signed []byte) ([]byte, error) {
	i := bytes.LastIndex(signed, s.sep)
	if i < 0 {
		return nil, &BadSignatureError{Message: "No " + pyrepr.Bytes(s.sep) + " found in value"}
	}
	value, sig := signed[:i], signed[i+len(s.sep):]
	if s.verify(value, sig) {
		return value, nil
	}
	return nil, &BadSignatureError{Message: "Signature " + pyrepr.Bytes(sig) + " does not match", Payload: value}
}

// Validate reports whether signed carries a valid signature.
func (s *Signer) Validate(signed []byte) bool {
	_, err := s.Unsign(signed)
	return err == nil
}

// verify decodes sig leniently and compares it in constant time with the
// MAC of value under each key, newest first.
func (s *Signer) verify(value, sig []byte) bool {
	// first.sig holds the decoded signature until every key has been tried.
	first := s.keys[0].get()
	decoded, ok := s.decodeSignature(first.sig[:0], sig)
	match := ok && hmac.Equal(first.mac(value), decoded)
	for _, k := range s.keys[1:] {
		if match || !ok {
			break
		}
		st := k.get()
		match = hmac.Equal(st.mac(value), decoded)
		k.pool.Put(st)
	}
	s.keys[0].pool.Put(first)
	return match
}

// decodeSignature decodes sig into dst (capacity s.size) with base64_decode's
// lenient rules; ok is false unless it yields exactly a digest's length.
// A canonical signature (sigLen characters of the URL-safe alphabet, as
// every signer writes it) takes encoding/base64's fast path, which decodes
// it as the lenient rules would: all characters are data, there is no
// padding to count and trailing bits are ignored by both.
func (s *Signer) decodeSignature(dst, sig []byte) ([]byte, bool) {
	if len(sig) == s.sigLen {
		n, err := base64.RawURLEncoding.Decode(dst[:s.size], sig)
		if err == nil && n == s.size {
			return dst[:n], true
		}
	}
	decoded, err := appendDecodeLenient(dst, sig, s.size)
	return decoded, err == nil && len(decoded) == s.size
}
