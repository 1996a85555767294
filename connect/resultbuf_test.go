package connect_test

import (
	"context"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/sparkgo/sparkgo/connect"
	"github.com/sparkgo/sparkgo/internal/sparktest"
)

// recycledQuery returns 40 batches of 4 000 rows (see recycledSession),
// about 250 kB each: large enough to be read into recycled buffers.
const recycledQuery = "SELECT id, CONCAT(REPEAT('x', 50), '-', CAST(id AS STRING)) AS s FROM range(0, 160000, 1, 4)"

func recycledSession(t *testing.T) *connect.Session {
	s := sparktest.Session(t)
	if err := s.SetConf(context.Background(), map[string]string{"spark.sql.execution.arrow.maxRecordsPerBatch": "4000"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// checkRecycledBatch checks that rec holds rows first, first+1, … of
// recycledQuery and returns the id after its last.
func checkRecycledBatch(t *testing.T, rec arrow.RecordBatch, first int64) int64 {
	t.Helper()
	ids := rec.Column(0).(*array.Int64)
	strs := rec.Column(1).(*array.String)
	pad := strings.Repeat("x", 50) + "-"
	for i := 0; i < ids.Len(); i++ {
		id := first + int64(i)
		if ids.Value(i) != id {
			t.Fatalf("row %d has id %d", id, ids.Value(i))
		}
		if want := pad + itoa(id); strs.Value(i) != want {
			t.Fatalf("row %d has s %q, want %q", id, strs.Value(i), want)
		}
	}
	return first + int64(ids.Len())
}

func TestResultBuffersAreRecycled(t *testing.T) {
	s := recycledSession(t)
	// A collection would empty the buffer pools, and is not needed here.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	before := connect.ResultBuffersAllocated()
	rows, err := s.SQL(context.Background(), recycledQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var next int64
	batches := 0
	for rows.Next() {
		next = checkRecycledBatch(t, rows.RecordBatch(), next)
		batches++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if next != 160000 || batches != 40 {
		t.Fatalf("read %d rows in %d batches, want 160000 in 40", next, batches)
	}
	// Buffers in use at once: the batch being read, the responses queued
	// for the reader (4) and the one being received.
	limit := int64(8)
	if raceEnabled {
		limit += int64(batches) / 2 // sync.Pool drops one in four
	}
	if n := connect.ResultBuffersAllocated() - before; n > limit {
		t.Errorf("%d result buffers were allocated for %d batches, want at most %d", n, batches, limit)
	}
}

func TestRetainedBatchesOutliveRecycling(t *testing.T) {
	s := recycledSession(t)
	rows, err := s.SQL(context.Background(), recycledQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type kept struct {
		rec   arrow.RecordBatch
		first int64
	}
	var keep []kept
	var next int64
	for i := 0; rows.Next(); i++ {
		rec := rows.RecordBatch()
		if i%3 == 0 {
			rec.Retain()
			keep = append(keep, kept{rec, next})
		}
		next += rec.NumRows()
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Every batch read after a kept one would have reused its buffer had
	// it been released.
	for _, k := range keep {
		checkRecycledBatch(t, k.rec, k.first)
		k.rec.Release()
	}

	tbl, err := func() (arrow.Table, error) {
		rows, err := s.SQL(context.Background(), recycledQuery)
		if err != nil {
			return nil, err
		}
		return rows.ReadTable()
	}()
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 0)
	defer tr.Release()
	next = 0
	for tr.Next() {
		next = checkRecycledBatch(t, tr.RecordBatch(), next)
	}
	if next != 160000 {
		t.Fatalf("the table has %d rows, want 160000", next)
	}
}

func TestDisabledBufferReuseKeepsValues(t *testing.T) {
	ctx := context.Background()
	s, err := connect.NewSession(ctx, recycledSession(t).Config(), connect.Options{DisableBufferReuse: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetConf(ctx, map[string]string{"spark.sql.execution.arrow.maxRecordsPerBatch": "4000"}); err != nil {
		t.Fatal(err)
	}
	before := connect.ResultBuffersAllocated()
	rows, err := s.SQL(ctx, recycledQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	// Strings that alias their batches, kept past the batches' release:
	// valid only because nothing reuses the memory.
	var kept []string
	for rows.Next() {
		strs := rows.RecordBatch().Column(1).(*array.String)
		kept = append(kept, strs.Value(0), strs.Value(strs.Len()-1))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(kept) != 80 {
		t.Fatalf("%d strings kept, want 2 from each of 40 batches", len(kept))
	}
	pad := strings.Repeat("x", 50) + "-"
	for i, got := range kept {
		id := int64(i/2)*4000 + int64(i%2)*3999
		if want := pad + itoa(id); got != want {
			t.Fatalf("kept string %d = %q, want %q", i, got, want)
		}
	}
	if n := connect.ResultBuffersAllocated() - before; n != 0 {
		t.Errorf("%d recycled buffers were allocated with reuse disabled", n)
	}
}
