package connect

import "testing"

func TestResultClass(t *testing.T) {
	for _, tc := range []struct{ n, size int }{
		{64 << 10, 64 << 10},
		{64<<10 + 1, 80 << 10},
		{80 << 10, 80 << 10},
		{80<<10 + 1, 96 << 10},
		{100 << 10, 112 << 10},
		{127 << 10, 128 << 10},
		{4_000_000, 4 << 20},
		{4<<20 + 1, 5 << 20},
		{1 << 30, 1 << 30},
	} {
		if _, size := resultClass(tc.n); size != tc.size {
			t.Errorf("resultClass(%d) size = %d, want %d", tc.n, size, tc.size)
		}
	}
	// Classes are distinct and ordered by size.
	lastClass, lastSize := -1, 0
	for n := 64 << 10; n <= 64<<20; n += 4093 {
		class, size := resultClass(n)
		if size < n || size > n+n/4 {
			t.Fatalf("resultClass(%d) size = %d: not within a quarter above", n, size)
		}
		if class < lastClass || class == lastClass && size != lastSize || class > lastClass && size <= lastSize {
			t.Fatalf("resultClass(%d) = (%d, %d) after (%d, %d)", n, class, size, lastClass, lastSize)
		}
		lastClass, lastSize = class, size
	}
}

func TestResultBufferRecycling(t *testing.T) {
	if getResultBuffer(minPooledResult-1) != nil {
		t.Error("a message below minPooledResult got a pooled buffer")
	}
	if getResultBuffer(maxPooledResult+1) != nil {
		t.Error("a message above maxPooledResult got a pooled buffer")
	}
	b := getResultBuffer(200 << 10)
	ab := b.arrowBuffer(b.data[10:20])
	b.release() // the response lets go; the Arrow buffer still holds b
	if got := b.refs.Load(); got != 1 {
		t.Fatalf("refs = %d after the response's release, want 1", got)
	}
	ab.Retain()
	ab.Release()
	ab.Release()
	if got := b.refs.Load(); got != 0 {
		t.Fatalf("refs = %d after the Arrow buffer's release, want 0", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("releasing a recycled buffer again did not panic")
		}
	}()
	b.release()
}
