package tagjson

import (
	"encoding/hex"
	"time"
)

// Fast paths for the forms Flask itself writes. Anything else, including
// every odd form, goes through the general Python-compatible parsers.

// fastHTTPDate parses "Tue, 02 Jan 2024 03:04:05 GMT" exactly; ok is false
// for anything else.
func fastHTTPDate(s string) (time.Time, bool) {
	if len(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
		s[19] != ':' || s[22] != ':' || s[25:] != " GMT" {
		return time.Time{}, false
	}
	for _, c := range []byte(s[:3]) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return time.Time{}, false
		}
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for _, c := range []byte(s[a:b]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	day, ok1 := num(5, 7)
	year, ok2 := num(12, 16)
	hh, ok3 := num(17, 19)
	mm, ok4 := num(20, 22)
	ss, ok5 := num(23, 25)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || year < 100 {
		return time.Time{}, false
	}
	var mon [3]byte
	for i := range mon {
		c := s[8+i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		mon[i] = c
	}
	month := indexOf(monthNames[:12], string(mon[:])) + 1
	if month == 0 || day < 1 || day > daysIn(time.Month(month), year) || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hh, mm, ss, 0, time.UTC), true
}

// fastUUID parses the 32-digit and the dashed 36-character forms.
func fastUUID(s string) (UUID, bool) {
	var u UUID
	switch len(s) {
	case 32:
		if _, err := hex.Decode(u[:], []byte(s)); err != nil {
			return UUID{}, false
		}
		return u, true
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return UUID{}, false
		}
		var b [32]byte
		copy(b[0:8], s[0:8])
		copy(b[8:12], s[9:13])
		copy(b[12:16], s[14:18])
		copy(b[16:20], s[19:23])
		copy(b[20:], s[24:])
		if _, err := hex.Decode(u[:], b[:]); err != nil {
			return UUID{}, false
		}
		return u, true
	}
	return UUID{}, false
}
