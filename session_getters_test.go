package flasksession

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/http/httptest"
	"testing"

	"github.com/flasksession/flasksession/tagjson"
)

func TestGettersAgreeOnEveryKind(t *testing.T) {
	type myInt int16
	type myFloat float32
	type myString string
	type myBool bool
	seven := 7
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		name  string
		value any
		i     int64
		f     float64
		s     string
		b     bool
	}{
		{"int", int(-7), -7, -7, "", false},
		{"int8", int8(-8), -8, -8, "", false},
		{"int16", int16(16), 16, 16, "", false},
		{"int32", int32(-32), -32, -32, "", false},
		{"int64", int64(1 << 40), 1 << 40, 1 << 40, "", false},
		{"uint", uint(1), 1, 1, "", false},
		{"uint8", uint8(255), 255, 255, "", false},
		{"uint16", uint16(16), 16, 16, "", false},
		{"uint32", uint32(math.MaxUint32), math.MaxUint32, math.MaxUint32, "", false},
		{"uint64 within int64", uint64(64), 64, 64, "", false},
		{"uint64 beyond int64", uint64(math.MaxUint64), 0, math.MaxUint64, "", false},
		{"uintptr", uintptr(9), 9, 9, "", false},
		{"float32 keeps its shortest digits", float32(0.1), 0, 0.1, "", false},
		{"float64", 2.5, 0, 2.5, "", false},
		{"named int", myInt(12), 12, 12, "", false},
		{"named float", myFloat(1.5), 0, 1.5, "", false},
		{"pointer to int", &seven, 7, 7, "", false},
		{"json.Number integer", json.Number("42"), 42, 42, "", false},
		{"json.Number float", json.Number("4.5"), 0, 4.5, "", false},
		{"big.Int within int64", big.NewInt(-99), -99, -99, "", false},
		{"big.Int value", *big.NewInt(5), 5, 5, "", false},
		{"big.Int beyond int64", huge, 0, 1.2345678901234568e29, "", false},
		{"big.Int beyond float64", new(big.Int).Lsh(big.NewInt(1), 1100), 0, 0, "", false},
		{"string", "x", 0, 0, "x", false},
		{"named string", myString("y"), 0, 0, "y", false},
		{"Markup", tagjson.Markup("<b>"), 0, 0, "<b>", false},
		{"bool", true, 0, 0, "", true},
		{"named bool", myBool(true), 0, 0, "", true},
		{"nil", nil, 0, 0, "", false},
		{"list", []any{1}, 0, 0, "", false},
	}
	m := New("k")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := m.Open(httptest.NewRequest("GET", "/", nil))
			if err != nil {
				t.Fatal(err)
			}
			set.Set("v", tt.value)
			// The same value read back from the cookie in a later request.
			cookie, err := m.EncodeCookie(map[string]any{"v": tt.value})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Cookie", "session="+cookie)
			loaded, err := m.Open(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []struct {
				when string
				s    *Session
			}{{"set in this request", set}, {"read from the cookie", loaded}} {
				if got := s.s.GetInt("v"); got != tt.i {
					t.Errorf("%s: GetInt = %d, want %d", s.when, got, tt.i)
				}
				if got := s.s.GetFloat("v"); got != tt.f {
					t.Errorf("%s: GetFloat = %v, want %v", s.when, got, tt.f)
				}
				if got := s.s.GetString("v"); got != tt.s {
					t.Errorf("%s: GetString = %q, want %q", s.when, got, tt.s)
				}
				if got := s.s.GetBool("v"); got != tt.b {
					t.Errorf("%s: GetBool = %v, want %v", s.when, got, tt.b)
				}
			}
		})
	}
}

func BenchmarkGetInt(b *testing.B) {
	for _, v := range []any{int64(7), int32(7)} {
		b.Run(fmt.Sprintf("%T", v), func(b *testing.B) {
			s, _ := New("k").Open(httptest.NewRequest("GET", "/", nil))
			s.Set("v", v)
			b.ReportAllocs()
			for range b.N {
				if s.GetInt("v") != 7 {
					b.Fatal("wrong value")
				}
			}
		})
	}
}
