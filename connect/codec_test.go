package connect

import (
	"bytes"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// TestUnmarshalAliasing checks that the aliasing decoder gives the same
// message as proto.Unmarshal, and that the Arrow data points into the input.
func TestUnmarshalAliasing(t *testing.T) {
	i64 := func(v int64) *int64 { return &v }
	data := bytes.Repeat([]byte("arrow-ipc"), 1000)
	cases := map[string]*pb.ExecutePlanResponse{
		"batch": {
			SessionId: "s", ServerSideSessionId: "srv", OperationId: "op", ResponseId: "r1",
			ResponseType: &pb.ExecutePlanResponse_ArrowBatch_{ArrowBatch: &pb.ExecutePlanResponse_ArrowBatch{
				RowCount: 42, Data: data, StartOffset: i64(7)}},
		},
		"chunk": {
			ResponseId: "r2",
			ResponseType: &pb.ExecutePlanResponse_ArrowBatch_{ArrowBatch: &pb.ExecutePlanResponse_ArrowBatch{
				RowCount: 3, Data: data[:10], StartOffset: i64(0), ChunkIndex: i64(1), NumChunksInBatch: i64(3)}},
		},
		"empty data": {
			ResponseType: &pb.ExecutePlanResponse_ArrowBatch_{ArrowBatch: &pb.ExecutePlanResponse_ArrowBatch{RowCount: 0}},
		},
		"no batch": {
			SessionId: "s", ResponseId: "r3",
			ResponseType: &pb.ExecutePlanResponse_ResultComplete_{ResultComplete: &pb.ExecutePlanResponse_ResultComplete{}},
		},
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			wire, err := proto.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			// An unknown field after the batch must survive too.
			wire = protowire.AppendTag(wire, 9999, protowire.VarintType)
			wire = protowire.AppendVarint(wire, 5)
			var want, got pb.ExecutePlanResponse
			if err := proto.Unmarshal(wire, &want); err != nil {
				t.Fatal(err)
			}
			aliased, err := unmarshalAliasing(wire, &got)
			if err != nil {
				t.Fatal(err)
			}
			if want := len(got.GetArrowBatch().GetData()) > 0; aliased != want {
				t.Errorf("aliased = %v, want %v", aliased, want)
			}
			if !proto.Equal(&want, &got) {
				t.Fatalf("got %v, want %v", &got, &want)
			}
			if d := got.GetArrowBatch().GetData(); len(d) > 0 {
				if i := bytes.Index(wire, d); i < 0 || &wire[i] != &d[0] {
					t.Fatalf("arrow data was copied, not aliased")
				}
			}
		})
	}
}
