package connect

import (
	"math/bits"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/experimental"
)

// Transport settings for results of hundreds of megabytes. Measured in
// docs/benchmarks.md: a static 4 MiB HTTP/2 window keeps the server from
// waiting on window updates (grpc-go's probed window starts at 64 KiB), a
// 1 MiB read buffer cuts read system calls 32-fold, receive buffers that
// are not cleared on reuse save clearing 1 MiB per Arrow batch, and the
// aliasing codec (codec.go) saves a copy of every Arrow batch.
//
// The window must stay well below the server's reattach buffer
// (spark.connect.execute.reattachable.observerRetryBufferSize, 10 MiB by
// default): responses in flight when a connection breaks are lost, and the
// server can resend only those still in that buffer. With a 16 MiB window a
// cut could lose more than the buffer holds, and the reattach then failed
// with INVALID_CURSOR.POSITION_NOT_AVAILABLE.
const (
	flowWindow = 4 << 20
	readBuffer = 1 << 20
)

func transportOptions() []grpc.DialOption {
	return []grpc.DialOption{
		grpc.WithInitialWindowSize(flowWindow),
		grpc.WithInitialConnWindowSize(flowWindow),
		grpc.WithReadBufferSize(readBuffer),
		experimental.WithBufferPool(receivePool),
		grpc.WithDefaultCallOptions(grpc.ForceCodecV2(aliasCodec{base: encoding.GetCodecV2("proto")})),
	}
}

// receivePool is shared by all sessions, like grpc-go's default pool.
var receivePool = &dirtyPool{}

// dirtyPool is a pool of power-of-two byte buffers that, unlike grpc-go's
// default, does not clear a buffer before handing it out again: the framer
// and codec overwrite every byte they are given.
type dirtyPool struct {
	pools [31]sync.Pool // pools[k] holds buffers of capacity 1<<k
}

func (p *dirtyPool) Get(n int) *[]byte {
	k := 0
	if n > 1 {
		k = bits.Len(uint(n - 1))
	}
	if k >= len(p.pools) {
		b := make([]byte, n)
		return &b
	}
	if b, ok := p.pools[k].Get().(*[]byte); ok {
		*b = (*b)[:n]
		return b
	}
	b := make([]byte, n, 1<<k)
	return &b
}

func (p *dirtyPool) Put(b *[]byte) {
	c := cap(*b)
	if c == 0 || c&(c-1) != 0 {
		return // not one of ours
	}
	if k := bits.Len(uint(c)) - 1; k < len(p.pools) {
		*b = (*b)[:0]
		p.pools[k].Put(b)
	}
}
