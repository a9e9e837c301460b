package zlibx

import "sync"

// statePool recycles working states. A sync.Pool alone is emptied by
// every other garbage collection, and a compressor is about 480 KB: under
// a steady load of small requests the collector runs often, and
// allocating (and zeroing) a new one then costs more than compressing a
// cookie. So the first few states put back are kept in a small stack the
// collector never empties, and only the rest go to the sync.Pool. At most
// keepMax states per type stay alive for the life of the process.
type statePool[T any] struct {
	mu   sync.Mutex
	kept []*T
	pool sync.Pool
}

// keepMax bounds the states each statePool holds for good: enough for a
// small machine's cores to compress at once without allocating.
const keepMax = 4

func (p *statePool[T]) get() *T {
	p.mu.Lock()
	if n := len(p.kept); n > 0 {
		s := p.kept[n-1]
		p.kept[n-1] = nil
		p.kept = p.kept[:n-1]
		p.mu.Unlock()
		return s
	}
	p.mu.Unlock()
	if s, ok := p.pool.Get().(*T); ok {
		return s
	}
	return new(T)
}

func (p *statePool[T]) put(s *T) {
	p.mu.Lock()
	if len(p.kept) < keepMax {
		p.kept = append(p.kept, s)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	p.pool.Put(s)
}
