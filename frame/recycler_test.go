package frame

import (
	"bytes"
	"testing"
)

func TestRecycler(t *testing.T) {
	var r recycler
	a := r.Allocate(100)
	if len(a) != 100 {
		t.Fatalf("Allocate(100) has length %d", len(a))
	}
	for i := range a {
		a[i] = 0xff
	}
	r.Free(a)
	// A released buffer comes back for a request it can hold, zeroed.
	b := r.Allocate(60)
	if &b[0] != &a[0] {
		t.Errorf("the released buffer was not reused")
	}
	if !bytes.Equal(b, make([]byte, 60)) {
		t.Errorf("a reused buffer is not zeroed: %v", b)
	}
	// Growing within the capacity keeps the contents and zeroes the rest;
	// shrinking keeps the prefix.
	copy(b, "hello")
	b = r.Reallocate(80, b)
	if len(b) != 80 || string(b[:5]) != "hello" || !bytes.Equal(b[5:], make([]byte, 75)) {
		t.Errorf("Reallocate(80) = %q", b)
	}
	b = r.Reallocate(3, b)
	if string(b) != "hel" {
		t.Errorf("Reallocate(3) = %q", b)
	}
	// Growing beyond the capacity copies into a new buffer and recycles
	// the old one.
	c := r.Reallocate(1<<20, b)
	if len(c) != 1<<20 || string(c[:3]) != "hel" {
		t.Errorf("Reallocate(1 MiB) kept %q", c[:3])
	}
	if d := r.Allocate(50); &d[0] != &a[0] {
		t.Errorf("the buffer left by Reallocate was not reused")
	}
}
