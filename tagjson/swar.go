package tagjson

// Eight-bytes-at-a-time scanning of string contents: most session strings
// (hex ids, tokens, plain words) need no escaping, and checking a word at a
// time instead of a byte at a time roughly halves the cost of long ones.

const (
	loBits = 0x0101010101010101
	hiBits = 0x8080808080808080
)

func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

func load64b(b []byte, i int) uint64 {
	_ = b[i+7]
	return uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
		uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
}

// hasZeroByte reports whether any byte of x is zero.
func hasZeroByte(x uint64) bool { return (x-loBits)&^x&hiBits != 0 }

// plainWord reports whether all eight bytes are printable ASCII other than
// '"' and '\\' (0x20..0x7e); with del true, 0x7f counts as plain too.
func plainWord(w uint64, del bool) bool {
	if w&hiBits != 0 { // a byte >= 0x80
		return false
	}
	if (w-0x20*loBits)&^w&hiBits != 0 { // a byte < 0x20
		return false
	}
	if !del && (w+loBits)&hiBits != 0 { // a byte == 0x7f (no carries: all bytes < 0x80)
		return false
	}
	return !hasZeroByte(w^('"'*loBits)) && !hasZeroByte(w^('\\'*loBits))
}
