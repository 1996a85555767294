package connect

import (
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Result messages are read into buffers that are used again once the Arrow
// record batches pointing into them are released. A 10 M-row result is
// about 400 MB of messages: allocating each one afresh made the garbage
// collector run dozens of times per result and the copies into new memory
// fault its pages in, together a quarter of the client's CPU time
// (docs/benchmarks.md). A buffer is shared by the response that arrived in
// it and the Arrow buffers sliced from it, and goes back to its pool when
// the last of them lets go; a buffer that is never released is simply
// garbage collected.

// resultBuffer is one received message and its reference count.
type resultBuffer struct {
	data []byte // the whole capacity of the size class
	refs atomic.Int32
	pool *sync.Pool
}

// Messages between these sizes are read into recycled buffers. Smaller ones
// are schemas, metrics and small results, cheap to allocate; larger ones
// (beyond the 128 MiB gRPC limit sparkgo sets by default) are rare, and a
// 1 GiB bound keeps the class sizes within a 32-bit int.
const (
	minPooledResult = 64 << 10
	maxPooledResult = 1 << 30
)

// resultClasses are the buffer size classes: four per power of two
// (1¼, 1½, 1¾ and 2 times the power below), so that a buffer is at most a
// quarter larger than its message.
var resultClasses [4 * 31]sync.Pool

// resultBuffersAllocated counts the buffers made rather than reused.
var resultBuffersAllocated atomic.Int64

// resultClass returns the class index and capacity for a message of n bytes.
func resultClass(n int) (int, int) {
	k := bits.Len(uint(n - 1)) // 1<<(k-1) < n <= 1<<k
	base := 1 << (k - 1)
	quarter := base / 4
	j := (n - base + quarter - 1) / quarter // 1..4
	return 4*k + j - 1, base + j*quarter
}

// getResultBuffer returns a buffer of at least n bytes holding one
// reference, or nil when n is too small or too large to pool.
func getResultBuffer(n int) *resultBuffer {
	if n < minPooledResult || n > maxPooledResult {
		return nil
	}
	class, size := resultClass(n)
	p := &resultClasses[class]
	b, _ := p.Get().(*resultBuffer)
	if b == nil {
		b = &resultBuffer{data: make([]byte, size), pool: p}
		resultBuffersAllocated.Add(1)
	}
	b.refs.Store(1)
	return b
}

func (b *resultBuffer) retain() { b.refs.Add(1) }

// release drops one reference; the last one returns the buffer to its pool.
// Releasing nil does nothing.
func (b *resultBuffer) release() {
	if b == nil {
		return
	}
	switch n := b.refs.Add(-1); {
	case n == 0:
		b.pool.Put(b)
	case n < 0:
		panic("connect: result buffer released more often than retained")
	}
}

// arrowBuffer returns data, a part of b, as an Arrow buffer that holds a
// reference to b until it is released.
func (b *resultBuffer) arrowBuffer(data []byte) *memory.Buffer {
	b.retain()
	return memory.NewBufferWithAllocator(data, &resultBufferRef{b: b})
}

// resultBufferRef is the allocator of one Arrow buffer that points into a
// resultBuffer: freeing it drops its reference, once, whatever Arrow does
// (a Buffer resized to nothing frees its memory and would free it again
// on its last Release). Such buffers are read-only: Arrow never allocates
// or grows memory through this allocator.
type resultBufferRef struct {
	b     *resultBuffer
	freed atomic.Bool
}

func (r *resultBufferRef) Allocate(int) []byte {
	panic("connect: Arrow result buffers are read-only")
}

func (r *resultBufferRef) Reallocate(int, []byte) []byte {
	panic("connect: Arrow result buffers are read-only")
}

func (r *resultBufferRef) Free([]byte) {
	if r.freed.CompareAndSwap(false, true) {
		r.b.release()
	}
}
