package connect

import (
	"context"
	"fmt"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

func (s *Session) interrupt(ctx context.Context, req *pb.InterruptRequest) ([]string, error) {
	var resp *pb.InterruptResponse
	err := s.unary(ctx, func(ctx context.Context) error {
		sid, uc, ct, obs := s.Header()
		req.SessionId, req.UserContext, req.ClientType, req.ClientObservedServerSideSessionId = sid, uc, &ct, obs
		r, err := s.client.Interrupt(ctx, req)
		resp = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return resp.GetInterruptedIds(), s.observe(resp.GetServerSideSessionId())
}

// InterruptAll cancels every running operation of the session and returns
// the ids of the operations it interrupted.
func (s *Session) InterruptAll(ctx context.Context) ([]string, error) {
	return s.interrupt(ctx, &pb.InterruptRequest{InterruptType: pb.InterruptRequest_INTERRUPT_TYPE_ALL})
}

// InterruptTag cancels the running operations carrying tag (see
// ExecuteOptions.Tags) and returns their ids.
func (s *Session) InterruptTag(ctx context.Context, tag string) ([]string, error) {
	if err := checkTag(tag); err != nil {
		return nil, err
	}
	return s.interrupt(ctx, &pb.InterruptRequest{
		InterruptType: pb.InterruptRequest_INTERRUPT_TYPE_TAG,
		Interrupt:     &pb.InterruptRequest_OperationTag{OperationTag: tag},
	})
}

// InterruptOperation cancels one operation by its id (Rows.OperationID).
func (s *Session) InterruptOperation(ctx context.Context, operationID string) ([]string, error) {
	return s.interrupt(ctx, &pb.InterruptRequest{
		InterruptType: pb.InterruptRequest_INTERRUPT_TYPE_OPERATION_ID,
		Interrupt:     &pb.InterruptRequest_OperationId{OperationId: operationID},
	})
}

// checkTag applies Spark's rules for operation tags.
func checkTag(tag string) error {
	if tag == "" {
		return fmt.Errorf("connect: an operation tag must not be empty")
	}
	if strings.Contains(tag, ",") {
		return fmt.Errorf("connect: operation tag %q must not contain a comma", tag)
	}
	return nil
}
