package pyrepr

import (
	"math"
	"strconv"
)

// AppendFloat appends Python's repr(float) of f to dst (see Float). It does
// not allocate beyond growing dst.
func AppendFloat(dst []byte, f float64) []byte {
	if f-f != 0 { // NaN or ±Inf
		return appendSpecial(dst, f)
	}
	var tmp [32]byte
	b := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	// b is [-]d[.ddd]e(+|-)XX[X]
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	epos := len(b) - 1
	for b[epos] != 'e' {
		epos--
	}
	exp := 0
	for _, c := range b[epos+2:] {
		exp = exp*10 + int(c-'0')
	}
	if b[epos+1] == '-' {
		exp = -exp
	}
	if exp < -4 || exp >= 16 {
		// strconv already writes Python's form: "1e+16", "2.5e-07", "5e-324".
		if neg {
			dst = append(dst, '-')
		}
		return append(dst, b...)
	}
	var digits [20]byte
	nd := 0
	for _, c := range b[:epos] {
		if c != '.' {
			digits[nd] = c
			nd++
		}
	}
	if neg {
		dst = append(dst, '-')
	}
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := -1; i > exp; i-- {
			dst = append(dst, '0')
		}
		return append(dst, digits[:nd]...)
	}
	intDigits := exp + 1
	if nd <= intDigits {
		dst = append(dst, digits[:nd]...)
		for i := nd; i < intDigits; i++ {
			dst = append(dst, '0')
		}
		return append(dst, '.', '0')
	}
	dst = append(dst, digits[:intDigits]...)
	dst = append(dst, '.')
	return append(dst, digits[intDigits:nd]...)
}

func appendSpecial(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	}
	return append(dst, "-inf"...)
}
