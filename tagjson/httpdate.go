package tagjson

import (
	"math/big"
	"strings"
	"time"
	"unicode"
)

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
	"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

var dayNames = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// zoneOffsets are email._parseaddr's named zones, as [-]hhmm.
var zoneOffsets = map[string]int64{"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"AST": -400, "ADT": -300, "EST": -500, "EDT": -400, "CST": -600, "CDT": -500,
	"MST": -700, "MDT": -600, "PST": -800, "PDT": -700}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// parsePyDate is werkzeug's parse_date(s), i.e. Python's
// email.utils.parsedate_to_datetime with failures turned into nil and a
// missing zone read as UTC (werkzeug.http.parse_date, which Flask's
// TagDateTime uses). It returns a time.Time, nil, or an error
// where Python raises something other than TypeError/ValueError
// (OverflowError for numbers beyond a C int).
func parsePyDate(key, s string) (any, error) {
	if t, ok := fastHTTPDate(s); ok {
		return t, nil
	}
	data := strings.FieldsFunc(s, pyIsSpace)
	if len(data) == 0 {
		return nil, nil
	}
	if strings.HasSuffix(data[0], ",") || indexOf(dayNames, strings.ToLower(data[0])) >= 0 {
		data = data[1:]
	} else if i := strings.LastIndexByte(data[0], ','); i >= 0 {
		data[0] = data[0][i+1:]
	}
	if len(data) == 3 {
		if stuff := strings.Split(data[0], "-"); len(stuff) == 3 {
			data = append(stuff, data[1:]...)
		}
	}
	if len(data) == 4 {
		s := data[3]
		i := strings.IndexByte(s, '+')
		if i == -1 {
			i = strings.IndexByte(s, '-')
		}
		if i > 0 {
			data = append(data[:3:3], s[:i], s[i:])
		} else {
			data = append(data, "")
		}
	}
	if len(data) < 5 {
		return nil, nil
	}
	dd, mm, yy, tm, tz := data[0], data[1], data[2], data[3], data[4]
	if dd == "" || mm == "" || yy == "" {
		return nil, nil
	}
	mm = strings.ToLower(mm)
	if indexOf(monthNames, mm) < 0 {
		dd, mm = mm, strings.ToLower(dd)
		if indexOf(monthNames, mm) < 0 {
			return nil, nil
		}
	}
	month := indexOf(monthNames, mm) + 1
	if month > 12 {
		month -= 12
	}
	dd = strings.TrimSuffix(dd, ",")
	if i := strings.IndexByte(yy, ':'); i > 0 {
		yy, tm = tm, yy
	}
	if strings.HasSuffix(yy, ",") {
		yy = yy[:len(yy)-1]
		if yy == "" {
			return nil, nil
		}
	}
	if r := []rune(yy); len(r) == 0 || !pyIsDigit(r[0]) {
		yy, tz = tz, yy
	}
	tm = strings.TrimSuffix(tm, ",")
	var thh, tmm, tss string
	parts := strings.Split(tm, ":")
	switch {
	case len(parts) == 2:
		thh, tmm, tss = parts[0], parts[1], "0"
	case len(parts) == 3:
		thh, tmm, tss = parts[0], parts[1], parts[2]
	case len(parts) == 1 && strings.Contains(tm, "."):
		parts = strings.Split(tm, ".")
		switch len(parts) {
		case 2:
			thh, tmm, tss = parts[0], parts[1], "0"
		case 3:
			thh, tmm, tss = parts[0], parts[1], parts[2]
		default:
			return nil, nil
		}
	default:
		return nil, nil
	}
	var nums [5]*big.Int
	for i, f := range [5]string{yy, dd, thh, tmm, tss} {
		n, ok := pyInt(f, 10)
		if !ok {
			return nil, nil
		}
		nums[i] = n
	}
	year := nums[0]
	if year.Cmp(big.NewInt(100)) < 0 {
		if year.Cmp(big.NewInt(68)) > 0 {
			year.Add(year, big.NewInt(1900))
		} else {
			year.Add(year, big.NewInt(2000))
		}
	}
	// Zone: a name, or a [-+]hhmm number; -0000 means "unknown", like none.
	var offset *big.Int
	tz = pyUpper(tz)
	if v, ok := zoneOffsets[tz]; ok {
		offset = big.NewInt(v)
	} else if n, ok := pyInt(tz, 10); ok {
		offset = n
		if n.Sign() == 0 && strings.HasPrefix(tz, "-") {
			offset = nil
		}
	}
	loc := time.UTC
	if offset != nil && offset.Sign() != 0 {
		neg := offset.Sign() < 0
		a := new(big.Int).Abs(offset)
		h, m := new(big.Int).QuoRem(a, big.NewInt(100), new(big.Int))
		secs := h.Mul(h, big.NewInt(3600))
		secs.Add(secs, m.Mul(m, big.NewInt(60)))
		if neg {
			secs.Neg(secs)
		}
		// timedelta(seconds=secs) overflows past 999999999 days; timezone()
		// rejects offsets of a day or more with ValueError.
		days := new(big.Int).Div(secs, big.NewInt(86400))
		if days.CmpAbs(big.NewInt(999999999)) > 0 {
			return nil, &TagError{Key: key, Msg: "zone offset overflows Python's timedelta (OverflowError)"}
		}
		if secs.CmpAbs(big.NewInt(86400)) >= 0 {
			return nil, nil
		}
		loc = time.FixedZone("", int(secs.Int64()))
	}
	var f [6]int
	for i, n := range []*big.Int{year, big.NewInt(int64(month)), nums[1], nums[2], nums[3], nums[4]} {
		if !n.IsInt64() || n.Int64() < -1<<31 || n.Int64() > 1<<31-1 {
			return nil, &TagError{Key: key, Msg: "date field does not fit a C int (OverflowError)"}
		}
		f[i] = int(n.Int64())
	}
	yr, mo, dy, hh, mi, ss := f[0], f[1], f[2], f[3], f[4], f[5]
	if yr < 1 || yr > 9999 || dy < 1 || dy > daysIn(time.Month(mo), yr) || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59 {
		return nil, nil
	}
	return time.Date(yr, time.Month(mo), dy, hh, mi, ss, 0, loc), nil
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// pyUpper is str.upper() as far as it matters for zone names: the
// special-cased letters that become ASCII (ſ -> S, ı -> I, ß -> SS,
// ligatures st -> ST) are expanded.
func pyUpper(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'ß':
			b.WriteString("SS")
		case 'ſ':
			b.WriteByte('S')
		case 'ı':
			b.WriteByte('I')
		case 0xfb05, 0xfb06:
			b.WriteString("ST")
		case 0xfb00:
			b.WriteString("FF")
		case 0xfb01:
			b.WriteString("FI")
		case 0xfb02:
			b.WriteString("FL")
		case 0xfb03:
			b.WriteString("FFI")
		case 0xfb04:
			b.WriteString("FFL")
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// otherDigits are the non-decimal characters Python's str.isdigit accepts
// (superscripts, circled and parenthesized digits...): enough that the
// year/zone swap in the date parser goes the same way as in Python.
var otherDigits = &unicode.RangeTable{R16: []unicode.Range16{
	{0x00b2, 0x00b3, 1}, {0x00b9, 0x00b9, 1}, {0x1369, 0x1371, 1}, {0x19da, 0x19da, 1},
	{0x2070, 0x2070, 1}, {0x2074, 0x2079, 1}, {0x2080, 0x2089, 1}, {0x2460, 0x2468, 1},
	{0x2474, 0x247c, 1}, {0x2488, 0x2490, 1}, {0x24ea, 0x24ea, 1}, {0x24f5, 0x24fd, 1},
	{0x24ff, 0x24ff, 1}, {0x2776, 0x277e, 1}, {0x2780, 0x2788, 1}, {0x278a, 0x2792, 1},
}}

func pyIsDigit(r rune) bool {
	return unicode.IsDigit(r) || unicode.Is(otherDigits, r)
}
