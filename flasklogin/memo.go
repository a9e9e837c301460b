package flasklogin

import (
	"crypto/subtle"
	"hash/maphash"
	"sync/atomic"
)

// memo is a small, fixed-size, lock-free cache from an input string to a
// result string, for work that repeats on every request of one client: the
// same browser sends the same User-Agent from the same address, so its
// identifier need not be hashed again. Each slot holds one immutable entry;
// a colliding input replaces it. Inputs are compared in constant time, so
// a hit or miss says only whether the whole input equals one seen before.
// Its size is fixed: hostile inputs can evict entries, never grow it.
type memo struct {
	seed  maphash.Seed
	slots [memoSlots]atomic.Pointer[memoEntry]
}

const memoSlots = 256

type memoEntry struct {
	in, out string
}

func newMemo() *memo { return &memo{seed: maphash.MakeSeed()} }

// get returns the result stored for in, if any.
func (c *memo) get(in []byte) (string, bool) {
	e := c.slots[maphash.Bytes(c.seed, in)%memoSlots].Load()
	if e == nil || len(e.in) != len(in) || subtle.ConstantTimeCompare([]byte(e.in), in) != 1 {
		return "", false
	}
	return e.out, true
}

// put stores out as the result for in.
func (c *memo) put(in []byte, out string) {
	c.slots[maphash.Bytes(c.seed, in)%memoSlots].Store(&memoEntry{in: string(in), out: out})
}
