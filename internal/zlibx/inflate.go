package zlibx

import (
	"encoding/binary"
	"errors"
	"hash/adler32"
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

// Huffman decoding tables. An entry is sym<<16 | flags | n, where n (low
// 5 bits) is the code length in bits; n == 0 marks a bit pattern that is no
// code. A root entry with linkFlag set points instead to a subtable at
// sym, indexed by the next n bits.
const (
	linkFlag = 1 << 8
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
	if err := buildTable(fixedLit[:], l[:], litRoot); err != nil {
		fixedTablesErr = err
	}
	if err := buildTable(fixedDist[:], d32[:], distRoot); err != nil {
		fixedTablesErr = err
	}
}

// buildTable fills tab from code lengths, with a root table of rootBits.
// Like compress/flate (and C zlib, for literal and distance codes), it
// accepts complete codes, a single code of length one, and no code at all
// (a table with only "no code" entries); anything else is an error.
func buildTable(tab []uint32, lens []uint8, rootBits uint) error {
	// Four histograms side by side keep the increments independent.
	var c4 [4][16]int32
	i := 0
	for ; i+4 <= len(lens); i += 4 {
		c4[0][lens[i]&15]++
		c4[1][lens[i+1]&15]++
		c4[2][lens[i+2]&15]++
		c4[3][lens[i+3]&15]++
	}
	for ; i < len(lens); i++ {
		c4[0][lens[i]&15]++
	}
	var count [16]int
	for l := 1; l < 16; l++ {
		count[l] = int(c4[0][l] + c4[1][l] + c4[2][l] + c4[3][l])
	}
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
	// Symbols sorted by (length, symbol): canonical code order.
	var offs [16]int
	for l := 1; l < 15; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var work [320]uint16
	for sym, l := range lens {
		if l != 0 {
			work[offs[l]] = uint16(sym)
			offs[l]++
		}
	}
	n := offs[maxLen] // after the fill, offs[l] ends the codes of length l
	root := int(rootBits)
	// Short codes: build the root table for lengths 1, 2, ... by doubling,
	// each code stored once at its own (bit-reversed) index; the doubling
	// copies it to every index that shares its bits.
	code := 0 // canonical code of the current symbol, MSB first
	i = 0
	size := 1
	for l := 1; l <= root; l++ {
		copy(tab[size:2*size], tab[:size])
		size <<= 1
		for k := count[l]; k > 0; k-- {
			tab[bits.Reverse16(uint16(code))>>(16-l)] = uint32(work[i])<<16 | uint32(l)
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
		e := uint32(work[i])<<16 | uint32(l)
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
// appended. src must not overlap the spare capacity of dst.
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
	if limit >= 0 {
		lim = start + limit
	}
	out, err := f.inflate(dst, start, lim)
	if err == nil {
		// The checksum starts at the next byte boundary.
		p := f.pos - int(f.nbits>>3)
		if p+4 > len(src) {
			err = ErrTruncated
		} else if binary.BigEndian.Uint32(src[p:]) != adler32.Checksum(out[start:]) {
			err = ErrChecksum
		}
	}
	f.in = nil
	inflaterPool.put(f)
	return out, err
}

// refill tops the bit buffer up to at least 56 bits, or to all the input
// that is left.
func (f *inflater) refill() {
	if f.pos+8 <= len(f.in) {
		f.bits |= binary.LittleEndian.Uint64(f.in[f.pos:]) << f.nbits
		f.pos += int(63-f.nbits) >> 3
		f.nbits |= 56
		return
	}
	for f.nbits <= 56 && f.pos < len(f.in) {
		f.bits |= uint64(f.in[f.pos]) << f.nbits
		f.pos++
		f.nbits += 8
	}
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
	if err := buildTable(f.cl[:], cl[:], clRoot); err != nil {
		return err
	}
	// The code lengths: the bit buffer is kept in locals for the loop, and
	// the code-length code (at most 7 bits) needs no subtable.
	lens := f.lens[:nlit+ndist]
	in, pos, b, nb := f.in, f.pos, f.bits, f.nbits
	var err error
	for i := 0; i < len(lens); {
		if nb < 7+7 {
			if pos+8 <= len(in) {
				b |= binary.LittleEndian.Uint64(in[pos:]) << nb
				pos += int(63-nb) >> 3
				nb |= 56
			} else {
				for nb <= 56 && pos < len(in) {
					b |= uint64(in[pos]) << nb
					pos++
					nb += 8
				}
			}
		}
		e := f.cl[b&(1<<clRoot-1)]
		n := uint(e & 31)
		if n == 0 || n > nb {
			err = badCode(pos, len(in), nb)
			break
		}
		b >>= n
		nb -= n
		sym := int(e >> 16)
		if sym < 16 {
			lens[i] = uint8(sym)
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
		for ; rep > 0; rep-- {
			lens[i] = val
			i++
		}
	}
	f.pos, f.bits, f.nbits = pos, b, nb
	if err != nil {
		return err
	}
	if lens[256] == 0 {
		return errNoEOB
	}
	if err := buildTable(f.lit[:], lens[:nlit], litRoot); err != nil {
		return err
	}
	return buildTable(f.dist[:], lens[nlit:], distRoot)
}

// codes decodes one Huffman-coded block.
func (f *inflater) codes(out []byte, start, lim int, lit *[litSize]uint32, dist *[distSize]uint32) ([]byte, error) {
	for {
		if f.nbits < 15+5+15+13 {
			f.refill()
		}
		e := lit[f.bits&(1<<litRoot-1)]
		if e&linkFlag != 0 {
			e = lit[(int(e>>16)+int((f.bits>>litRoot)&(1<<(e&31)-1)))&litMask]
		}
		n := uint(e & 31)
		if n == 0 || n > f.nbits {
			return out, f.badCode()
		}
		f.bits >>= n
		f.nbits -= n
		sym := int(e >> 16)
		if sym < 256 {
			if len(out) == lim {
				return out, ErrTooLarge
			}
			out = append(out, byte(sym))
			continue
		}
		if sym == 256 {
			return out, nil
		}
		sym -= 257
		if sym >= 29 {
			return out, errCode
		}
		length := int(lenBase[sym])
		if e := uint(extraLBits[sym]); e != 0 {
			if f.nbits < e {
				return out, ErrTruncated
			}
			length += int(uint32(f.bits) & (1<<e - 1))
			f.bits >>= e
			f.nbits -= e
		}
		if f.nbits < 15+13 {
			f.refill()
		}
		e = dist[f.bits&(1<<distRoot-1)]
		if e&linkFlag != 0 {
			e = dist[(int(e>>16)+int((f.bits>>distRoot)&(1<<(e&31)-1)))&distMask]
		}
		n = uint(e & 31)
		if n == 0 || n > f.nbits {
			return out, f.badCode()
		}
		f.bits >>= n
		f.nbits -= n
		d := int(e >> 16)
		if d >= 30 {
			return out, errCode
		}
		distance := int(distBase[d])
		if e := uint(extraDBits[d]); e != 0 {
			if f.nbits < e {
				return out, ErrTruncated
			}
			distance += int(uint32(f.bits) & (1<<e - 1))
			f.bits >>= e
			f.nbits -= e
		}
		n0 := len(out)
		if distance > n0-start {
			return out, errDistance
		}
		if lim >= 0 && n0+length > lim {
			return out, ErrTooLarge
		}
		out = slices.Grow(out, length)
		out = out[:n0+length]
		p := n0 - distance
		if distance >= length {
			copy(out[n0:], out[p:p+length])
		} else {
			for i := 0; i < length; {
				i += copy(out[n0+i:], out[p:n0+i])
			}
		}
	}
}

// badCode reports a bit pattern that is no code: the input ran out, or
// the data is corrupt.
func (f *inflater) badCode() error { return badCode(f.pos, len(f.in), f.nbits) }

func badCode(pos, inLen int, nbits uint) error {
	if pos >= inLen && nbits < 15 {
		return ErrTruncated
	}
	return errCode
}
