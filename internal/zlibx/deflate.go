package zlibx

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// Parameters of C zlib's deflateInit2(level 6, Z_DEFLATED, windowBits 15,
// memLevel 8, Z_DEFAULT_STRATEGY), which is what CPython's zlib.compress
// uses. Every one of them shapes the output bits, so none is tunable.
const (
	wSize        = 1 << 15   // sliding window (w_size)
	windowSize   = 2 * wSize // the window buffer holds two halves
	hashBits     = 15        // memLevel + 7
	hashSize     = 1 << hashBits
	hashMask     = hashSize - 1
	hashShift    = 5 // (hashBits + minMatch - 1) / minMatch
	minMatch     = 3
	maxMatch     = 258
	minLookahead = maxMatch + minMatch + 1
	maxDist      = wSize - minLookahead // farthest usable match distance
	tooFar       = 4096                 // length-3 matches farther than this are dropped
	winInit      = maxMatch             // bytes zeroed past the data (zlib's high-water mark)

	// Level 6 row of zlib's configuration table (deflate_slow).
	goodLength = 8
	maxLazy    = 16
	niceLength = 128
	maxChain   = 128

	litBufSize = 1 << 14        // 1 << (memLevel + 6)
	symLimit   = litBufSize - 1 // a block is flushed when this many symbols are buffered

	// window slack: the 8-byte match comparison may read a few bytes past
	// the last byte zlib itself would look at.
	windowSlack = 16
)

// compressor is the state of one deflate_slow run. It is large (about 480
// KB, mostly the window and hash chains) and recycled through a statePool;
// only head needs clearing between runs, and compress leaves it clear: the
// chains are written before they are read, and the window bytes past the
// input are zeroed the way zlib does it.
type compressor struct {
	window [windowSize + windowSlack]byte
	// prev is zlib's prev, indexed by the window position itself rather
	// than by the position modulo wSize: both halves of the window have
	// their own links, so a chain walk needs no masking and slideHash
	// moves the upper half down. A link zlib would have overwritten is
	// never read, so the chains are the same.
	prev [windowSize]uint16
	// prev2 holds, for each position, the link two steps down its chain
	// (prev[prev[p]]), so that longestMatch can load the next link but one
	// without waiting for the next.
	prev2 [windowSize]uint16
	head  [hashSize]uint16 // the newest position of each hash chain, 0 for none

	in []byte // input not yet copied into the window

	// strstart, lookahead and matchStart live in deflateSlow's locals
	// and are stored here for fillWindow and flushBlock.
	strstart, lookahead int
	blockStart          int
	matchStart          int
	highWater           int
	// drained is set once all input is in the window and the high-water
	// zeroing is done: fillWindow then has nothing to do until a slide.
	drained bool

	syms  [litBufSize]uint32 // dist<<8 | (length-3), or a literal byte with dist 0
	nsyms int

	trees
	out    []byte
	bitBuf uint64
	bitCnt uint
}

var compressorPool statePool[compressor]

// compressBound is zlib's compressBound: the largest zlib stream that
// level 6 can produce for n input bytes.
func compressBound(n int) int {
	return n + n>>12 + n>>14 + n>>25 + 13 + 6
}

// AppendCompress appends to dst the zlib stream (RFC 1950) that C zlib
// 1.2.13 produces for src with compress() at the default level 6, byte for
// byte: a 78 9c header, the deflate data of zlib's lazy-matching
// compressor and the big-endian Adler-32 of src. This is what Python's
// zlib.compress returns, and so what Flask and itsdangerous put in a
// compressed session cookie.
//
// It does not allocate when dst has room for zlib's compressBound of
// len(src) more bytes (n + n>>12 + n>>14 + n>>25 + 19). dst must not
// overlap src.
func AppendCompress(dst, src []byte) []byte {
	dst = slices.Grow(dst, compressBound(len(src)))
	c := compressorPool.get()
	dst = c.compress(dst, src)
	c.in = nil
	c.out = nil
	compressorPool.put(c)
	return dst
}

func (c *compressor) reset(src []byte) {
	c.in = src
	c.strstart, c.lookahead, c.blockStart = 0, 0, 0
	c.matchStart = 0
	c.highWater = 0
	c.drained = false
	c.bitBuf, c.bitCnt = 0, 0
	c.initBlock()
}

func (c *compressor) compress(dst, src []byte) []byte {
	c.reset(src)
	c.out = append(dst, 0x78, 0x9c)
	c.deflateSlow()
	c.clearHead()
	sum := adler32Sum(src)
	c.out = binary.BigEndian.AppendUint32(c.out, sum)
	return c.out
}

// insertString is INSERT_STRING: link position p into its hash chain and
// return the previous head of the chain (0 for none).
func (c *compressor) insertString(p int) int {
	h := hash3(binary.LittleEndian.Uint32(c.window[p : p+4]))
	head := c.head[h]
	c.prev[uint16(p)] = head
	c.prev2[uint16(p)] = c.prev[head]
	c.head[h] = uint16(p)
	return int(head)
}

// clearHead empties the hash heads for the next run: every nonzero head
// is a position in the window, hashed from the window bytes there, so for
// a short input rehashing its positions finds them all. Past a few hundred
// positions clearing the whole table is faster.
func (c *compressor) clearHead() {
	if c.strstart >= hashSize/64 {
		clear(c.head[:])
		return
	}
	for p := range c.strstart {
		c.head[hash3(binary.LittleEndian.Uint32(c.window[p:p+4]))] = 0
	}
}

// insertStrings inserts the positions from through to, in order.
func (c *compressor) insertStrings(from, to int) {
	for p := from; p <= to; p++ {
		c.insertString(p)
	}
}

// hash3 is zlib's ins_h for a position whose first bytes are the low bytes
// of x. zlib rolls the hash (h = h<<hashShift ^ next byte, masked) and
// inserts positions in order from the two bytes fill_window primes it
// with, so a byte's bits leave the hash after three steps and ins_h at p
// depends on the bytes p, p+1 and p+2 alone. Computing it from them frees
// each insertion from waiting for the one before.
func hash3(x uint32) uint32 {
	return x<<(2*hashShift)&hashMask ^ x>>(8-hashShift)&(0xff<<hashShift) ^ x>>16&0xff
}

// fillWindow is zlib's fill_window for a caller that supplies all of its
// input at once, including the window slide, the partial copy it makes and
// the high-water zeroing that decides what longest_match sees past the end
// of the data.
func (c *compressor) fillWindow() {
	for {
		more := windowSize - c.lookahead - c.strstart
		if c.strstart >= wSize+maxDist {
			copy(c.window[:wSize-more], c.window[wSize:2*wSize-more])
			c.matchStart -= wSize
			c.strstart -= wSize
			c.blockStart -= wSize
			c.slideHash()
			more += wSize
		}
		if len(c.in) == 0 {
			break
		}
		p := c.strstart + c.lookahead
		n := copy(c.window[p:p+more], c.in)
		c.in = c.in[n:]
		c.lookahead += n
		if c.lookahead >= minLookahead || len(c.in) == 0 {
			break
		}
	}
	if c.highWater < windowSize {
		curr := c.strstart + c.lookahead
		if c.highWater < curr {
			init := min(windowSize-curr, winInit)
			clear(c.window[curr : curr+init])
			c.highWater = curr + init
		} else if c.highWater < curr+winInit {
			init := min(curr+winInit-c.highWater, windowSize-c.highWater)
			clear(c.window[c.highWater : c.highWater+init])
			c.highWater += init
		}
	}
	// With the input drained, strstart+lookahead stays put, so later calls
	// only matter when the window must slide.
	c.drained = len(c.in) == 0
}

// slideHash is zlib's slide_hash: every chain position moves down by
// wSize, and positions that fall off the window become NIL. The links of
// the upper half of the window move to the lower half with them.
func (c *compressor) slideHash() {
	for i, m := range c.head {
		c.head[i] = slid(m)
	}
	prev, prev2 := c.prev[:wSize], c.prev2[:wSize]
	for i, m := range c.prev[wSize:] {
		prev[i] = slid(m)
	}
	for i, m := range c.prev2[wSize:] {
		prev2[i] = slid(m)
	}
}

// slid is a chain position after a slide: wSize less, or NIL.
func slid(m uint16) uint16 {
	if m >= wSize {
		return m - wSize
	}
	return 0
}

// longestMatch is zlib's longest_match for the string at scan, with
// lookahead bytes of data from there: walk the hash chain from cur, at most
// maxChain links (a quarter when the previous match is already good), and
// return the length and start of the longest match longer than prevLength,
// the first one found winning ties. Without one it returns prevLength (at
// most lookahead) and matchStart unchanged, as zlib leaves match_start.
func (c *compressor) longestMatch(cur, scan, prevLength, lookahead, matchStart int) (int, int) {
	chain := maxChain
	win := &c.window
	prev2 := &c.prev2
	next := int(c.prev[uint16(cur)]) // the link after cur
	bestLen := prevLength
	nice := min(niceLength, lookahead)
	limit := max(scan-maxDist, 0)
	if bestLen >= goodLength {
		chain >>= 2
	}
	scanEnd1, scanEnd := win[scan+bestLen-1], win[scan+bestLen]
	s0, s1 := win[scan], win[scan+1]
	for {
		if win[cur+bestLen] == scanEnd && win[cur+bestLen-1] == scanEnd1 && win[cur] == s0 && win[cur+1] == s1 {
			// Bytes 0 and 1 are equal and the hash makes byte 2 equal; zlib
			// compares from byte 3 to byte 257, bytes past the input
			// included.
			l := 3 + matchLen(win[scan+3:scan+maxMatch+8], win[cur+3:cur+maxMatch+8], maxMatch-3)
			if l > bestLen {
				matchStart = cur
				bestLen = l
				if l >= nice {
					break
				}
				scanEnd1, scanEnd = win[scan+bestLen-1], win[scan+bestLen]
			}
		}
		if next <= limit {
			break
		}
		chain--
		if chain == 0 {
			break
		}
		cur, next = next, int(prev2[uint16(cur)])
	}
	return min(bestLen, lookahead), matchStart
}

// matchLen counts equal leading bytes of a and b, up to max. Both slices
// have at least max+8 bytes.
func matchLen(a, b []byte, max int) int {
	n := 0
	for n < max {
		x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:])
		if x != 0 {
			n += bits.TrailingZeros64(x) >> 3
			break
		}
		n += 8
	}
	if n > max {
		n = max
	}
	return n
}

func (c *compressor) tallyLit(b byte) bool {
	c.syms[c.nsyms] = uint32(b)
	c.nsyms++
	c.lt.freq[b]++
	c.used[b>>6] |= 1 << (b & 63)
	return c.nsyms == symLimit
}

func (c *compressor) tallyDist(dist, lc int) bool {
	c.syms[c.nsyms] = uint32(dist)<<8 | uint32(lc)
	c.nsyms++
	lsym := int(lengthCode[lc]) + literals + 1
	c.lt.freq[lsym]++
	c.used[lsym>>6] |= 1 << (lsym & 63)
	dsym := distCode(dist - 1)
	c.dt.freq[dsym]++
	c.used[5] |= 1 << dsym
	return c.nsyms == symLimit
}

// deflateSlow is zlib's deflate_slow with flush = Z_FINISH: lazy matching,
// where a match is emitted only if the match starting at the next byte is
// not longer. The state that changes at every byte stays in locals.
func (c *compressor) deflateSlow() {
	strstart, lookahead, matchStart := c.strstart, c.lookahead, c.matchStart
	matchLength := minMatch - 1
	matchAvailable := false
	for {
		if lookahead < minLookahead && (!c.drained || strstart >= wSize+maxDist) {
			c.strstart, c.lookahead, c.matchStart = strstart, lookahead, matchStart
			c.fillWindow()
			strstart, lookahead, matchStart = c.strstart, c.lookahead, c.matchStart
		}
		if lookahead == 0 {
			break
		}
		hashHead := 0
		if lookahead >= minMatch {
			hashHead = c.insertString(strstart)
		}
		prevLength, prevMatch := matchLength, matchStart
		matchLength = minMatch - 1
		if hashHead != 0 && prevLength < maxLazy && strstart-hashHead <= maxDist {
			matchLength, matchStart = c.longestMatch(hashHead, strstart, prevLength, lookahead, matchStart)
			if matchLength == minMatch && strstart-matchStart > tooFar {
				matchLength = minMatch - 1
			}
		}
		if prevLength >= minMatch && matchLength <= prevLength {
			// Emit the previous match and hash the strings it covers,
			// except those too close to the end of the input.
			flush := c.tallyDist(strstart-1-prevMatch, prevLength-minMatch)
			c.insertStrings(strstart+1, min(strstart+prevLength-2, strstart+lookahead-minMatch))
			strstart += prevLength - 1
			lookahead -= prevLength - 1
			matchAvailable = false
			matchLength = minMatch - 1
			if flush {
				c.strstart = strstart
				c.flushBlock(false)
			}
		} else if matchAvailable {
			if c.tallyLit(c.window[strstart-1]) {
				c.strstart = strstart
				c.flushBlock(false)
			}
			strstart++
			lookahead--
		} else {
			matchAvailable = true
			strstart++
			lookahead--
		}
	}
	if matchAvailable {
		c.tallyLit(c.window[strstart-1])
	}
	c.strstart = strstart
	c.flushBlock(true)
}

// flushBlock is FLUSH_BLOCK_ONLY: emit the block of window bytes
// [blockStart, strstart) whose symbols are buffered.
func (c *compressor) flushBlock(last bool) {
	var stored []byte
	haveStored := c.blockStart >= 0
	if haveStored {
		stored = c.window[c.blockStart:c.strstart]
	}
	c.flushTrees(stored, c.strstart-c.blockStart, haveStored, last)
	c.blockStart = c.strstart
}

// sendBits appends the n low bits of v to the bit stream, LSB first.
func (c *compressor) sendBits(v uint32, n uint) {
	c.bitBuf |= uint64(v) << c.bitCnt
	c.bitCnt += n
	if c.bitCnt >= 32 {
		c.out = binary.LittleEndian.AppendUint32(c.out, uint32(c.bitBuf))
		c.bitBuf >>= 32
		c.bitCnt -= 32
	}
}

// windup flushes the bit buffer, padding the last byte with zeros.
func (c *compressor) windup() {
	for c.bitCnt > 0 {
		c.out = append(c.out, byte(c.bitBuf))
		c.bitBuf >>= 8
		if c.bitCnt < 8 {
			c.bitCnt = 0
		} else {
			c.bitCnt -= 8
		}
	}
	c.bitBuf = 0
}

// bitSender is a copy of the bit buffer for a loop of sends: small enough
// to stay in registers, where sendBits goes through the compressor.
type bitSender struct {
	buf uint64
	n   uint // bits in buf, fewer than 32 between sends
	out *[]byte
}

// sender copies the bit buffer out for a loop of sends.
func (c *compressor) sender() bitSender { return bitSender{c.bitBuf, c.bitCnt, &c.out} }

// done stores the bit buffer back.
func (c *compressor) done(w bitSender) { c.bitBuf, c.bitCnt = w.buf, w.n }

// send is sendBits: it returns w with the n low bits of v (n at most 32)
// appended to the bit stream, LSB first. Passing the buffer by value keeps
// it in registers.
func (w bitSender) send(v uint32, n uint) bitSender {
	w.buf |= uint64(v) << (w.n & 63) // n < 32: the mask only spares a check
	w.n += n
	if w.n >= 32 {
		*w.out = binary.LittleEndian.AppendUint32(*w.out, uint32(w.buf))
		w.buf >>= 32
		w.n -= 32
	}
	return w
}
