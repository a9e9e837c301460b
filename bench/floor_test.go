package bench_test

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"strings"

	"github.com/flasksession/flasksession/bench/fixtures"
)

// floor is the least a Flask-compatible cookie open or save can do with the
// standard library's general-purpose pieces: base64, HMAC-SHA1 (over a key
// derived once), compress/zlib, and encoding/json into map[string]any. It
// reuses every object the standard library lets it reuse (the HMAC state,
// the zlib reader and writer, the buffers), so it is the floor at its
// fastest, not a strawman. It does not speak tagged JSON: what it decodes
// keeps Flask's tags as plain JSON objects.
type floor struct {
	mac      hash.Hash
	zr       io.ReadCloser
	zw       *zlib.Writer
	br       bytes.Reader
	inflated bytes.Buffer
	deflated bytes.Buffer
	buf      []byte
	sig      []byte
	sum      []byte
	out      []byte
}

var errFloor = errors.New("floor: bad cookie")

func newFloor() *floor {
	// Flask's key derivation: HMAC-SHA1(key=SECRET_KEY, msg=salt).
	kd := hmac.New(sha1.New, []byte(fixtures.SecretKey))
	kd.Write([]byte("cookie-session"))
	f := &floor{mac: hmac.New(sha1.New, kd.Sum(nil))}
	f.zw, _ = zlib.NewWriterLevel(&f.deflated, 6)
	return f
}

// splitCookie splits payload.timestamp.signature.
func splitCookie(cookie string) (payload, ts, sig string) {
	i := strings.LastIndexByte(cookie, '.')
	if i < 0 {
		return "", "", ""
	}
	signed, sig := cookie[:i], cookie[i+1:]
	j := strings.LastIndexByte(signed, '.')
	if j < 0 {
		return "", "", ""
	}
	return signed[:j], signed[j+1:], sig
}

func (f *floor) inflate(compressed []byte) ([]byte, error) {
	f.br.Reset(compressed)
	var err error
	if f.zr == nil {
		f.zr, err = zlib.NewReader(&f.br)
	} else {
		err = f.zr.(zlib.Resetter).Reset(&f.br, nil)
	}
	if err != nil {
		return nil, err
	}
	f.inflated.Reset()
	if _, err := f.inflated.ReadFrom(f.zr); err != nil {
		return nil, err
	}
	return f.inflated.Bytes(), nil
}

func (f *floor) deflate(raw []byte) []byte {
	f.deflated.Reset()
	f.zw.Reset(&f.deflated)
	f.zw.Write(raw)
	f.zw.Close()
	return f.deflated.Bytes()
}

// open verifies and decodes a cookie value (the age check is left out: it
// is two comparisons).
func (f *floor) open(cookie string) (map[string]any, error) {
	payload, ts, sig := splitCookie(cookie)
	if sig == "" || ts == "" {
		return nil, errFloor
	}
	var err error
	if f.sig, err = base64.RawURLEncoding.AppendDecode(f.sig[:0], []byte(sig)); err != nil {
		return nil, err
	}
	f.mac.Reset()
	io.WriteString(f.mac, cookie[:len(payload)+1+len(ts)])
	f.sum = f.mac.Sum(f.sum[:0])
	if !hmac.Equal(f.sum, f.sig) {
		return nil, errFloor
	}
	compressed := strings.HasPrefix(payload, ".")
	if compressed {
		payload = payload[1:]
	}
	if f.buf, err = base64.RawURLEncoding.AppendDecode(f.buf[:0], []byte(payload)); err != nil {
		return nil, err
	}
	data := f.buf
	if compressed {
		if data, err = f.inflate(data); err != nil {
			return nil, err
		}
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// save encodes and signs values as a cookie value signed at unix time now.
func (f *floor) save(values map[string]any, now int64) (string, error) {
	raw, err := json.Marshal(values)
	if err != nil {
		return "", err
	}
	out := f.out[:0]
	if c := f.deflate(raw); len(c) < len(raw)-1 {
		out = append(out, '.')
		out = base64.RawURLEncoding.AppendEncode(out, c)
	} else {
		out = base64.RawURLEncoding.AppendEncode(out, raw)
	}
	out = append(out, '.')
	var ts [8]byte
	n := 8
	for v := uint64(now); v > 0; v >>= 8 {
		n--
		ts[n] = byte(v)
	}
	out = base64.RawURLEncoding.AppendEncode(out, ts[n:])
	f.mac.Reset()
	f.mac.Write(out)
	f.sum = f.mac.Sum(f.sum[:0])
	out = append(out, '.')
	out = base64.RawURLEncoding.AppendEncode(out, f.sum)
	f.out = out
	return string(out), nil
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
