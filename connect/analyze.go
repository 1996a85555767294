package connect

import (
	"context"
	"fmt"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// ExplainMode selects the detail of Explain's output.
type ExplainMode int

// Explain modes, as in Spark's DataFrame.explain(mode).
const (
	ExplainSimple    ExplainMode = iota + 1 // physical plan only
	ExplainExtended                         // parsed, analyzed, optimized and physical plans
	ExplainCodegen                          // generated code
	ExplainCost                             // logical plan with statistics
	ExplainFormatted                        // physical plan outline plus node details
)

// analyze sends one AnalyzePlan request, filling its envelope.
func (s *Session) analyze(ctx context.Context, req *pb.AnalyzePlanRequest) (*pb.AnalyzePlanResponse, error) {
	var resp *pb.AnalyzePlanResponse
	err := s.unary(ctx, func(ctx context.Context) error {
		sid, uc, ct, obs := s.Header()
		req.SessionId, req.UserContext, req.ClientType, req.ClientObservedServerSideSessionId = sid, uc, &ct, obs
		r, err := s.client.AnalyzePlan(ctx, req)
		resp = r
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.observe(resp.GetServerSideSessionId()); err != nil {
		return nil, err
	}
	return resp, nil
}

// Analyze sends an AnalyzePlan request built by the caller (Persist,
// Unpersist, GetStorageLevel, InputFiles… — the kinds this package does not
// wrap), filling its envelope, with the retries and error conversion of
// every other call.
func (s *Session) Analyze(ctx context.Context, req *pb.AnalyzePlanRequest) (*pb.AnalyzePlanResponse, error) {
	return s.analyze(ctx, req)
}

func rootPlan(rel *pb.Relation) *pb.Plan { return &pb.Plan{OpType: &pb.Plan_Root{Root: rel}} }

// Schema returns the Spark schema of a relation without running it.
func (s *Session) Schema(ctx context.Context, rel *pb.Relation) (*pb.DataType, error) {
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_Schema_{
		Schema: &pb.AnalyzePlanRequest_Schema{Plan: rootPlan(rel)}}})
	if err != nil {
		return nil, err
	}
	return resp.GetSchema().GetSchema(), nil
}

// Explain returns Spark's plan description for a relation.
func (s *Session) Explain(ctx context.Context, rel *pb.Relation, mode ExplainMode) (string, error) {
	if mode < ExplainSimple || mode > ExplainFormatted {
		return "", fmt.Errorf("connect: unknown explain mode %d", mode)
	}
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_Explain_{
		Explain: &pb.AnalyzePlanRequest_Explain{Plan: rootPlan(rel), ExplainMode: pb.AnalyzePlanRequest_Explain_ExplainMode(mode)}}})
	if err != nil {
		return "", err
	}
	return resp.GetExplain().GetExplainString(), nil
}

// TreeString returns the relation's schema as Spark prints it
// ("root\n |-- id: long (nullable = false)\n"); level 0 means all levels.
func (s *Session) TreeString(ctx context.Context, rel *pb.Relation, level int) (string, error) {
	ts := &pb.AnalyzePlanRequest_TreeString{Plan: rootPlan(rel)}
	if level > 0 {
		l := int32(level)
		ts.Level = &l
	}
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_TreeString_{TreeString: ts}})
	if err != nil {
		return "", err
	}
	return resp.GetTreeString().GetTreeString(), nil
}

// ParseDDL parses a DDL schema string such as "a INT, b ARRAY<STRING>" on the server.
func (s *Session) ParseDDL(ctx context.Context, ddl string) (*pb.DataType, error) {
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_DdlParse{
		DdlParse: &pb.AnalyzePlanRequest_DDLParse{DdlString: ddl}}})
	if err != nil {
		return nil, err
	}
	return resp.GetDdlParse().GetParsed(), nil
}

// SameSemantics reports whether two relations compute the same result.
func (s *Session) SameSemantics(ctx context.Context, a, b *pb.Relation) (bool, error) {
	resp, err := s.analyze(ctx, &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_SameSemantics_{
		SameSemantics: &pb.AnalyzePlanRequest_SameSemantics{TargetPlan: rootPlan(a), OtherPlan: rootPlan(b)}}})
	if err != nil {
		return false, err
	}
	return resp.GetSameSemantics().GetResult(), nil
}
