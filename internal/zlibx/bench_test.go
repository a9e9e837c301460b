package zlibx

import (
	"bytes"
	"compress/zlib"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
)

// benchSession returns session JSON of about n bytes in the shape Flask
// writes: a Flask-Login session, then flashed messages.
func benchSession(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"_fresh":true,"_id":"`)
	id := sha512.Sum512([]byte("user 42 from 203.0.113.9"))
	b.WriteString(hex.EncodeToString(id[:]))
	b.WriteString(`","_permanent":true,"_user_id":"42","csrf_token":"a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"`)
	for i := 0; b.Len() < n-60; i++ {
		fmt.Fprintf(&b, `,"item%03d":{" t":["message","saved order %d for customer %d"]}`, i, i*7919%10007, i*31)
	}
	b.WriteString("}")
	return []byte(b.String())
}

var benchSizes = []struct {
	name string
	data []byte
}{
	{"250B", benchSession(250)},
	{"3KB", benchSession(3000)},
}

func BenchmarkCompress(b *testing.B) {
	for _, s := range benchSizes {
		b.Run("zlibx/"+s.name, func(b *testing.B) {
			buf := make([]byte, 0, 2*len(s.data)+64)
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buf = AppendCompress(buf[:0], s.data)
			}
		})
		b.Run("compress-zlib/"+s.name, func(b *testing.B) {
			var out bytes.Buffer
			w, _ := zlib.NewWriterLevel(&out, 6)
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				out.Reset()
				w.Reset(&out)
				w.Write(s.data)
				w.Close()
			}
		})
	}
}

func BenchmarkDecompress(b *testing.B) {
	for _, s := range benchSizes {
		z := AppendCompress(nil, s.data)
		b.Run("zlibx/"+s.name, func(b *testing.B) {
			buf := make([]byte, 0, len(s.data))
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var err error
				buf, err = AppendDecompress(buf[:0], z, 1<<20)
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("compress-zlib/"+s.name, func(b *testing.B) {
			buf := bytes.NewBuffer(make([]byte, 0, len(s.data)))
			br := bytes.NewReader(z)
			r, err := zlib.NewReader(br)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				br.Reset(z)
				if err := r.(zlib.Resetter).Reset(br, nil); err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if _, err := io.Copy(buf, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
