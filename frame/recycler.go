package frame

import (
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// recycler is the memory.Allocator of the record batches that copying Go
// data builds: each batch is encoded and released at once, and its buffers
// go to the next batch's builders instead of to the garbage collector. A
// million-row copy otherwise allocates its size again in short-lived
// buffers, and every collection that triggers marks the caller's data (a
// slice of structs full of pointers) anew: recycling halved the client CPU
// time of a 1 M-row CopyTo (0.65 s to 0.31 s, docs/benchmarks.md). The
// batches never leave CopyTo, and each is encoded before it is released,
// so no buffer is reused while anything still reads it.
type recycler struct {
	mu   sync.Mutex
	free [][]byte // released buffers, any size
}

// recyclerKeep bounds how many released buffers wait for reuse: a batch
// has a few per column.
const recyclerKeep = 256

func (r *recycler) Allocate(size int) []byte {
	r.mu.Lock()
	for i, b := range r.free {
		if cap(b) >= size {
			last := len(r.free) - 1
			r.free[i] = r.free[last]
			r.free[last] = nil
			r.free = r.free[:last]
			r.mu.Unlock()
			b = b[:size]
			clear(b) // builders expect zeroed memory, as from make
			return b
		}
	}
	r.mu.Unlock()
	return memory.DefaultAllocator.Allocate(size)
}

func (r *recycler) Reallocate(size int, b []byte) []byte {
	if size <= cap(b) {
		if old := len(b); size > old {
			b = b[:size]
			clear(b[old:])
		}
		return b[:size]
	}
	nb := r.Allocate(size)
	copy(nb, b)
	r.Free(b)
	return nb
}

func (r *recycler) Free(b []byte) {
	if cap(b) == 0 {
		return
	}
	r.mu.Lock()
	if len(r.free) < recyclerKeep {
		r.free = append(r.free, b[:0])
	}
	r.mu.Unlock()
}
