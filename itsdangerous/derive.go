package itsdangerous

import (
	"crypto/hmac"
	"errors"
	"hash"
)

// KeyDerivation names how the signing key is derived from a secret key and
// the salt. H is the digest (see WithDigest).
type KeyDerivation string

const (
	// DerivationDjangoConcat derives H(salt + "signer" + secret), the default.
	DerivationDjangoConcat KeyDerivation = "django-concat"
	// DerivationConcat derives H(salt + secret).
	DerivationConcat KeyDerivation = "concat"
	// DerivationHMAC derives HMAC-H(key=secret, message=salt); Flask's
	// sessions use it.
	DerivationHMAC KeyDerivation = "hmac"
	// DerivationNone signs with the secret key itself; the salt is unused.
	DerivationNone KeyDerivation = "none"
)

func (d KeyDerivation) valid() bool {
	switch d {
	case DerivationDjangoConcat, DerivationConcat, DerivationHMAC, DerivationNone:
		return true
	}
	return false
}

// DeriveKey returns the signing key that itsdangerous derives from secret
// and salt with digest newHash (Signer.derive_key). Signers compute it once
// per secret key at construction.
func DeriveKey(d KeyDerivation, newHash func() hash.Hash, salt, secret []byte) ([]byte, error) {
	switch d {
	case DerivationConcat:
		h := newHash()
		h.Write(salt)
		h.Write(secret)
		return h.Sum(nil), nil
	case DerivationDjangoConcat:
		h := newHash()
		h.Write(salt)
		h.Write([]byte("signer"))
		h.Write(secret)
		return h.Sum(nil), nil
	case DerivationHMAC:
		m := hmac.New(newHash, secret)
		m.Write(salt)
		return m.Sum(nil), nil
	case DerivationNone:
		return append([]byte(nil), secret...), nil
	}
	return nil, errors.New("itsdangerous: unknown key derivation method")
}
