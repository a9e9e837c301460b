package tagjson

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// smallSession is a Flask-Login session: about 230 bytes of JSON.
func smallSession() map[string]any {
	return map[string]any{
		"_fresh":     true,
		"_id":        strings.Repeat("a88cae2884ea67e9", 8),
		"_user_id":   "42",
		"csrf_token": strings.Repeat("0123456789", 4),
		"_permanent": true,
	}
}

// mediumSession adds flashes (tuples, Markup), a datetime and a UUID.
func mediumSession() map[string]any {
	m := smallSession()
	m["_flashes"] = []any{Tuple{"message", "Hello"}, Tuple{"error", "Bad password"}, Tuple{"warning", Markup("<em>Saved</em>")}}
	m["last_seen"] = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	m["device"] = UUID{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78}
	return m
}

// largeSession holds ~150 short strings and a few numbers: about 3 KB.
func largeSession() map[string]any {
	m := smallSession()
	items := make([]any, 0, 150)
	for i := range 150 {
		items = append(items, "item-"+strconv.Itoa(i))
	}
	m["items"] = items
	prefs := map[string]any{}
	for i := range 45 {
		prefs["pref_"+strconv.Itoa(i)] = "value " + strconv.Itoa(i*7)
	}
	m["prefs"] = prefs
	m["count"] = int64(1234567)
	m["ratio"] = 0.25
	return m
}

func benchData(b *testing.B, v map[string]any) []byte {
	data, err := Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func BenchmarkMarshal(b *testing.B) {
	for _, c := range []struct {
		name string
		v    map[string]any
	}{{"small", smallSession()}, {"medium", mediumSession()}, {"large", largeSession()}} {
		b.Run(c.name+"/tagjson", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(benchData(b, c.v))))
			for range b.N {
				if _, err := Marshal(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/tagjson-append", func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 8192)
			for range b.N {
				var err error
				if buf, err = std.AppendMarshal(buf[:0], c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			if c.name == "medium" {
				b.Skip("encoding/json cannot write Flask's tags")
			}
			b.ReportAllocs()
			for range b.N {
				if _, err := json.Marshal(c.v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	for _, c := range []struct {
		name string
		v    map[string]any
	}{{"small", smallSession()}, {"medium", mediumSession()}, {"large", largeSession()}} {
		data := benchData(b, c.v)
		b.Run(c.name+"/tagjson", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for range b.N {
				var m map[string]any
				if err := Unmarshal(data, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			// The same bytes: for medium that is the tagged JSON, read as
			// plain JSON (no untagging).
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for range b.N {
				var m map[string]any
				if err := json.Unmarshal(data, &m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
