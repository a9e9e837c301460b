package tagjson

import (
	"math/big"
	"strconv"
)

// number parses Python's JSON number grammar
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?: an int (int64, or *big.Int
// when it does not fit) unless it has a fraction or exponent (float64).
func (d *decoder) number() (any, error) {
	data := d.data
	start := d.pos
	i := start
	if data[i] == '-' {
		i++
	}
	digitsStart := i
	if i >= len(data) || data[i] < '0' || data[i] > '9' {
		return nil, d.syntax("expecting value")
	}
	if data[i] == '0' {
		i++
	} else {
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	intEnd := i
	isFloat := false
	if i+1 < len(data) && data[i] == '.' && data[i+1] >= '0' && data[i+1] <= '9' {
		isFloat = true
		i += 2
		for i < len(data) && data[i] >= '0' && data[i] <= '9' {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		j := i + 1
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if j < len(data) && data[j] >= '0' && data[j] <= '9' {
			isFloat = true
			for j < len(data) && data[j] >= '0' && data[j] <= '9' {
				j++
			}
			i = j
		}
	}
	d.pos = i
	if isFloat {
		f, err := strconv.ParseFloat(d.numText(start, i), 64)
		if err != nil && f == 0 && !isRangeErr(err) {
			return nil, &SyntaxError{Offset: start, Msg: "bad number", Kind: ErrSyntax}
		}
		return f, nil
	}
	nd := intEnd - digitsStart
	if d.maxIntDigits >= 0 && nd > d.maxIntDigits {
		return nil, &SyntaxError{Offset: start, Msg: "integer literal with " + strconv.Itoa(nd) + " digits exceeds MaxIntDigits (" + strconv.Itoa(d.maxIntDigits) + ")", Kind: ErrIntTooLong}
	}
	if nd <= 18 {
		var n int64
		for _, c := range data[digitsStart:intEnd] {
			n = n*10 + int64(c-'0')
		}
		if digitsStart > start {
			n = -n
		}
		return n, nil
	}
	text := d.numText(start, i)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	b, ok := new(big.Int).SetString(text, 10)
	if !ok {
		return nil, &SyntaxError{Offset: start, Msg: "bad number", Kind: ErrSyntax}
	}
	return b, nil
}

func (d *decoder) numText(i, j int) string {
	if d.useWhole {
		return d.sub(i, j)
	}
	return string(d.data[i:j])
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// parseNumberToken parses a complete JSON number (for json.Number).
func parseNumberToken(s string) (any, error) {
	d := decoder{data: []byte(s), maxDepth: 1, maxIntDigits: -1}
	d.skipWS()
	if d.pos >= len(d.data) || !(d.data[d.pos] == '-' || d.data[d.pos] >= '0' && d.data[d.pos] <= '9') {
		return nil, ErrSyntax
	}
	return d.decode()
}
