package connect

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ipcStream encodes n rows of (id int64, s utf8) as one Arrow IPC stream
// in batches of per rows.
func ipcStream(t *testing.T, n, per int, opts ...ipc.Option) []byte {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "s", Type: arrow.BinaryTypes.String}}, nil)
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, append([]ipc.Option{ipc.WithSchema(schema)}, opts...)...)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for start := 0; start < n; start += per {
		for i := start; i < min(start+per, n); i++ {
			b.Field(0).(*array.Int64Builder).Append(int64(i))
			b.Field(1).(*array.StringBuilder).Append("value")
		}
		rec := b.NewRecordBatch()
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeCompressedIPC(t *testing.T) {
	for name, opt := range map[string]ipc.Option{"none": nil, "lz4": ipc.WithLZ4(), "zstd": ipc.WithZstd()} {
		t.Run(name, func(t *testing.T) {
			var opts []ipc.Option
			if opt != nil {
				opts = append(opts, opt)
			}
			data := ipcStream(t, 2500, 1000, opts...)
			alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer alloc.AssertSize(t, 0)
			rows := rowsOfIPC(alloc, data)
			defer rows.Close()
			var next int64
			for rows.Next() {
				ids := rows.RecordBatch().Column(0).(*array.Int64)
				for i := 0; i < ids.Len(); i++ {
					if ids.Value(i) != next {
						t.Fatalf("row %d has id %d", next, ids.Value(i))
					}
					next++
				}
			}
			if rows.Err() != nil || next != 2500 {
				t.Fatalf("read %d rows, err %v; want 2500", next, rows.Err())
			}
		})
	}
}

func TestDecodeCorruptIPC(t *testing.T) {
	data := ipcStream(t, 10, 10)
	for _, cut := range []int{3, 9, len(data) / 2, len(data) - 9} {
		rows := rowsOfIPC(memory.DefaultAllocator, data[:cut])
		for rows.Next() {
		}
		if rows.Err() == nil && cut < len(data)-8 {
			t.Errorf("a stream cut at %d of %d bytes decoded without error", cut, len(data))
		}
		rows.Close()
	}
}
