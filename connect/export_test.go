package connect

// JoinedChunks reports how many result batches r re-joined from chunks.
func JoinedChunks(r *Rows) int { return r.joined }
