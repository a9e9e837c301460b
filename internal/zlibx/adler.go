package zlibx

import "encoding/binary"

// adler32Sum returns the Adler-32 checksum of p, as hash/adler32 does, 16
// bytes at a time. For a block of n bytes b[0..n-1], s1 grows by their sum
// and s2 by n*s1 plus the sum of (n-i)*b[i]. Both sums come from
// multiplications of the bytes spread into 16-bit lanes: the top lane of
// the product of lanes (x0, x1, x2, x3) and (y0, y1, y2, y3), lowest
// first, is x0*y3 + x1*y2 + x2*y1 + x3*y0, and no lane overflows into the
// next here (each sum stays under 65536).
func adler32Sum(p []byte) uint32 {
	const (
		mod   = 65521
		lanes = 0x00ff00ff00ff00ff
		ones  = 0x0001000100010001
		// Weights of the even and the odd bytes of a second 8-byte word
		// (8-i for byte i), and of a first one (8 more).
		even  = 2 | 4<<16 | 6<<32 | 8<<48
		odd   = 1 | 3<<16 | 5<<32 | 7<<48
		even1 = even + 8*ones
		odd1  = odd + 8*ones
	)
	s1, s2 := uint64(1), uint64(0)
	for len(p) > 0 {
		// Reduce at least every 64 KB: the sums stay far from overflowing.
		q := p[:min(len(p), 1<<16)]
		p = p[len(q):]
		for ; len(q) >= 16; q = q[16:] {
			w1 := binary.LittleEndian.Uint64(q)
			w2 := binary.LittleEndian.Uint64(q[8:])
			e1, o1 := w1&lanes, w1>>8&lanes
			e2, o2 := w2&lanes, w2>>8&lanes
			s2 += 16*s1 + (e1*even1+o1*odd1+e2*even+o2*odd)>>48
			s1 += (e1 + o1 + e2 + o2) * ones >> 48
		}
		for _, c := range q {
			s1 += uint64(c)
			s2 += s1
		}
		s1 %= mod
		s2 %= mod
	}
	return uint32(s2<<16 | s1)
}
