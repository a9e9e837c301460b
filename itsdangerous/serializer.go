package itsdangerous

import (
	"fmt"
	"sync"
	"time"
)

// payloadCodec turns values into the signed payload and back: the Codec,
// and for the URL-safe serializers base64 and optional zlib compression.
type payloadCodec struct {
	codec   Codec
	urlSafe bool
	limit   int
}

func newPayloadCodec(c *config, urlSafe bool) payloadCodec {
	codec := c.codec
	if codec == nil {
		codec = PythonJSON
		if urlSafe {
			codec = CompactJSON
		}
	}
	return payloadCodec{codec: codec, urlSafe: urlSafe, limit: c.maxDecompressed}
}

// scratch holds compressed or decoded intermediate payloads.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// putScratch returns a buffer to the pool unless one large payload grew it
// past what cookies need.
func putScratch(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		scratch.Put(bp)
	}
}

// minCompressible is the shortest payload worth trying to compress: a zlib
// stream is never shorter than 8 bytes, and compression is used only when
// it saves at least 2 bytes.
const minCompressible = 10

// appendPayload appends the encoded form of the serialized bytes payload
// (itsdangerous's url_safe.py dump_payload): for URL-safe serializers,
// "." + base64(zlib(payload)) when the zlib stream is shorter than
// len(payload) - 1, else base64(payload).
func (p *payloadCodec) appendPayload(dst, payload []byte) []byte {
	if !p.urlSafe {
		return append(dst, payload...)
	}
	if len(payload) >= minCompressible {
		bp := scratch.Get().(*[]byte)
		c := zlibCompress((*bp)[:0], payload)
		if len(c) < len(payload)-1 {
			dst = append(dst, '.')
			dst = AppendBase64(dst, c)
			*bp = c[:0]
			putScratch(bp)
			return dst
		}
		*bp = c[:0]
		putScratch(bp)
	}
	return AppendBase64(dst, payload)
}

// marshal serializes v with the codec.
func (p *payloadCodec) marshal(v any) ([]byte, error) {
	b, err := p.codec.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("itsdangerous: marshaling the payload: %w", err)
	}
	return b, nil
}

// decodePayload reverses appendPayload (itsdangerous's url_safe.py
// load_payload), returning a new slice.
func (p *payloadCodec) decodePayload(encoded []byte) ([]byte, error) {
	out, err := p.appendDecodedPayload(nil, encoded)
	if out == nil && err == nil {
		out = []byte{} // an empty payload is not a missing one
	}
	return out, err
}

// appendDecodedPayload is decodePayload appending to dst. On error dst is
// returned unchanged in length.
func (p *payloadCodec) appendDecodedPayload(dst, encoded []byte) ([]byte, error) {
	if !p.urlSafe {
		return append(dst, encoded...), nil
	}
	if len(encoded) == 0 || encoded[0] != '.' {
		out, err := AppendBase64Decode(dst, encoded)
		if err != nil {
			return dst, &BadPayloadError{Message: msgPayloadBase64, Err: err}
		}
		return out, nil
	}
	// The compressed bytes go through a pooled buffer; the inflated ones
	// are appended to dst directly.
	zp := scratch.Get().(*[]byte)
	defer putScratch(zp)
	c, err := AppendBase64Decode((*zp)[:0], encoded[1:])
	*zp = c[:0]
	if err != nil {
		return dst, &BadPayloadError{Message: msgPayloadBase64, Err: err}
	}
	out, err := zlibDecompress(dst, c, p.limit)
	if err != nil {
		return dst, &BadPayloadError{Message: msgPayloadZlib, Err: err}
	}
	return out, nil
}

// unmarshal decodes serialized bytes into v.
func (p *payloadCodec) unmarshal(payload []byte, v any) error {
	if err := p.codec.Unmarshal(payload, v); err != nil {
		return &BadPayloadError{Message: msgPayloadLoad, Err: err}
	}
	return nil
}

// newParts builds what every serializer type holds: its signer (made by
// build: newSigner or newTimestampSigner, with DefaultSerializerSalt unless an
// option sets another) and its payload codec.
func newParts[S any](secretKeys [][]byte, opts []Option, urlSafe bool, build func([][]byte, *config) (S, error)) (S, payloadCodec, error) {
	var zero S
	c, err := newConfig(DefaultSerializerSalt, opts)
	if err != nil {
		return zero, payloadCodec{}, err
	}
	s, err := build(secretKeys, c)
	if err != nil {
		return zero, payloadCodec{}, err
	}
	return s, newPayloadCodec(c, urlSafe), nil
}

// Serializer signs values serialized by a Codec (itsdangerous.Serializer):
// payload + "." + signature, the payload as the codec writes it (by
// default PythonJSON, as Python's json module). Its default salt is
// DefaultSerializerSalt. It is safe for concurrent use.
type Serializer struct {
	signer *Signer
	p      payloadCodec
}

// NewSerializer returns a Serializer; keys and options are as for NewSigner,
// plus WithCodec.
func NewSerializer(secretKeys [][]byte, opts ...Option) (*Serializer, error) {
	s, p, err := newParts(secretKeys, opts, false, newSigner)
	if err != nil {
		return nil, err
	}
	return &Serializer{signer: s, p: p}, nil
}

// Dumps serializes and signs v.
func (s *Serializer) Dumps(v any) (string, error) {
	b, err := s.p.marshal(v)
	if err != nil {
		return "", err
	}
	return string(s.signer.Sign(b)), nil
}

// Loads verifies token and unmarshals its payload into v. Errors are
// *BadSignatureError (ErrBadSignature) or *BadPayloadError (ErrBadPayload).
func (s *Serializer) Loads(token string, v any) error {
	payload, err := s.signer.Unsign([]byte(token))
	if err != nil {
		return err
	}
	return s.p.unmarshal(payload, v)
}

// URLSafeSerializer is Serializer with a URL-safe payload
// (itsdangerous.URLSafeSerializer): the codec's output (by default
// CompactJSON) is zlib-compressed when that saves two bytes or more,
// base64url-encoded, and marked with a leading "." when compressed. It is
// safe for concurrent use.
type URLSafeSerializer struct {
	signer *Signer
	p      payloadCodec
}

// NewURLSafeSerializer returns a URLSafeSerializer; keys and options are as
// for NewSigner, plus WithCodec and WithMaxDecompressedSize.
func NewURLSafeSerializer(secretKeys [][]byte, opts ...Option) (*URLSafeSerializer, error) {
	s, p, err := newParts(secretKeys, opts, true, newSigner)
	if err != nil {
		return nil, err
	}
	return &URLSafeSerializer{signer: s, p: p}, nil
}

// Dumps serializes, encodes and signs v.
func (s *URLSafeSerializer) Dumps(v any) (string, error) {
	b, err := s.p.marshal(v)
	if err != nil {
		return "", err
	}
	return string(s.AppendSignedPayload(nil, b)), nil
}

// AppendSignedPayload appends the token for the already serialized payload
// to dst: the encoded payload, ".", the signature.
func (s *URLSafeSerializer) AppendSignedPayload(dst, payload []byte) []byte {
	start := len(dst)
	dst = s.p.appendPayload(dst, payload)
	return s.signer.appendSignatureOf(dst, start)
}

// VerifyPayload verifies token and returns its serialized payload,
// base64-decoded and inflated, in a new slice.
func (s *URLSafeSerializer) VerifyPayload(token []byte) ([]byte, error) {
	encoded, err := s.signer.Unsign(token)
	if err != nil {
		return nil, err
	}
	return s.p.decodePayload(encoded)
}

// Loads verifies token and unmarshals its payload into v.
func (s *URLSafeSerializer) Loads(token string, v any) error {
	payload, err := s.VerifyPayload([]byte(token))
	if err != nil {
		return err
	}
	return s.p.unmarshal(payload, v)
}

// TimedSerializer is Serializer with a TimestampSigner
// (itsdangerous.TimedSerializer). It is safe for concurrent use.
type TimedSerializer struct {
	signer *TimestampSigner
	p      payloadCodec
}

// NewTimedSerializer returns a TimedSerializer; keys and options are as for
// NewTimestampSigner, plus WithCodec.
func NewTimedSerializer(secretKeys [][]byte, opts ...Option) (*TimedSerializer, error) {
	s, p, err := newParts(secretKeys, opts, false, newTimestampSigner)
	if err != nil {
		return nil, err
	}
	return &TimedSerializer{signer: s, p: p}, nil
}

// Dumps serializes v and signs it with the current time.
func (s *TimedSerializer) Dumps(v any) (string, error) {
	b, err := s.p.marshal(v)
	if err != nil {
		return "", err
	}
	return string(s.signer.Sign(b)), nil
}

// Loads verifies token and its age (see TimestampSigner.Unsign; NoMaxAge
// disables the check), unmarshals the payload into v and returns the
// signing time.
func (s *TimedSerializer) Loads(token string, v any, maxAge time.Duration) (signedAt time.Time, err error) {
	payload, signedAt, err := s.signer.Unsign([]byte(token), maxAge)
	if err != nil {
		return time.Time{}, err
	}
	if err := s.p.unmarshal(payload, v); err != nil {
		return time.Time{}, err
	}
	return signedAt, nil
}

// URLSafeTimedSerializer is URLSafeSerializer with a TimestampSigner
// (itsdangerous.URLSafeTimedSerializer), the format of Flask's session
// cookies, flask-wtf's CSRF tokens and typical password-reset links:
// payload "." timestamp "." signature. It is safe for concurrent use.
type URLSafeTimedSerializer struct {
	signer *TimestampSigner
	p      payloadCodec
}

// NewURLSafeTimedSerializer returns a URLSafeTimedSerializer; keys and
// options are as for NewTimestampSigner, plus WithCodec and
// WithMaxDecompressedSize. Flask's session cookies use WithSalt
// ("cookie-session"), WithKeyDerivation(DerivationHMAC) and the tagged JSON
// codec.
func NewURLSafeTimedSerializer(secretKeys [][]byte, opts ...Option) (*URLSafeTimedSerializer, error) {
	s, p, err := newParts(secretKeys, opts, true, newTimestampSigner)
	if err != nil {
		return nil, err
	}
	return &URLSafeTimedSerializer{signer: s, p: p}, nil
}

// Dumps serializes v and returns the signed, timestamped token.
func (s *URLSafeTimedSerializer) Dumps(v any) (string, error) {
	b, err := s.p.marshal(v)
	if err != nil {
		return "", err
	}
	return string(s.AppendSignedPayload(nil, b)), nil
}

// AppendSignedPayload appends the token for an already serialized payload
// (e.g. JSON) to dst: the payload zlib-compressed iff that makes it shorter
// by two bytes or more (then marked with a leading "."), base64url-encoded,
// then ".", the timestamp, "." and the signature.
func (s *URLSafeTimedSerializer) AppendSignedPayload(dst, payload []byte) []byte {
	start := len(dst)
	dst = s.p.appendPayload(dst, payload)
	return s.signer.appendSigned(dst, start)
}

// VerifyPayload verifies token's signature and age (see
// TimestampSigner.Unsign), then base64-decodes and, if compressed, inflates
// the payload within the decompression limit. It returns the serialized
// bytes in a new slice and the signing time. Payload errors are
// *BadPayloadError values matching ErrBadPayload and not ErrBadSignature.
func (s *URLSafeTimedSerializer) VerifyPayload(token []byte, maxAge time.Duration) (payload []byte, signedAt time.Time, err error) {
	payload, signedAt, err = s.AppendVerifyPayload(nil, token, maxAge)
	if err != nil {
		return nil, time.Time{}, err
	}
	if payload == nil {
		payload = []byte{} // an empty payload is not a missing one
	}
	return payload, signedAt, nil
}

// AppendVerifyPayload is VerifyPayload appending the serialized bytes to
// dst instead of returning a new slice, so that a caller decoding tokens
// in a loop can reuse one buffer. dst must not overlap token. On error dst
// is returned unchanged in length.
func (s *URLSafeTimedSerializer) AppendVerifyPayload(dst, token []byte, maxAge time.Duration) (payload []byte, signedAt time.Time, err error) {
	encoded, signedAt, err := s.signer.Unsign(token, maxAge)
	if err != nil {
		return dst, time.Time{}, err
	}
	payload, err = s.p.appendDecodedPayload(dst, encoded)
	if err != nil {
		return dst, time.Time{}, err
	}
	return payload, signedAt, nil
}

// Loads verifies token (see VerifyPayload), unmarshals its payload into v
// and returns the signing time.
func (s *URLSafeTimedSerializer) Loads(token string, v any, maxAge time.Duration) (signedAt time.Time, err error) {
	payload, signedAt, err := s.VerifyPayload([]byte(token), maxAge)
	if err != nil {
		return time.Time{}, err
	}
	if err := s.p.unmarshal(payload, v); err != nil {
		return time.Time{}, err
	}
	return signedAt, nil
}
