package connect

// JoinedChunks reports how many result batches r re-joined from chunks.
func JoinedChunks(r *Rows) int { return r.joined }

// ReleaseAfterEveryResponse makes executions release each response as soon
// as it is consumed, until the test ends.
func ReleaseAfterEveryResponse(t interface{ Cleanup(func()) }) {
	old := releaseEvery
	releaseEvery = 1
	t.Cleanup(func() { releaseEvery = old })
}

// ResultBuffersAllocated reports how many recycled result buffers have been
// allocated so far (rather than taken from a pool).
func ResultBuffersAllocated() int64 { return resultBuffersAllocated.Load() }
