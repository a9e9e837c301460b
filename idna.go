package flasksession

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flasksession/flasksession/internal/pyutf8"
)

// This file is the IDNA 2003 encoding that Python's "idna" codec
// (Lib/encodings/idna.py) applies to a cookie domain in Werkzeug's
// dump_cookie, with the punycode of RFC 3492 (Lib/encodings/punycode.py).

// idnaEncode follows CPython's encodings.idna: an all-ASCII name is kept
// as it is (case included) after label length checks; otherwise each label
// is nameprep'd and, if still non-ASCII, punycoded with the "xn--" prefix.
// Nameprep here is the common subset (see nameprep).
func idnaEncode(d string) (string, error) {
	ascii := true
	for i := 0; i < len(d); i++ {
		if d[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		labels := strings.Split(d, ".")
		for _, l := range labels[:len(labels)-1] {
			if len(l) == 0 || len(l) >= 64 {
				return "", fmt.Errorf("label empty or too long")
			}
		}
		if len(labels[len(labels)-1]) >= 64 {
			return "", fmt.Errorf("label too long")
		}
		return d, nil
	}
	if !utf8.ValidString(d) {
		return "", fmt.Errorf("not valid UTF-8")
	}
	labels := splitIDNALabels(d)
	trailingDot := false
	if len(labels) > 0 && labels[len(labels)-1] == "" {
		trailingDot = true
		labels = labels[:len(labels)-1]
	}
	out := make([]string, 0, len(labels))
	for _, l := range labels {
		a, err := idnaLabel(l)
		if err != nil {
			return "", err
		}
		out = append(out, a)
	}
	s := strings.Join(out, ".")
	if trailingDot {
		s += "."
	}
	return s, nil
}

// splitIDNALabels splits on the dots IDNA 2003 recognises, keeping empty
// labels.
func splitIDNALabels(d string) []string {
	var out []string
	start := 0
	for i, r := range d {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			out = append(out, d[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, d[start:])
}

func idnaLabel(l string) (string, error) {
	if pyutf8.ASCII(l) {
		if len(l) == 0 || len(l) >= 64 {
			return "", fmt.Errorf("label empty or too long")
		}
		return l, nil
	}
	for _, r := range l {
		if r >= 0x80 && !nameprepExact(r) {
			return "", fmt.Errorf("%q is outside the characters whose IDNA 2003 form this package computes as Python does; write the label in punycode (xn--...)", r)
		}
	}
	l = nameprep(l)
	if pyutf8.ASCII(l) {
		if len(l) == 0 || len(l) >= 64 {
			return "", fmt.Errorf("label empty or too long")
		}
		return l, nil
	}
	if strings.HasPrefix(strings.ToLower(l), "xn--") {
		return "", fmt.Errorf("label starts with ACE prefix")
	}
	p, err := punycodeEncode(l)
	if err != nil {
		return "", err
	}
	a := "xn--" + p
	if len(a) >= 64 {
		return "", fmt.Errorf("label empty or too long")
	}
	return a, nil
}

// nameprepExact reports whether nameprep maps r exactly as Python's
// encodings.idna does (RFC 3491 over Unicode 3.2: case folding, NFKC,
// prohibited, unassigned and bidirectional characters). Outside these
// ranges the full tables would be needed: U+0130 folds to "i\u0307" there,
// not "i"; U+03C2 to U+03C3; NFKC turns U+24D0 into "a" and composes
// combining marks; unassigned code points (emoji) and right-to-left labels
// mixed with digits are errors. A name with such characters is refused
// rather than written differently from Flask.
func nameprepExact(r rune) bool {
	switch {
	case r == 0xAD || r == 0x34F || r == 0x1806 || (r >= 0x180B && r <= 0x180D) ||
		(r >= 0x200B && r <= 0x200D) || r == 0x2060 || (r >= 0xFE00 && r <= 0xFE0F) || r == 0xFEFF:
		return true // mapped to nothing (table B.1)
	case r >= 0xC0 && r <= 0xFF: // Latin-1 letters
		return r != 0xD7 && r != 0xF7
	case r >= 0x100 && r <= 0x17F: // Latin Extended-A
		// Not İ (folds to two code points), Ĳ ĳ Ŀ ŀ ŉ ſ (NFKC changes them).
		return r != 0x130 && r != 0x132 && r != 0x133 && r != 0x13F && r != 0x140 && r != 0x149 && r != 0x17F
	case r >= 0x391 && r <= 0x3C9: // basic Greek letters, not final sigma
		return r != 0x3A2 && r != 0x3C2 && (r <= 0x3A9 || r >= 0x3B1)
	case r >= 0x400 && r <= 0x45F: // basic Cyrillic
		return true
	case r >= 0x3041 && r <= 0x3094, r >= 0x30A1 && r <= 0x30FA, r == 0x30FC: // kana
		return true
	case r >= 0x4E00 && r <= 0x9FA5: // CJK ideographs of Unicode 3.2
		return true
	case r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables
		return true
	case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
		return true
	}
	return false
}

// nameprep applies the parts of RFC 3491 that matter for host names met
// in practice: table B.1 (mapped to nothing), B.2 case folding and the
// fullwidth forms of NFKC. Other NFKC mappings are not applied.
func nameprep(l string) string {
	var b strings.Builder
	for _, r := range l {
		switch {
		case r == 0xAD || r == 0x34F || r == 0x1806 || (r >= 0x180B && r <= 0x180D) ||
			(r >= 0x200B && r <= 0x200D) || r == 0x2060 || (r >= 0xFE00 && r <= 0xFE0F) || r == 0xFEFF:
			continue
		case r == 'ß':
			b.WriteString("ss")
		case r >= 0xFF01 && r <= 0xFF5E:
			// NFKC of the fullwidth ASCII forms, the part of
			// normalisation host names meet in practice.
			b.WriteRune(unicode.ToLower(r - 0xFF01 + 0x21))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// punycodeEncode is the RFC 3492 encoder (section 6.3).
func punycodeEncode(s string) (string, error) {
	const (
		base        = 36
		tmin        = 1
		tmax        = 26
		skew        = 38
		damp        = 700
		initialBias = 72
		initialN    = 128
	)
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(runes) {
		m := int(^uint(0) >> 1)
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		if (m-n)*(h+1) > (1<<31-1)-delta {
			return "", fmt.Errorf("punycode overflow")
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if int(r) < n {
				delta++
			}
			if int(r) == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), nil
}
