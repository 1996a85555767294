package connect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// artifactChunkSize is the chunk size of artifact uploads, as in PySpark.
const artifactChunkSize = 32 << 10

// Artifact is a named blob to upload to the session. The name's prefix says
// what the server does with it: "cache/<sha256>" for cached local data,
// "jars/", "files/", "classes/" and so on.
type Artifact struct {
	Name string
	Data []byte
}

// AddArtifacts uploads artifacts to the session in one client stream, small
// ones batched and large ones in 32 KiB CRC-checked chunks.
func (s *Session) AddArtifacts(ctx context.Context, artifacts ...Artifact) error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	sid, uc, ct, obs := s.Header()
	env := func(r *pb.AddArtifactsRequest) *pb.AddArtifactsRequest {
		r.SessionId, r.UserContext, r.ClientType, r.ClientObservedServerSideSessionId = sid, uc, &ct, obs
		return r
	}
	stream, err := s.client.AddArtifacts(ctx)
	if err != nil {
		return s.convertError(ctx, err)
	}
	send := func(r *pb.AddArtifactsRequest) error {
		if err := stream.Send(env(r)); err != nil {
			// The real error comes from CloseAndRecv.
			_, rerr := stream.CloseAndRecv()
			if rerr == nil {
				rerr = err
			}
			return s.convertError(ctx, rerr)
		}
		return nil
	}
	var batch []*pb.AddArtifactsRequest_SingleChunkArtifact
	batchBytes := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_Batch_{
			Batch: &pb.AddArtifactsRequest_Batch{Artifacts: batch}}})
		batch, batchBytes = nil, 0
		return err
	}
	for _, a := range artifacts {
		if a.Name == "" {
			return fmt.Errorf("connect: an artifact needs a name")
		}
		if len(a.Data) <= artifactChunkSize {
			if batchBytes+len(a.Data) > artifactChunkSize {
				if err := flush(); err != nil {
					return err
				}
			}
			batch = append(batch, &pb.AddArtifactsRequest_SingleChunkArtifact{Name: a.Name, Data: chunk(a.Data)})
			batchBytes += len(a.Data)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		n := (len(a.Data) + artifactChunkSize - 1) / artifactChunkSize
		if err := send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_BeginChunk{
			BeginChunk: &pb.AddArtifactsRequest_BeginChunkedArtifact{
				Name: a.Name, TotalBytes: int64(len(a.Data)), NumChunks: int64(n),
				InitialChunk: chunk(a.Data[:artifactChunkSize]),
			}}}); err != nil {
			return err
		}
		for off := artifactChunkSize; off < len(a.Data); off += artifactChunkSize {
			end := min(off+artifactChunkSize, len(a.Data))
			if err := send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_Chunk{Chunk: chunk(a.Data[off:end])}}); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return s.convertError(ctx, err)
	}
	for _, sum := range resp.GetArtifacts() {
		if !sum.GetIsCrcSuccessful() {
			return fmt.Errorf("connect: the server rejected artifact %q: checksum mismatch", sum.GetName())
		}
	}
	return s.observe(resp.GetServerSideSessionId())
}

func chunk(b []byte) *pb.AddArtifactsRequest_ArtifactChunk {
	return &pb.AddArtifactsRequest_ArtifactChunk{Data: b, Crc: int64(crc32.ChecksumIEEE(b))}
}

// ArtifactStatus reports which of the named artifacts the session already has.
func (s *Session) ArtifactStatus(ctx context.Context, names ...string) (map[string]bool, error) {
	var resp *pb.ArtifactStatusesResponse
	err := s.unary(ctx, func(ctx context.Context) error {
		sid, uc, ct, obs := s.Header()
		r, err := s.client.ArtifactStatus(ctx, &pb.ArtifactStatusesRequest{
			SessionId: sid, UserContext: uc, ClientType: &ct, ClientObservedServerSideSessionId: obs, Names: names,
		})
		resp = r
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = resp.GetStatuses()[n].GetExists()
	}
	return out, s.observe(resp.GetServerSideSessionId())
}

// CacheArtifact makes data available to the session as the artifact
// "cache/<sha256 of data>", uploading it only if the session lacks it, and
// returns the hash (what CachedLocalRelation refers to).
func (s *Session) CacheArtifact(ctx context.Context, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	name := "cache/" + hash
	st, err := s.ArtifactStatus(ctx, name)
	if err != nil {
		return "", err
	}
	if st[name] {
		return hash, nil
	}
	return hash, s.AddArtifacts(ctx, Artifact{Name: name, Data: data})
}
