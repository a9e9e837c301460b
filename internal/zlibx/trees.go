package zlibx

import "math/bits"

// Block encoding as zlib's trees.c does it: Huffman trees built with the
// same heap and the same tie-breaks (equal frequencies go to the shallower
// subtree first), the same length limiting, the same run-length coding of
// code lengths, and the same choice between stored, fixed and dynamic
// blocks. Any difference here changes the output bits.

const (
	literals   = 256
	lengthCods = 29
	lCodes     = literals + 1 + lengthCods // 286
	dCodes     = 30
	blCodes    = 19
	heapSize   = 2*lCodes + 1
	maxBits    = 15
	maxBLBits  = 7
	endBlock   = 256
	rep3to6    = 16
	repz3to10  = 17
	repz11to38 = 18
)

var extraLBits = [lengthCods]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
var extraDBits = [dCodes]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
var extraBLBits = [blCodes]uint8{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7}
var blOrder = [blCodes]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

var (
	lengthCode [256]uint8 // match length - 3 -> length code 0..28
	baseLength [lengthCods]uint16
	distCodes  [512]uint8 // see distCode
	baseDist   [dCodes]uint16

	staticLLen  [lCodes + 2]uint8
	staticLCode [lCodes + 2]uint16
	staticDLen  [dCodes]uint8
	staticDCode [dCodes]uint16
)

func init() {
	length := 0
	code := 0
	for code = 0; code < lengthCods-1; code++ {
		baseLength[code] = uint16(length)
		for n := 0; n < 1<<extraLBits[code]; n++ {
			lengthCode[length] = uint8(code)
			length++
		}
	}
	// Length 258 has its own code (285) rather than 284 with 31 extra.
	// zlib leaves its base 0, harmless there as no extra bits are sent;
	// here the extra value is always computed, and must be 0.
	lengthCode[length-1] = uint8(code)
	baseLength[code] = uint16(length - 1)

	dist := 0
	for code = 0; code < 16; code++ {
		baseDist[code] = uint16(dist)
		for n := 0; n < 1<<extraDBits[code]; n++ {
			distCodes[dist] = uint8(code)
			dist++
		}
	}
	dist >>= 7
	for ; code < dCodes; code++ {
		baseDist[code] = uint16(dist << 7)
		for n := 0; n < 1<<(extraDBits[code]-7); n++ {
			distCodes[256+dist] = uint8(code)
			dist++
		}
	}

	var count [maxBits + 1]uint16
	for n := 0; n <= 143; n++ {
		staticLLen[n] = 8
	}
	for n := 144; n <= 255; n++ {
		staticLLen[n] = 9
	}
	for n := 256; n <= 279; n++ {
		staticLLen[n] = 7
	}
	for n := 280; n <= 287; n++ {
		staticLLen[n] = 8
	}
	for _, l := range staticLLen {
		count[l]++
	}
	var lens [lCodes + 2]uint16
	for i, l := range staticLLen {
		lens[i] = uint16(l)
	}
	canonicalCodes(lens[:], staticLCode[:], len(lens)-1, &count)
	for n := range staticDLen {
		staticDLen[n] = 5
		staticDCode[n] = reverseBits(uint16(n), 5)
	}
}

// distCode maps a distance minus one (0..32767) to its distance code.
func distCode(d int) int {
	if d < 256 {
		return int(distCodes[d])
	}
	return int(distCodes[256+d>>7])
}

func reverseBits(code uint16, n int) uint16 {
	return bits.Reverse16(code) >> (16 - n)
}

// canonicalCodes is gen_codes: assign bit-reversed canonical codes to the
// symbols 0..maxCode from their lengths and the per-length counts.
func canonicalCodes(lens []uint16, codes []uint16, maxCode int, count *[maxBits + 1]uint16) {
	var next [maxBits + 1]uint16
	code := uint16(0)
	for b := 1; b <= maxBits; b++ {
		code = (code + count[b-1]) << 1
		next[b] = code
	}
	for n := 0; n <= maxCode; n++ {
		l := lens[n]
		if l == 0 {
			continue
		}
		codes[n] = reverseBits(next[l], int(l))
		next[l]++
	}
}

// htree is one of zlib's ct_data arrays, split into fields: leaves first,
// then the internal nodes built over them.
type htree struct {
	freq [heapSize]uint32
	dad  [heapSize]uint16
	len  [heapSize]uint16
	code [heapSize]uint16
	// coded marks the symbols buildTree gave a code (a nonzero length).
	coded [5]uint64
}

// treeKind is zlib's static_tree_desc.
type treeKind struct {
	static    []uint8 // fixed-code lengths, nil for the bit-length tree
	extra     []uint8
	extraBase int
	elems     int
	maxLength int
}

var (
	lKind  = treeKind{staticLLen[:], extraLBits[:], literals + 1, lCodes, maxBits}
	dKind  = treeKind{staticDLen[:], extraDBits[:], 0, dCodes, maxBits}
	blKind = treeKind{nil, extraBLBits[:], 0, blCodes, maxBLBits}
)

type trees struct {
	lt, dt, bt htree
	// heap holds freq<<24 | depth<<16 | node: comparing the bits above
	// the node is zlib's "smaller" (frequency, then depth).
	heap       [heapSize]uint64
	heapLen    int
	heapMax    int
	blCount    [maxBits + 1]uint16
	optLen     int
	staticLen  int
	lMax, dMax int

	// used marks the symbols with a nonzero frequency (literal/length
	// codes in words 0-4, distance codes in word 5), so that building a
	// tree visits only them.
	used [6]uint64
	// ops records the bit-length symbols (low 5 bits) and their extra
	// bits (above) that scanTree chose, for sendAllTrees to replay.
	ops  [lCodes + dCodes]uint16
	nops int
}

func (c *compressor) initBlock() {
	clear(c.lt.freq[:lCodes])
	clear(c.dt.freq[:dCodes])
	clear(c.bt.freq[:blCodes])
	c.lt.freq[endBlock] = 1
	c.used = [6]uint64{4: 1 << (endBlock - 256)}
	c.optLen, c.staticLen = 0, 0
	c.nsyms = 0
}

// smaller is zlib's heap order on packed entries: by frequency, then by
// subtree depth, equal keys counting as smaller.
func smaller(a, b uint64) bool { return a>>16 <= b>>16 }

// pqdownheap is zlib's pqdownheap: sift the entry at k down to its
// place. The slot after the last entry holds heapEnd, which is never
// smaller, so that a node's second child can be read without a check.
func (t *trees) pqdownheap(k int) {
	n := t.heapLen
	h := t.heap[:n+2]
	v := h[k]
	for j := k << 1; j <= n; j = k << 1 {
		hj := h[j]
		if hr := h[j+1]; smaller(hr, hj) {
			j++
			hj = hr
		}
		if smaller(v, hj) {
			break
		}
		h[k] = hj
		k = j
	}
	h[k] = v
}

// heapEnd marks the end of the heap: a frequency no node has.
const heapEnd = ^uint64(0)

func heapEntry(freq uint32, depth uint8, node int) uint64 {
	return uint64(freq)<<24 | uint64(depth)<<16 | uint64(node)
}

// buildTree is build_tree: it sets the code lengths and codes of tr and
// adds the block's cost under this tree (and under the fixed tree) to
// optLen (staticLen). It returns the largest symbol with a code.
func (t *trees) buildTree(tr *htree, k *treeKind, used []uint64) int {
	maxCode := -1
	t.heapLen = 0
	t.heapMax = heapSize
	// Symbols without a frequency get length 0; the others are heaped in
	// increasing order, as zlib's scan of the frequencies does.
	clear(tr.len[:k.elems])
	var have [6]uint64
	copy(have[:], used)
	for w, word := range used {
		for word != 0 {
			n := w<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			t.heapLen++
			t.heap[t.heapLen] = heapEntry(tr.freq[n], 0, n)
			maxCode = n
		}
	}
	// A code needs two symbols at least: zlib adds symbol 0, 1 or 2 with a
	// pretend frequency of 1 and takes its cost back out.
	for t.heapLen < 2 {
		node := 0
		if maxCode < 2 {
			maxCode++
			node = maxCode
		}
		t.heapLen++
		t.heap[t.heapLen] = heapEntry(1, 0, node)
		tr.freq[node] = 1
		have[0] |= 1 << node
		t.optLen--
		if k.static != nil {
			t.staticLen -= int(k.static[node])
		}
	}
	t.heap[t.heapLen+1] = heapEnd
	for n := t.heapLen / 2; n >= 1; n-- {
		t.pqdownheap(n)
	}
	node := k.elems
	for {
		n := t.heap[1]
		t.heap[1] = t.heap[t.heapLen]
		t.heap[t.heapLen] = heapEnd
		t.heapLen--
		t.pqdownheap(1)
		m := t.heap[1]
		t.heapMax--
		t.heap[t.heapMax] = n
		t.heapMax--
		t.heap[t.heapMax] = m
		dn, dm := uint8(n>>16), uint8(m>>16)
		d := dn
		if dm > d {
			d = dm
		}
		tr.dad[n&0xffff] = uint16(node)
		tr.dad[m&0xffff] = uint16(node)
		t.heap[1] = heapEntry(uint32(n>>24)+uint32(m>>24), d+1, node)
		node++
		t.pqdownheap(1)
		if t.heapLen < 2 {
			break
		}
	}
	t.heapMax--
	t.heap[t.heapMax] = t.heap[1]
	t.genBitlen(tr, k, maxCode)
	// gen_codes, visiting only the symbols with a length.
	var next [maxBits + 1]uint16
	code := uint16(0)
	for b := 1; b <= maxBits; b++ {
		code = (code + t.blCount[b-1]) << 1
		next[b] = code
	}
	copy(tr.coded[:], have[:len(used)])
	for w, word := range have[:len(used)] {
		for word != 0 {
			n := w<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			l := tr.len[n]
			tr.code[n] = reverseBits(next[l], int(l))
			next[l]++
		}
	}
	return maxCode
}

// genBitlen is gen_bitlen: code lengths from the tree, limited to
// k.maxLength by zlib's overflow repair.
func (t *trees) genBitlen(tr *htree, k *treeKind, maxCode int) {
	clear(t.blCount[:])
	tr.len[t.heap[t.heapMax]&0xffff] = 0
	overflow := 0
	h := t.heapMax + 1
	for ; h < heapSize; h++ {
		n := int(t.heap[h] & 0xffff)
		b := int(tr.len[tr.dad[n]]) + 1
		if b > k.maxLength {
			b = k.maxLength
			overflow++
		}
		tr.len[n] = uint16(b)
		if n > maxCode {
			continue
		}
		t.blCount[b]++
		xbits := 0
		if n >= k.extraBase {
			xbits = int(k.extra[n-k.extraBase])
		}
		f := int(tr.freq[n])
		t.optLen += f * (b + xbits)
		if k.static != nil {
			t.staticLen += f * (int(k.static[n]) + xbits)
		}
	}
	if overflow == 0 {
		return
	}
	for {
		b := k.maxLength - 1
		for t.blCount[b] == 0 {
			b--
		}
		t.blCount[b]--
		t.blCount[b+1] += 2
		t.blCount[k.maxLength]--
		overflow -= 2
		if overflow <= 0 {
			break
		}
	}
	for b := k.maxLength; b != 0; b-- {
		n := int(t.blCount[b])
		for n != 0 {
			h--
			m := int(t.heap[h] & 0xffff)
			if m > maxCode {
				continue
			}
			if int(tr.len[m]) != b {
				t.optLen += (b - int(tr.len[m])) * int(tr.freq[m])
				tr.len[m] = uint16(b)
			}
			n--
		}
	}
}

// scanTree is scan_tree: choose the bit-length symbols (runs included)
// that send the lengths of tr, count them, and record them for sending.
// It goes run by run, stepping over runs of zeros with tr.coded.
func (t *trees) scanTree(tr *htree, maxCode int) {
	lens := tr.len[:maxCode+1]
	for n := 0; n <= maxCode; {
		v := lens[n]
		end := n + 1
		if v == 0 {
			end = min(nextCoded(&tr.coded, n), maxCode+1)
		} else {
			for end <= maxCode && lens[end] == v {
				end++
			}
		}
		t.scanRun(int(v), end-n)
		n = end
	}
}

// nextCoded returns the first symbol from n on that has a code, or a
// number past every symbol.
func nextCoded(coded *[5]uint64, n int) int {
	w := n >> 6
	if w >= len(coded) {
		return n
	}
	word := coded[w] >> (n & 63) << (n & 63)
	for word == 0 {
		w++
		if w == len(coded) {
			return w << 6
		}
		word = coded[w]
	}
	return w<<6 | bits.TrailingZeros64(word)
}

// scanRun records what scan_tree emits for a run of n lengths v (a run
// that the lengths before and after do not continue). zlib cuts a run of
// zeros every 138 and sends each piece as zeros (fewer than 3) or a
// repeat-zero code; it sends a run of another length as the length
// itself, then pieces of at most 6 as copies of the previous length
// (fewer than 3 as the length itself), the first piece being at most 7
// with the length (3 or fewer lengths alone).
func (t *trees) scanRun(v, n int) {
	bl := &t.bt.freq
	ops := &t.ops
	k := t.nops
	if v == 0 {
		for n > 0 {
			m := min(n, 138)
			n -= m
			switch {
			case m < 3:
				bl[0] += uint32(m)
				for ; m > 0; m-- {
					ops[k] = 0
					k++
				}
			case m <= 10:
				bl[repz3to10]++
				ops[k] = repz3to10 | uint16(m-3)<<5
				k++
			default:
				bl[repz11to38]++
				ops[k] = repz11to38 | uint16(m-11)<<5
				k++
			}
		}
		t.nops = k
		return
	}
	first, minRep := 7, 4
	for n > 0 {
		m := min(n, first)
		n -= m
		if m < minRep {
			bl[v] += uint32(m)
			for ; m > 0; m-- {
				ops[k] = uint16(v)
				k++
			}
		} else {
			if first == 7 {
				bl[v]++
				ops[k] = uint16(v)
				k++
				m--
			}
			bl[rep3to6]++
			ops[k] = rep3to6 | uint16(m-3)<<5
			k++
		}
		first, minRep = 6, 3
	}
	t.nops = k
}

// extraOpBits is the number of extra bits after each bit-length symbol.
var extraOpBits = [blCodes]uint8{16: 2, 17: 3, 18: 7}

// buildBLTree is build_bl_tree; it returns the index in blOrder of the
// last bit-length code to send.
func (c *compressor) buildBLTree() int {
	c.nops = 0
	c.scanTree(&c.lt, c.lMax)
	c.scanTree(&c.dt, c.dMax)
	var used uint64
	for n, f := range c.bt.freq[:blCodes] {
		if f != 0 {
			used |= 1 << n
		}
	}
	c.buildTree(&c.bt, &blKind, []uint64{used})
	maxIndex := blCodes - 1
	for ; maxIndex >= 3; maxIndex-- {
		if c.bt.len[blOrder[maxIndex]] != 0 {
			break
		}
	}
	c.optLen += 3*(maxIndex+1) + 5 + 5 + 4
	return maxIndex
}

// flushTrees is _tr_flush_block: pick the cheapest of a stored, a
// fixed-code and a dynamic-code block and emit it.
func (c *compressor) flushTrees(stored []byte, storedLen int, haveStored, last bool) {
	c.lMax = c.buildTree(&c.lt, &lKind, c.used[:5])
	c.dMax = c.buildTree(&c.dt, &dKind, c.used[5:])
	maxBLIndex := c.buildBLTree()
	optLenb := (c.optLen + 3 + 7) >> 3
	staticLenb := (c.staticLen + 3 + 7) >> 3
	if staticLenb <= optLenb {
		optLenb = staticLenb
	}
	lastBit := uint32(0)
	if last {
		lastBit = 1
	}
	switch {
	case storedLen+4 <= optLenb && haveStored:
		c.sendBits(lastBit, 3) // STORED_BLOCK
		c.windup()
		c.out = append(c.out, byte(storedLen), byte(storedLen>>8), ^byte(storedLen), ^byte(storedLen>>8))
		c.out = append(c.out, stored...)
	case staticLenb == optLenb:
		c.sendBits(2|lastBit, 3) // STATIC_TREES
		c.compressBlock(staticLCode[:], staticLLen[:], staticDCode[:], staticDLen[:])
	default:
		c.sendBits(4|lastBit, 3) // DYN_TREES
		c.sendAllTrees(c.lMax+1, c.dMax+1, maxBLIndex+1)
		c.compressBlockDyn()
	}
	c.initBlock()
	if last {
		c.windup()
	}
}

// sendAllTrees is send_all_trees: the tree sizes, the bit-length code
// lengths, then both trees' code lengths as scanTree recorded them.
func (c *compressor) sendAllTrees(lcodes, dcodes, blcodes int) {
	w := c.sender()
	w = w.send(uint32(lcodes-257)|uint32(dcodes-1)<<5|uint32(blcodes-4)<<10, 14)
	bt := &c.bt
	for _, sym := range blOrder[:blcodes] {
		w = w.send(uint32(bt.len[sym]), 3)
	}
	for _, op := range c.ops[:c.nops] {
		sym := op & 31
		n := uint(bt.len[sym])
		// The extra bits follow the code; symbols without any have none set.
		w = w.send(uint32(bt.code[sym])|uint32(op>>5)<<n, n+uint(extraOpBits[sym]))
	}
	c.done(w)
}

// compressBlock is compress_block with the fixed codes: the buffered
// symbols, then the end of block. A match's length code and extra bits go
// out in one send, and so do its distance code and extra bits.
func (c *compressor) compressBlock(lcode []uint16, llen []uint8, dcode []uint16, dlen []uint8) {
	w := c.sender()
	for _, s := range c.syms[:c.nsyms] {
		dist := int(s >> 8)
		lc := int(s & 0xff)
		if dist == 0 {
			w = w.send(uint32(lcode[lc]), uint(llen[lc]))
			continue
		}
		code := int(lengthCode[lc])
		n := uint(llen[code+literals+1])
		w = w.send(uint32(lcode[code+literals+1])|uint32(lc-int(baseLength[code]))<<n, n+uint(extraLBits[code]))
		dist--
		code = distCode(dist)
		n = uint(dlen[code])
		w = w.send(uint32(dcode[code])|uint32(dist-int(baseDist[code]))<<n, n+uint(extraDBits[code]))
	}
	w = w.send(uint32(lcode[endBlock]), uint(llen[endBlock]))
	c.done(w)
}

// compressBlockDyn is compressBlock with the block's own trees.
func (c *compressor) compressBlockDyn() {
	w := c.sender()
	lt, dt := &c.lt, &c.dt
	for _, s := range c.syms[:c.nsyms] {
		dist := int(s >> 8)
		lc := int(s & 0xff)
		if dist == 0 {
			w = w.send(uint32(lt.code[lc]), uint(lt.len[lc]))
			continue
		}
		code := int(lengthCode[lc])
		n := uint(lt.len[code+literals+1])
		w = w.send(uint32(lt.code[code+literals+1])|uint32(lc-int(baseLength[code]))<<n, n+uint(extraLBits[code]))
		dist--
		code = distCode(dist)
		n = uint(dt.len[code])
		w = w.send(uint32(dt.code[code])|uint32(dist-int(baseDist[code]))<<n, n+uint(extraDBits[code]))
	}
	w = w.send(uint32(lt.code[endBlock]), uint(lt.len[endBlock]))
	c.done(w)
}
