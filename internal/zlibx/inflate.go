package zlibx

import (
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Errors returned by AppendDecompress, for errors.Is. Each returned error
// wraps exactly one of them.
var (
	// ErrHeader: the two-byte zlib header is not a deflate stream with a
	// window of at most 32 KB, or its check bits are wrong.
	ErrHeader = errors.New("zlibx: invalid zlib header")
	// ErrDictionary: the stream needs a preset dictionary (FDICT), which
	// session cookies never use.
	ErrDictionary = errors.New("zlibx: zlib stream needs a preset dictionary")
	// ErrCorrupt: the deflate data is invalid (bad block type, bad code
	// lengths, invalid code, distance too far back, stored length mismatch).
	ErrCorrupt = errors.New("zlibx: corrupt deflate data")
	// ErrTruncated: the input ends before the stream does.
	ErrTruncated = errors.New("zlibx: truncated zlib stream")
	// ErrChecksum: the Adler-32 trailer does not match the output.
	ErrChecksum = errors.New("zlibx: zlib checksum mismatch")
	// ErrTooLarge: the output would exceed the caller's limit.
	ErrTooLarge = errors.New("zlibx: decompressed data exceeds the limit")
)

// Errors with their detail, made once so that failing costs no allocation.
var (
	errBlockType   = wrap("invalid block type", ErrCorrupt)
	errStoredLen   = wrap("stored block length does not match its complement", ErrCorrupt)
	errCounts      = wrap("too many length or distance symbols", ErrCorrupt)
	errLengths     = wrap("invalid code lengths", ErrCorrupt)
	errRepeat      = wrap("invalid code length repeat", ErrCorrupt)
	errNoEOB       = wrap("code lengths without an end-of-block code", ErrCorrupt)
	errCode        = wrap("invalid literal/length or distance code", ErrCorrupt)
	errDistance    = wrap("invalid distance too far back", ErrCorrupt)
	errTableBounds = wrap("code table overflow", ErrCorrupt)
)

type wrappedError struct {
	msg string
	err error
}

func wrap(msg string, err error) error { return &wrappedError{err.Error() + ": " + msg, err} }

func (e *wrappedError) Error() string { return e.msg }
func (e *wrappedError) Unwrap() error { return e.err }

// Huffman decoding tables. An entry is val<<16 | flags | x<<8 | n+x, where
// n is the code length in bits and x the number of extra bits that follow
// the code (0 but for lengths and distances); the low 6 bits, n+x, are 0
// for a bit pattern that is no code. What val is depends on the flags: the
// byte of a literal (litFlag); the base of a length or distance (no flag);
// nothing for end-of-block (eobFlag) or for a reserved symbol, an error
// when used (badFlag). A root entry with linkFlag set points instead to a
// subtable at val, indexed by the next n bits (x is 0). The code-length
// code's entries are simply sym<<16 | n.
const (
	linkFlag = 1 << 12
	litFlag  = 1 << 13
	eobFlag  = 1 << 14
	badFlag  = 1 << 15
	litRoot  = 9
	distRoot = 6
	clRoot   = 7
	litSize  = 1024 // root 512 plus subtables: zlib's ENOUGH_LENS (852) bounds them for root 9
	litMask  = litSize - 1
	distSize = 1024 // root 64 plus subtables: ENOUGH_DISTS (592) bounds them for root 6
	distMask = distSize - 1
)

var (
	lenBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	distBase = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	clOrder  = blOrder
)

// The table entries of each symbol, less the code length (to be added).
var (
	litVals  [288]uint32
	distVals [32]uint32
	clVals   [19]uint32
)

func init() {
	for sym := range litVals {
		switch {
		case sym < 256:
			litVals[sym] = uint32(sym)<<16 | litFlag
		case sym == 256:
			litVals[sym] = eobFlag
		case sym < 257+29:
			x := uint32(extraLBits[sym-257])
			litVals[sym] = uint32(lenBase[sym-257])<<16 | x<<8 | x
		default:
			litVals[sym] = badFlag
		}
	}
	for d := range distVals {
		if d < 30 {
			x := uint32(extraDBits[d])
			distVals[d] = uint32(distBase[d])<<16 | x<<8 | x
		} else {
			distVals[d] = badFlag
		}
	}
	for sym := range clVals {
		clVals[sym] = uint32(sym) << 16
	}
}

var (
	fixedOnce      sync.Once
	fixedLit       [litSize]uint32
	fixedDist      [distSize]uint32
	fixedTablesErr error
)

func initFixed() {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	// The fixed distance code has 32 five-bit codes; codes 30 and 31 decode
	// but are rejected when used.
	var d32 [32]uint8
	for i := range d32 {
		d32[i] = 5
	}
	var work [320]uint32
	lc, dc := countLens(l[:]), countLens(d32[:])
	if err := buildTable(fixedLit[:], l[:], &lc, litVals[:], litRoot, &work); err != nil {
		fixedTablesErr = err
	}
	if err := buildTable(fixedDist[:], d32[:], &dc, distVals[:], distRoot, &work); err != nil {
		fixedTablesErr = err
	}
}

// countLens returns how many of lens are of each length.
func countLens(lens []uint8) [16]int {
	var count [16]int
	for _, l := range lens {
		count[l&15]++
	}
	return count
}

// buildTable fills tab from code lengths, of which count has the
// histogram, with a root table of rootBits; the entry of symbol sym is
// vals[sym] + its code length. work is scratch space. Like compress/flate
// (and C zlib, for literal and distance codes), it accepts complete codes,
// a single code of length one, and no code at all (a table with only "no
// code" entries); anything else is an error.
func buildTable(tab []uint32, lens []uint8, count *[16]int, vals []uint32, rootBits uint, work *[320]uint32) error {
	maxLen := 15
	for maxLen > 0 && count[maxLen] == 0 {
		maxLen--
	}
	rootSize := 1 << rootBits
	if maxLen == 0 {
		clear(tab[:rootSize])
		return nil
	}
	left := 1
	for l := 1; l <= 15; l++ {
		left <<= 1
		left -= count[l]
		if left < 0 {
			return errLengths // over-subscribed
		}
	}
	if left > 0 {
		if maxLen != 1 || count[1] != 1 {
			return errLengths // incomplete
		}
		clear(tab[:rootSize])
	}
	// Entries sorted by (length, symbol): canonical code order.
	var offs [16]int
	for l := 1; l < 15; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	vals = vals[:len(lens)]
	for sym, l := range lens {
		if l != 0 {
			work[offs[l&15]] = vals[sym] + uint32(l)
			offs[l&15]++
		}
	}
	n := offs[maxLen] // after the fill, offs[l] ends the codes of length l
	root := int(rootBits)
	// Short codes: build the root table for lengths 1, 2, ... by doubling,
	// each code stored once at its own (bit-reversed) index; the doubling
	// copies it to every index that shares its bits. It starts at the
	// shortest code length: the table before is never read.
	minLen := 1
	for count[minLen] == 0 {
		minLen++
	}
	code := 0 // canonical code of the current entry, MSB first
	i := 0
	size := 1 << minLen
	for l := minLen; l <= root; l++ {
		if l > minLen {
			copy(tab[size:2*size], tab[:size])
			size <<= 1
		}
		for k := count[l]; k > 0; k-- {
			tab[bits.Reverse16(uint16(code))>>(16-l)] = work[i]
			code++
			i++
		}
		code <<= 1
	}
	if maxLen <= root {
		return nil
	}
	// Long codes: those sharing their first rootBits bits get a subtable,
	// sized as zlib's inflate_table does by the code space left under the
	// prefix.
	remaining := count // codes of each length not yet placed
	l := root + 1      // code is now the first code of this length
	curPrefix, subBase, subBits := -1, 0, 0
	offset := rootSize
	for ; i < n; i++ {
		for remaining[l] == 0 {
			l++
			code <<= 1
		}
		if prefix := code >> (l - root); prefix != curPrefix {
			curPrefix = prefix
			subBits = l - root
			room := 1 << subBits
			for subBits+root < maxLen {
				room -= remaining[subBits+root]
				if room <= 0 {
					break
				}
				subBits++
				room <<= 1
			}
			subBase = offset
			offset += 1 << subBits
			if offset > len(tab) {
				return errTableBounds
			}
			tab[bits.Reverse16(uint16(prefix))>>(16-root)] = uint32(subBase)<<16 | linkFlag | uint32(subBits)
		}
		rest := l - root
		e := work[i]
		for j := int(bits.Reverse16(uint16(code&(1<<rest-1))) >> (16 - rest)); j < 1<<subBits; j += 1 << rest {
			tab[subBase+j] = e
		}
		remaining[l]--
		code++
	}
	return nil
}

// inflater is the pooled decoding state.
type inflater struct {
	in    []byte
	pos   int // next unread byte of in
	bits  uint64
	nbits uint

	lit  [litSize]uint32
	dist [distSize]uint32
	cl   [1 << clRoot]uint32
	lens [286 + 30]uint8
	work [320]uint32 // buildTable's scratch space
}

var inflaterPool statePool[inflater]

// AppendDecompress inflates the zlib stream at the start of src and
// appends the result to dst. Bytes after the end of the stream are ignored,
// as Python's zlib.decompress does. Any deflate data is accepted (stored,
// fixed and dynamic blocks, any compression level), but not a stream that
// needs a preset dictionary.
//
// limit bounds the number of bytes appended (a negative limit means no
// bound): as soon as the output would pass it, decoding stops with an error
// wrapping ErrTooLarge, so a small "zip bomb" costs little work. Other
// failures wrap ErrHeader, ErrDictionary, ErrCorrupt, ErrTruncated or
// ErrChecksum. On error the returned slice is dst with unspecified bytes
// appended. src must not overlap the spare capacity of dst, and the
// capacity past the returned length may hold scratch bytes (match copies
// run up to 15 bytes ahead), though never past start+limit.
//
// As in compress/flate, a back-reference may reach anywhere in the output
// of this stream (up to 32 KB back) whatever window size the header
// announces; C zlib also checks it against that window.
func AppendDecompress(dst, src []byte, limit int) ([]byte, error) {
	fixedOnce.Do(initFixed)
	if fixedTablesErr != nil {
		return dst, fixedTablesErr
	}
	if len(src) < 2 {
		return dst, ErrTruncated
	}
	cmf, flg := src[0], src[1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint(cmf)<<8|uint(flg))%31 != 0 {
		return dst, ErrHeader
	}
	if flg&0x20 != 0 {
		return dst, ErrDictionary
	}
	f := inflaterPool.get()
	f.in, f.pos, f.bits, f.nbits = src, 2, 0, 0
	start := len(dst)
	lim := -1
	if limit >= 0 && limit <= math.MaxInt-start {
		lim = start + limit // a larger limit cannot be reached: no bound
	}
	out, err := f.inflate(dst, start, lim)
	if err == nil {
		// The checksum starts at the next byte boundary.
		p := f.pos - int(f.nbits>>3)
		if p+4 > len(src) {
			err = ErrTruncated
		} else if binary.BigEndian.Uint32(src[p:]) != adler32Sum(out[start:]) {
			err = ErrChecksum
		}
	}
	f.in = nil
	inflaterPool.put(f)
	return out, err
}

// refill tops the bit buffer up to at least 56 bits, or to all the input
// that is left.
func (f *inflater) refill() { f.pos, f.bits, f.nbits = refill(f.in, f.pos, f.bits, f.nbits) }

// refill tops the bit buffer b (nb bits) up to at least 56 bits, or to all
// the input that is left, reading in from pos.
func refill(in []byte, pos int, b uint64, nb uint) (int, uint64, uint) {
	if pos+8 <= len(in) {
		b |= binary.LittleEndian.Uint64(in[pos:]) << nb
		return pos + int(63-nb)>>3, b, nb | 56
	}
	for nb <= 56 && pos < len(in) {
		b |= uint64(in[pos]) << nb
		pos++
		nb += 8
	}
	return pos, b, nb
}

// need makes sure n bits are buffered.
func (f *inflater) need(n uint) error {
	if f.nbits < n {
		f.refill()
		if f.nbits < n {
			return ErrTruncated
		}
	}
	return nil
}

func (f *inflater) take(n uint) uint32 {
	v := uint32(f.bits & (1<<n - 1))
	f.bits >>= n
	f.nbits -= n
	return v
}

func (f *inflater) inflate(out []byte, start, lim int) ([]byte, error) {
	for {
		if err := f.need(3); err != nil {
			return out, err
		}
		hdr := f.take(3)
		var err error
		switch hdr >> 1 {
		case 0:
			out, err = f.stored(out, lim)
		case 1:
			out, err = f.codes(out, start, lim, &fixedLit, &fixedDist)
		case 2:
			if err = f.dynamic(); err == nil {
				out, err = f.codes(out, start, lim, &f.lit, &f.dist)
			}
		default:
			err = errBlockType
		}
		if err != nil {
			return out, err
		}
		if hdr&1 != 0 {
			// Drop the bits up to the byte boundary.
			f.take(f.nbits & 7)
			return out, nil
		}
	}
}

func (f *inflater) stored(out []byte, lim int) ([]byte, error) {
	f.take(f.nbits & 7)
	// Hand the whole bytes still buffered back to the input.
	f.pos -= int(f.nbits >> 3)
	f.bits, f.nbits = 0, 0
	if f.pos+4 > len(f.in) {
		return out, ErrTruncated
	}
	n := int(binary.LittleEndian.Uint16(f.in[f.pos:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(f.in[f.pos+2:]) {
		return out, errStoredLen
	}
	f.pos += 4
	if f.pos+n > len(f.in) {
		// Decode what is there first, as a streaming inflater would, so
		// that the limit is reported before truncation.
		avail := len(f.in) - f.pos
		if lim >= 0 && len(out)+avail > lim {
			return out, ErrTooLarge
		}
		return out, ErrTruncated
	}
	if lim >= 0 && len(out)+n > lim {
		return out, ErrTooLarge
	}
	out = append(out, f.in[f.pos:f.pos+n]...)
	f.pos += n
	return out, nil
}

func (f *inflater) dynamic() error {
	if err := f.need(14); err != nil {
		return err
	}
	nlit := int(f.take(5)) + 257
	ndist := int(f.take(5)) + 1
	nclen := int(f.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return errCounts
	}
	var cl [19]uint8
	for i := 0; i < nclen; i++ {
		if err := f.need(3); err != nil {
			return err
		}
		cl[clOrder[i]] = uint8(f.take(3))
	}
	clCount := countLens(cl[:])
	if err := buildTable(f.cl[:], cl[:], &clCount, clVals[:], clRoot, &f.work); err != nil {
		return err
	}
	// The code lengths: the bit buffer is kept in locals for the loop, and
	// the code-length code (at most 7 bits) needs no subtable. count gets
	// the histogram of all the lengths, for the tables.
	lens := f.lens[:nlit+ndist]
	var count [16]int
	in, pos, b, nb := f.in, f.pos, f.bits, f.nbits
	var err error
	for i := 0; i < len(lens); {
		if nb < 7+7 {
			pos, b, nb = refill(in, pos, b, nb)
		}
		e := f.cl[b&(1<<clRoot-1)]
		n := uint(e & 63)
		if n == 0 || n > nb {
			err = badCode(pos, len(in), nb)
			break
		}
		b >>= n
		nb -= n
		sym := int(e >> 16)
		if sym < 16 {
			lens[i] = uint8(sym)
			count[sym]++
			i++
			continue
		}
		// Repeat codes: 2, 3 or 7 extra bits.
		var rep int
		var val uint8
		xb := uint(2)
		switch sym {
		case 16:
			if i == 0 {
				err = errRepeat
			}
			rep = 3
		case 17:
			xb, rep = 3, 3
		default:
			xb, rep = 7, 11
		}
		if err != nil {
			break
		}
		if nb < xb {
			err = ErrTruncated
			break
		}
		rep += int(b & (1<<xb - 1))
		b >>= xb
		nb -= xb
		if sym == 16 {
			val = lens[i-1]
		}
		if i+rep > len(lens) {
			err = errRepeat
			break
		}
		count[val&15] += rep
		if r := lens[i : i+rep]; val == 0 {
			clear(r)
		} else {
			for j := range r {
				r[j] = val
			}
		}
		i += rep
	}
	f.pos, f.bits, f.nbits = pos, b, nb
	if err != nil {
		return err
	}
	if lens[256] == 0 {
		return errNoEOB
	}
	// The distance code's histogram is the short one to count.
	distCount := countLens(lens[nlit:])
	for l := range count {
		count[l] -= distCount[l]
	}
	if err := buildTable(f.lit[:], lens[:nlit], &count, litVals[:], litRoot, &f.work); err != nil {
		return err
	}
	return buildTable(f.dist[:], lens[nlit:], &distCount, distVals[:], distRoot, &f.work)
}

// codes decodes one Huffman-coded block.
//
// While at least 8 bytes of input are left, so that each refill can load 8
// at once, and the output has room for 3 more literals below both the
// limit and its capacity, fastCodes decodes. The rest takes the careful
// path here, which decodes one symbol at a time, checks everything and
// grows the output as needed.
func (f *inflater) codes(out []byte, start, lim int, lit *[litSize]uint32, dist *[distSize]uint32) ([]byte, error) {
	in, pos, b, nb := f.in, f.pos, f.bits, f.nbits
	o := len(out)
	buf := out[:cap(out)]
	end := outEnd(len(buf), lim)
	var err error
	for {
		if pos+8 <= len(in) && o+3 <= end {
			var eob bool
			var n int
			pos, b, nb, n, eob, err = fastCodes(in, pos, b, nb, buf[start:end], o-start, lit, dist)
			o = start + n
			if eob || err != nil {
				break
			}
		}

		// The careful path: one symbol.
		if nb < 15+5+15+13 {
			pos, b, nb = refill(in, pos, b, nb)
		}
		var e uint32
		var val int // a literal byte, or a match length
		e, val, b, nb, err = decodeSymbol(lit[:], litRoot, litMask, b, nb, pos, len(in))
		if err != nil {
			break
		}
		if e&litFlag != 0 {
			if o == lim {
				err = ErrTooLarge
				break
			}
			if o == len(buf) {
				buf = grow(buf, o, 1, len(in)-pos, lim)
				end = outEnd(len(buf), lim)
			}
			buf[o] = byte(val)
			o++
			continue
		}
		if e&eobFlag != 0 {
			break
		}
		length := val
		if nb < 15+13 {
			pos, b, nb = refill(in, pos, b, nb)
		}
		var distance int
		_, distance, b, nb, err = decodeSymbol(dist[:], distRoot, distMask, b, nb, pos, len(in))
		if err != nil {
			break
		}
		if distance > o-start {
			err = errDistance
			break
		}
		if lim >= 0 && o+length > lim {
			err = ErrTooLarge
			break
		}
		if o+length > len(buf) {
			buf = grow(buf, o, length, len(in)-pos, lim)
			end = outEnd(len(buf), lim)
		}
		copyMatch(buf, o, o-distance, length)
		o += length
	}
	f.pos, f.bits, f.nbits = pos, b, nb
	return buf[:o], err
}

// decodeSymbol is one step of codes' careful path: it decodes the next
// code of tab (rootBits wide at the root, sub-tables within mask) from the
// bit buffer b (nb bits) and returns its entry, its value (a literal's
// byte, or a length or distance base plus its extra bits) and the bit
// buffer after them. A reserved symbol is errCode; too few bits for the
// code are badCode's error, for its extra bits ErrTruncated.
func decodeSymbol(tab []uint32, rootBits uint, mask int, b uint64, nb uint, pos, inLen int) (uint32, int, uint64, uint, error) {
	e := tab[b&(1<<rootBits-1)]
	if e&linkFlag != 0 {
		e = tab[(int(e>>16)+int((b>>rootBits)&(1<<(e&63)-1)))&mask]
	}
	x := uint(e>>8) & 15
	n := uint(e&63) - x
	if n == 0 || n > nb {
		return e, 0, b, nb, badCode(pos, inLen, nb)
	}
	b >>= n
	nb -= n
	switch {
	case e&badFlag != 0:
		return e, 0, b, nb, errCode
	case e&(litFlag|eobFlag) != 0:
		return e, int(e>>16) & 0xff, b, nb, nil
	}
	v := int(e >> 16)
	if x != 0 {
		if nb < x {
			return e, 0, b, nb, ErrTruncated
		}
		v += int(b & (1<<x - 1))
		b >>= x
		nb -= x
	}
	return e, v, b, nb, nil
}

// fastCodes is the fast loop of codes: it decodes into out, the output of
// this stream so far (o bytes) with room to its length, from the bit
// buffer b (nb bits) and in at pos, and returns the new state. It stops at
// end-of-block (eob), at an error, or where codes' careful path must take
// over: fewer than 8 bytes of input or 3 of output left, or a match that
// does not fit the output with 15 bytes to spare, which it leaves undecoded.
// Within those bounds it needs no checks for running out of input or
// passing the limit. It is a function of its own so that its state fits
// in registers.
func fastCodes(in []byte, pos int, b uint64, nb uint, out []byte, o int, lit *[litSize]uint32, dist *[distSize]uint32) (int, uint64, uint, int, bool, error) {
	// Each pass starts after a refill that leaves at least 56 bits: enough
	// for a length and a distance with their extra bits (at most
	// 15+5+15+13), or for up to three literals (15 bits each at most) and
	// the root index of the next symbol. e is the root entry of the next
	// symbol, looked up ahead when enough bits are left.
	b |= binary.LittleEndian.Uint64(in[pos:]) << (nb & 63)
	pos += int(63-nb) >> 3
	nb |= 56
	e := lit[b&(1<<litRoot-1)]
	for {
		if e&litFlag != 0 {
			out[o] = byte(e >> 16)
			b >>= e & 63
			nb -= uint(e & 63)
			o++
			e = lit[b&(1<<litRoot-1)]
			if e&litFlag != 0 {
				out[o] = byte(e >> 16)
				b >>= e & 63
				nb -= uint(e & 63)
				o++
				e = lit[b&(1<<litRoot-1)]
				if e&litFlag != 0 {
					out[o] = byte(e >> 16)
					b >>= e & 63
					nb -= uint(e & 63)
					o++
					e = lit[b&(1<<litRoot-1)]
				}
			}
		} else {
			if e&linkFlag != 0 {
				e = lit[(int(e>>16)+int((b>>litRoot)&(1<<(e&63)-1)))&litMask]
			}
			if e&63 == 0 {
				return pos, b, nb, o, false, badCode(pos, len(in), nb)
			}
			if e&(litFlag|eobFlag|badFlag) != 0 {
				n := uint(e & 63)
				b >>= n
				nb -= n
				if e&litFlag == 0 {
					if e&eobFlag == 0 {
						return pos, b, nb, o, false, errCode
					}
					return pos, b, nb, o, true, nil
				}
				out[o] = byte(e >> 16)
				o++
			} else {
				x := uint(e>>8) & 15
				length := int(e>>16) + int(b>>(uint(e&63)-x)&(1<<x-1))
				b1, nb1 := b>>(e&63), nb-uint(e&63)
				e = dist[b1&(1<<distRoot-1)]
				if e&linkFlag != 0 {
					e = dist[(int(e>>16)+int((b1>>distRoot)&(1<<(e&63)-1)))&distMask]
				}
				if e&63 == 0 {
					return pos, b1, nb1, o, false, badCode(pos, len(in), nb1)
				}
				if e&badFlag != 0 {
					return pos, b1, nb1, o, false, errCode
				}
				x = uint(e>>8) & 15
				distance := int(e>>16) + int(b1>>(uint(e&63)-x)&(1<<x-1))
				if distance > o {
					return pos, b1, nb1, o, false, errDistance
				}
				if o+length+15 > len(out) {
					return pos, b, nb, o, false, nil
				}
				b, nb = b1>>(e&63), nb1-uint(e&63)
				// Copy in chunks, the last of which may write up to 15
				// bytes past the match. A chunk must not read bytes it is
				// to write: 16-byte chunks need a distance of 16 at least,
				// 8-byte ones of 8. At a distance under 8, the first 8
				// bytes go one by one, after which the output repeats with
				// a period of at least 8 (a multiple of the distance) that
				// 8-byte chunks copy instead.
				p := o - distance
				if distance >= 16 {
					for i := 0; i < length; i += 16 {
						*(*[16]byte)(out[o+i:]) = *(*[16]byte)(out[p+i:])
					}
				} else {
					i := 0
					if distance < 8 {
						for ; i < 8; i++ {
							out[o+i] = out[p+i]
						}
						p = o - int(period8[distance])
					}
					for ; i < length; i += 8 {
						binary.LittleEndian.PutUint64(out[o+i:], binary.LittleEndian.Uint64(out[p+i:]))
					}
				}
				o += length
			}
			// As few as 8 bits may be left: refill before the next
			// look-up.
			if pos+8 > len(in) || o+3 > len(out) {
				return pos, b, nb, o, false, nil
			}
			b |= binary.LittleEndian.Uint64(in[pos:]) << (nb & 63)
			pos += int(63-nb) >> 3
			nb |= 56
			e = lit[b&(1<<litRoot-1)]
			continue
		}
		if pos+8 > len(in) || o+3 > len(out) {
			return pos, b, nb, o, false, nil
		}
		b |= binary.LittleEndian.Uint64(in[pos:]) << (nb & 63)
		pos += int(63-nb) >> 3
		nb |= 56
	}
}

// outEnd returns how far codes' fast loop may write, for an output of
// capacity c and the limit lim.
func outEnd(c, lim int) int {
	if lim >= 0 {
		return min(c, lim)
	}
	return c
}

// grow returns buf (written up to o) resliced to its capacity, with room
// for need more bytes at least, and usually for more: four times the input
// left (inflated data rarely grows more) and a longest match, up to the
// limit, so that one allocation tends to suffice.
func grow(buf []byte, o, need, inLeft, lim int) []byte {
	n := 4*inLeft + 258
	if lim >= 0 {
		n = min(n, lim-o)
	}
	buf = slices.Grow(buf[:o], max(n, need))
	return buf[:cap(buf)]
}

// copyMatch copies the match of length bytes at buf[p:] to buf[o:], where
// p < o. When the match overlaps itself it repeats its first o-p bytes.
func copyMatch(buf []byte, o, p, length int) {
	end := o + length
	if o-p >= length {
		copy(buf[o:end], buf[p:])
		return
	}
	for o < end {
		o += copy(buf[o:end], buf[p:o])
	}
}

// period8 holds, for each distance under 8, its smallest multiple of at
// least 8.
var period8 = [8]uint8{0, 8, 8, 9, 8, 10, 12, 14}

// badCode reports a bit pattern that is no code: the input ran out, or
// the data is corrupt.
func badCode(pos, inLen int, nbits uint) error {
	if pos >= inLen && nbits < 15 {
		return ErrTruncated
	}
	return errCode
}
