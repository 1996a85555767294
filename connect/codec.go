package connect

import (
	"bytes"
	"fmt"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	_ "google.golang.org/grpc/encoding/proto" // registers the "proto" codec
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// aliasCodec is gRPC's proto codec except for ExecutePlanResponse: the
// message is materialized once into a buffer, and the Arrow data of an
// arrow_batch is a sub-slice of that buffer instead of a second copy made
// by proto.Unmarshal. The Arrow arrays that point into it
// (bytesMessageReader does not copy) keep the buffer in use: a recycled
// buffer (resultbuf.go) goes back to its pool when the last is released,
// any other is left to the garbage collector.
type aliasCodec struct{ base encoding.CodecV2 }

func (aliasCodec) Name() string { return "proto" }

func (c aliasCodec) Marshal(v any) (mem.BufferSlice, error) { return c.base.Marshal(v) }

func (c aliasCodec) Unmarshal(data mem.BufferSlice, v any) error {
	resp, ok := v.(*pb.ExecutePlanResponse)
	if !ok {
		return c.base.Unmarshal(data, v)
	}
	if _, pooled := pooledReceives.Load(resp); pooled {
		if b := getResultBuffer(data.Len()); b != nil {
			return unmarshalPooled(data, b, resp)
		}
	}
	_, err := unmarshalAliasing(materialize(data), resp)
	return err
}

// pooledReceives holds the responses the execution loop is receiving into
// (see recvPooled), each with the recycled buffer its Arrow data was read
// into, or nil. The responses themselves go through RecvMsg, so that
// interceptors see the message type they expect.
var pooledReceives sync.Map // *pb.ExecutePlanResponse → *resultBuffer

// recvPooled receives the next response of stream, with its Arrow data in a
// recycled buffer whose reference passes to the caller (nil when the
// response has no Arrow data or is small).
func recvPooled(stream grpc.ClientStream) (*pb.ExecutePlanResponse, *resultBuffer, error) {
	resp := new(pb.ExecutePlanResponse)
	pooledReceives.Store(resp, (*resultBuffer)(nil))
	err := stream.RecvMsg(resp)
	v, _ := pooledReceives.LoadAndDelete(resp)
	buf, _ := v.(*resultBuffer)
	if err != nil {
		buf.release()
		return nil, nil, err
	}
	return resp, buf, nil
}

// unmarshalPooled decodes data into resp with its Arrow data in b, and
// records b for recvPooled, or releases it when resp has no Arrow data.
func unmarshalPooled(data mem.BufferSlice, b *resultBuffer, resp *pb.ExecutePlanResponse) error {
	msg := b.data[:data.CopyTo(b.data)]
	if aliased, err := unmarshalAliasing(msg, resp); err != nil || !aliased {
		b.release()
		return err
	}
	pooledReceives.Store(resp, b)
	return nil
}

// materialize copies data into one new buffer, like data.Materialize but
// without zeroing the buffer first: bytes.Join allocates it uninitialized,
// which for a result's multi-megabyte messages saves clearing each one
// before it is overwritten.
func materialize(data mem.BufferSlice) []byte {
	if len(data) == 1 {
		return data.Materialize()
	}
	parts := make([][]byte, len(data))
	for i, b := range data {
		parts[i] = b.ReadOnlyData()
	}
	return bytes.Join(parts, nil)
}

const (
	fieldArrowBatch = 2 // ExecutePlanResponse.arrow_batch
	fieldData       = 2 // ExecutePlanResponse.ArrowBatch.data
)

// unmarshalAliasing decodes buf into resp with the arrow_batch data left
// out, then points ArrowBatch.Data into buf. It reports whether resp's
// Arrow data is part of buf (a repeated arrow_batch is merged, and copied,
// by proto).
func unmarshalAliasing(buf []byte, resp *pb.ExecutePlanResponse) (aliased bool, err error) {
	var (
		abStart, abEnd = -1, -1 // extent of the arrow_batch field (tag included)
		abBody         []byte
		rest           = buf
	)
	for len(rest) > 0 {
		start := len(buf) - len(rest)
		num, typ, n := protowire.ConsumeTag(rest)
		if n < 0 {
			return false, protowire.ParseError(n)
		}
		if num == fieldArrowBatch && typ == protowire.BytesType {
			body, m := protowire.ConsumeBytes(rest[n:])
			if m < 0 {
				return false, protowire.ParseError(m)
			}
			if abStart >= 0 {
				// Repeated occurrences must be merged: leave it to proto.
				return false, proto.Unmarshal(buf, resp)
			}
			abStart, abEnd, abBody = start, start+n+m, body
			rest = rest[n+m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, rest[n:])
		if m < 0 {
			return false, protowire.ParseError(m)
		}
		rest = rest[n+m:]
	}
	if abStart < 0 {
		return false, proto.Unmarshal(buf, resp)
	}
	// Split the arrow batch into its data and everything else.
	var data []byte
	small := make([]byte, 0, 64)
	for rest := abBody; len(rest) > 0; {
		num, typ, n := protowire.ConsumeTag(rest)
		if n < 0 {
			return false, protowire.ParseError(n)
		}
		m := protowire.ConsumeFieldValue(num, typ, rest[n:])
		if m < 0 {
			return false, protowire.ParseError(m)
		}
		if num == fieldData && typ == protowire.BytesType {
			v, _ := protowire.ConsumeBytes(rest[n:])
			data = v // the last occurrence wins, as in proto
		} else {
			small = append(small, rest[:n+m]...)
		}
		rest = rest[n+m:]
	}
	outer := make([]byte, 0, len(buf)-(abEnd-abStart)+len(small)+16)
	outer = append(outer, buf[:abStart]...)
	outer = protowire.AppendTag(outer, fieldArrowBatch, protowire.BytesType)
	outer = protowire.AppendBytes(outer, small)
	outer = append(outer, buf[abEnd:]...)
	if err := proto.Unmarshal(outer, resp); err != nil {
		return false, err
	}
	ab := resp.GetArrowBatch()
	if ab == nil {
		return false, fmt.Errorf("alias codec: arrow_batch vanished")
	}
	ab.Data = data
	return data != nil, nil
}
