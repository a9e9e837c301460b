package flasksession

import "github.com/flasksession/flasksession/itsdangerous"

// TokenSerializer returns the itsdangerous serializer the Manager signs and
// verifies session cookies with: SecretKey and SecretKeyFallbacks in
// Flask's order, Salt, Digest, KeyDerivation, Now, ClockSkew and
// MaxDecompressedSize applied. It signs and verifies payloads as they
// are, without the session's tagged JSON, for tokens that are not a
// session but share its settings; a Manager whose Salt is
// "wtf-csrf-token", for example, makes Flask-WTF's CSRF tokens. It fails
// with ErrNoSecretKey or ErrConfig.
func (m *Manager) TokenSerializer() (*itsdangerous.URLSafeTimedSerializer, error) {
	st, err := m.state()
	if err != nil {
		return nil, err
	}
	if st.null {
		return nil, ErrNoSecretKey
	}
	return st.codec.ser, nil
}
