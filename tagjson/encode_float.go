package tagjson

import (
	"math"

	"github.com/flasksession/flasksession/internal/pyrepr"
)

// appendFloat appends f as Python's float.__repr__ writes it, with JSON's
// bare NaN / Infinity / -Infinity tokens (Lib/json/encoder.py floatstr).
// Python uses the shortest digits that round-trip (as strconv does with
// precision -1), in fixed notation when the decimal exponent e is in
// [-4, 16) and always with a fractional part, otherwise as d.ddde+XX with
// at least two exponent digits.
func appendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	}
	return pyrepr.AppendFloat(dst, f)
}
