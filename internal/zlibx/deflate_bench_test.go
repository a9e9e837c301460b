package zlibx

import (
	"crypto/sha1"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// flaskSession returns the JSON Flask writes for the bench module's SMALL
// session (a Flask-Login session, 242 bytes) or, with history, its LARGE
// one (150 short paths more, about 2.7 KB).
func flaskSession(history bool) []byte {
	id := sha512.Sum512([]byte("flasksession bench: session id"))
	csrf := sha1.Sum([]byte("flasksession bench: csrf token"))
	var b strings.Builder
	fmt.Fprintf(&b, `{"_fresh":true,"_id":"%x","_permanent":true,"_user_id":"42","csrf_token":"%x"`, id, csrf)
	if history {
		b.WriteString(`,"history":[`)
		for i := range 150 {
			if i > 0 {
				b.WriteByte(',')
			}
			sum := sha1.Sum([]byte(fmt.Sprintf("page %d", i)))
			fmt.Fprintf(&b, `"/p/%s"`, hex.EncodeToString(sum[:])[:10])
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// BenchmarkCompressSession times AppendCompress alone on the bench
// module's SMALL and LARGE session JSON.
func BenchmarkCompressSession(b *testing.B) {
	for _, s := range []struct {
		name string
		data []byte
	}{{"SMALL", flaskSession(false)}, {"LARGE", flaskSession(true)}} {
		b.Run(s.name, func(b *testing.B) {
			buf := make([]byte, 0, compressBound(len(s.data)))
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buf = AppendCompress(buf[:0], s.data)
			}
		})
	}
}
