package connect

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Rows is the result of an execution, read as a stream of Arrow record
// batches in the style of a scanner:
//
//	rows, err := sess.Execute(ctx, rel, connect.ExecuteOptions{})
//	if err != nil { ... }
//	defer rows.Close()
//	for rows.Next() {
//		batch := rows.RecordBatch() // valid until the next call to Next
//		...
//	}
//	if err := rows.Err(); err != nil { ... }
//
// Batches are fetched from the server as they are read, so memory stays
// bounded whatever the size of the result. The memory of a batch is reused
// for later batches once the batch is released (by Next, or by the last
// Release after Retain), so a string or byte slice taken from its arrays
// (array.String.Value, array.Binary.Value, …) must be copied, or the batch
// retained, to be used after that (see Options.DisableBufferReuse). A Rows
// is not safe for concurrent use.
type Rows struct {
	exec  *execution // nil for rows of inline data
	local [][]byte   // remaining Arrow IPC streams of inline data
	alloc memory.Allocator

	schema      *arrow.Schema
	sparkSchema *pb.DataType
	result      *pb.ExecutePlanResponse
	reader      *ipc.Reader
	cur         arrow.RecordBatch
	peeked      bool // cur was read ahead by Schema and not yet returned
	err         error
	done        bool

	nextOffset int64  // row offset of the next batch expected from the server
	chunks     []byte // chunks of a split Arrow batch received so far
	chunkNext  int64  // index of the next chunk of that batch
	rowsRead   int64
	bytesRead  int64 // Arrow IPC bytes received
	joined     int   // batches re-joined from chunks
}

// Execute runs a relation (a query plan) on the server and streams its rows.
// The execution is reattachable: streams cut by the network or by the server
// are resumed where they stopped, and every row arrives exactly once.
// Cancelling ctx interrupts the server-side operation.
func (s *Session) Execute(ctx context.Context, rel *pb.Relation, opts ExecuteOptions) (*Rows, error) {
	return s.ExecutePlan(ctx, rootPlan(rel), opts)
}

// ExecuteCommand runs a command (a write, a view definition, an ML call…)
// on the server. The command's answer is in Rows.Result once Next has
// returned false; some commands also return rows.
func (s *Session) ExecuteCommand(ctx context.Context, cmd *pb.Command, opts ExecuteOptions) (*Rows, error) {
	return s.ExecutePlan(ctx, &pb.Plan{OpType: &pb.Plan_Command{Command: cmd}}, opts)
}

// RunCommand runs a command to the end, dropping any rows it returns, and
// gives back its answer (Rows.Result), which may be nil for commands that
// answer nothing.
func (s *Session) RunCommand(ctx context.Context, cmd *pb.Command) (*pb.ExecutePlanResponse, error) {
	rows, err := s.ExecuteCommand(ctx, cmd, ExecuteOptions{})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Result(), rows.Err()
}

// ExecutePlan runs a raw plan: see Execute and ExecuteCommand.
func (s *Session) ExecutePlan(ctx context.Context, plan *pb.Plan, opts ExecuteOptions) (*Rows, error) {
	e, err := s.execute(ctx, plan, opts)
	if err != nil {
		return nil, err
	}
	return &Rows{exec: e, alloc: s.alloc}, nil
}

// rowsOfIPC returns Rows over Arrow IPC streams already in memory.
func rowsOfIPC(alloc memory.Allocator, streams ...[]byte) *Rows {
	return &Rows{local: streams, alloc: alloc}
}

// OperationID returns the server's id of the execution ("" for inline data).
func (r *Rows) OperationID() string {
	if r.exec == nil {
		return ""
	}
	return r.exec.operationID()
}

// Next advances to the next record batch, fetching it from the server if
// needed. It returns false at the end of the result or on error; see Err.
// Batches without rows are skipped.
func (r *Rows) Next() bool {
	if r.peeked {
		r.peeked = false
		return true
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	for !r.done && r.err == nil {
		if r.reader != nil {
			if r.reader.Next() {
				rec := r.reader.RecordBatch()
				if rec.NumRows() == 0 {
					continue
				}
				rec.Retain()
				r.cur = rec
				r.rowsRead += rec.NumRows()
				return true
			}
			if err := r.reader.Err(); err != nil && !errors.Is(err, io.EOF) {
				r.fail(fmt.Errorf("connect: decoding an Arrow batch: %w", err))
				break
			}
			r.reader.Release()
			r.reader = nil
		}
		data, buf, err := r.nextIPC()
		if err == io.EOF {
			r.finish()
			break
		}
		if err != nil {
			r.fail(err)
			break
		}
		rd, err := ipc.NewReaderFromMessageReader(newBytesMessageReader(data, buf), ipc.WithAllocator(r.alloc))
		if err != nil {
			r.fail(fmt.Errorf("connect: decoding an Arrow batch: %w", err))
			break
		}
		r.reader = rd
		if r.schema == nil {
			r.schema = rd.Schema()
		}
	}
	return false
}

// nextIPC returns the next complete Arrow IPC stream of the result, joining
// split batches and dropping batches delivered before (which a resumed
// stream can repeat), with the recycled buffer it lives in (nil for memory
// of its own), whose reference passes to the caller.
func (r *Rows) nextIPC() ([]byte, *resultBuffer, error) {
	if r.exec == nil {
		if len(r.local) == 0 {
			return nil, nil, io.EOF
		}
		d := r.local[0]
		r.local = r.local[1:]
		return d, nil, nil
	}
	for {
		resp, buf, err := r.exec.next()
		if err != nil {
			return nil, nil, err
		}
		data, ready, inResp, err := r.accept(resp)
		if !inResp || err != nil {
			buf.release() // chunks are copied, repeats dropped
			buf = nil
		}
		if err != nil || ready {
			return data, buf, err
		}
	}
}

// accept takes one response of the result. It returns a complete Arrow IPC
// stream when ready is set, and whether that stream is the response's own
// Arrow data (rather than chunks joined into memory of their own).
func (r *Rows) accept(resp *pb.ExecutePlanResponse) (data []byte, ready, inResp bool, err error) {
	ab := resp.GetArrowBatch()
	if ab == nil {
		if sch := resp.GetSchema(); sch != nil {
			r.sparkSchema = sch
		} else {
			r.result = resp
		}
		return nil, false, false, nil
	}
	if ab.StartOffset != nil && ab.GetStartOffset() < r.nextOffset {
		// A batch, or a chunk of one, delivered before a reattach.
		return nil, false, false, nil
	}
	n := ab.GetNumChunksInBatch()
	if n <= 1 {
		if err := r.advance(ab); err != nil {
			return nil, false, false, err
		}
		r.bytesRead += int64(len(ab.GetData()))
		return ab.GetData(), true, true, nil
	}
	switch idx := ab.GetChunkIndex(); {
	case idx == 0:
		r.chunks, r.chunkNext = r.chunks[:0], 0
	case idx < r.chunkNext:
		return nil, false, false, nil // a chunk of this batch received before a reattach
	case idx > r.chunkNext:
		return nil, false, false, fmt.Errorf("connect: chunk %d of an Arrow batch arrived without chunk %d", idx, r.chunkNext)
	}
	r.chunks = append(r.chunks, ab.GetData()...)
	r.chunkNext++
	if r.chunkNext < n {
		return nil, false, false, nil
	}
	data = r.chunks
	r.chunks, r.chunkNext = nil, 0
	if err := r.advance(ab); err != nil {
		return nil, false, false, err
	}
	r.joined++
	r.bytesRead += int64(len(data))
	return data, true, false, nil
}

// advance checks that a batch starts where the previous one ended.
func (r *Rows) advance(ab *pb.ExecutePlanResponse_ArrowBatch) error {
	if ab.StartOffset != nil && ab.GetStartOffset() != r.nextOffset {
		return fmt.Errorf("connect: the server skipped rows %d to %d of the result", r.nextOffset, ab.GetStartOffset())
	}
	r.nextOffset += ab.GetRowCount()
	return nil
}

func (r *Rows) fail(err error) {
	r.err = err
	r.release()
}

func (r *Rows) finish() {
	r.done = true
	r.release()
}

func (r *Rows) release() {
	if r.reader != nil {
		r.reader.Release()
		r.reader = nil
	}
	if r.exec != nil {
		r.exec.close()
	}
}

// RecordBatch returns the current batch. It is valid until the next call to
// Next or Close; call Retain on it to keep it longer (and Release when done).
// Its memory is then reused: copy values that must outlive it.
func (r *Rows) RecordBatch() arrow.RecordBatch { return r.cur }

// Schema returns the Arrow schema of the result, reading ahead to the first
// batch if needed. It is nil for results without rows (most commands) and
// when reading failed (see Err).
func (r *Rows) Schema() *arrow.Schema {
	if r.schema == nil && !r.done && r.err == nil && r.cur == nil {
		if r.Next() {
			r.peeked = true
		}
	}
	return r.schema
}

// SparkSchema returns the result's schema as Spark's DataType, which names
// types that Arrow cannot tell apart (such as char and varchar); nil until
// the server has sent it.
func (r *Rows) SparkSchema() *pb.DataType { return r.sparkSchema }

// Result returns the last non-row response of the execution (for a command,
// its answer), once Next has returned false.
func (r *Rows) Result() *pb.ExecutePlanResponse { return r.result }

// RowsRead returns the number of rows read so far.
func (r *Rows) RowsRead() int64 { return r.rowsRead }

// BytesRead returns the size of the Arrow data received so far, as sent
// (compressed, when the server compresses Arrow bodies).
func (r *Rows) BytesRead() int64 { return r.bytesRead }

// Err returns the error that ended the iteration, if any.
func (r *Rows) Err() error { return r.err }

// Close stops the execution (interrupting it on the server if it is still
// running) and releases the current batch. It is safe to call more than once.
func (r *Rows) Close() error {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.peeked = false
	if !r.done && r.err == nil {
		r.done = true
	}
	r.release()
	return nil
}

// ReadTable reads all remaining rows into one arrow.Table and closes rows.
// The caller must Release the table. Prefer iterating with Next for results
// that may be large.
func (r *Rows) ReadTable() (arrow.Table, error) {
	defer r.Close()
	var recs []arrow.RecordBatch
	defer func() {
		for _, rec := range recs {
			rec.Release()
		}
	}()
	for r.Next() {
		rec := r.RecordBatch()
		rec.Retain()
		recs = append(recs, rec)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	schema := r.Schema()
	if schema == nil {
		schema = arrow.NewSchema(nil, nil)
	}
	return array.NewTableFromRecords(schema, recs), nil
}

// bytesMessageReader reads Arrow IPC messages straight out of a byte slice,
// without copying their bodies: the arrays share the memory of the gRPC
// message they arrived in. When that memory is a recycled result buffer,
// the reader and every Arrow buffer it hands out hold a reference to it.
type bytesMessageReader struct {
	data []byte
	buf  *resultBuffer // nil when data is memory of its own
	refs atomic.Int64
	msg  *ipc.Message
}

// newBytesMessageReader returns a reader of data, taking over the caller's
// reference to buf (which may be nil).
func newBytesMessageReader(data []byte, buf *resultBuffer) *bytesMessageReader {
	r := &bytesMessageReader{data: data, buf: buf}
	r.refs.Store(1)
	return r
}

// part returns data as an Arrow buffer that keeps r's memory in use.
func (r *bytesMessageReader) part(data []byte) *memory.Buffer {
	if r.buf == nil {
		return memory.NewBufferBytes(data)
	}
	return r.buf.arrowBuffer(data)
}

const ipcContinuation = 0xFFFFFFFF

func (r *bytesMessageReader) Message() (msg *ipc.Message, err error) {
	defer func() {
		if p := recover(); p != nil {
			msg, err = nil, fmt.Errorf("invalid Arrow IPC message: %v", p)
		}
	}()
	if r.msg != nil {
		r.msg.Release()
		r.msg = nil
	}
	if len(r.data) < 4 {
		return nil, io.EOF
	}
	n := binary.LittleEndian.Uint32(r.data)
	r.data = r.data[4:]
	if n == ipcContinuation {
		if len(r.data) < 4 {
			return nil, io.ErrUnexpectedEOF
		}
		n = binary.LittleEndian.Uint32(r.data)
		r.data = r.data[4:]
	}
	if n == 0 {
		return nil, io.EOF
	}
	if int64(n) > int64(len(r.data)) {
		return nil, fmt.Errorf("invalid Arrow IPC message: metadata of %d bytes, %d left", n, len(r.data))
	}
	metaBytes := r.data[:n]
	r.data = r.data[n:]
	probe := ipc.NewMessage(memory.NewBufferBytes(metaBytes), memory.NewBufferBytes(nil))
	bodyLen := probe.BodyLen()
	probe.Release()
	if bodyLen < 0 || bodyLen > int64(len(r.data)) {
		return nil, fmt.Errorf("invalid Arrow IPC message: body of %d bytes, %d left", bodyLen, len(r.data))
	}
	meta, body := r.part(metaBytes), r.part(r.data[:bodyLen])
	r.data = r.data[bodyLen:]
	r.msg = ipc.NewMessage(meta, body) // retains both
	meta.Release()
	body.Release()
	return r.msg, nil
}

func (r *bytesMessageReader) Retain() { r.refs.Add(1) }

func (r *bytesMessageReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}
	if r.msg != nil {
		r.msg.Release()
		r.msg = nil
	}
	r.buf.release()
	r.buf = nil
}

var _ ipc.MessageReader = (*bytesMessageReader)(nil)
