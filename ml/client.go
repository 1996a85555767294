package ml

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
	"github.com/sparkgo/sparkgo/frame"
)

// CheckVersion returns a *VersionError when the session's server runs a
// Spark older than 4.0, which cannot run ML over Spark Connect. Every call
// that talks to the server checks this first; the version is asked once
// per session.
func CheckVersion(ctx context.Context, s *frame.Session) error {
	if s == nil {
		return errors.New("ml: no session")
	}
	v, err := s.Conn().SparkVersion(ctx)
	if err != nil {
		return fmt.Errorf("ml: asking the server's Spark version: %w", err)
	}
	if major, ok := majorVersion(v); ok && major < 4 {
		return &VersionError{Version: v}
	}
	return nil
}

func majorVersion(v string) (int, bool) {
	head, _, _ := strings.Cut(strings.TrimSpace(v), ".")
	n, err := strconv.Atoi(head)
	return n, err == nil
}

// sparkVersion returns the server's version, "" when it cannot be had.
func sparkVersion(ctx context.Context, s *frame.Session) string {
	v, err := s.Conn().SparkVersion(ctx)
	if err != nil {
		return ""
	}
	return v
}

// run sends one ML command and returns its result.
func run(ctx context.Context, s *frame.Session, cmd *pb.MlCommand) (*pb.MlCommandResult, error) {
	if err := CheckVersion(ctx, s); err != nil {
		return nil, err
	}
	resp, err := s.Conn().RunCommand(ctx, &pb.Command{CommandType: &pb.Command_MlCommand{MlCommand: cmd}})
	if err != nil {
		return nil, err
	}
	res := resp.GetMlCommandResult()
	if res == nil {
		return nil, errors.New("ml: the server answered an ML command without an ML result")
	}
	return res, nil
}

// newUID returns a fresh Spark-style uid for a class: LinearRegression_4f1c2d3e5a6b.
func newUID(class string) string {
	return shortName(class) + "_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
}

// failedFrame returns a DataFrame that fails with err when it runs.
//
// The frame package has no exported constructor for a DataFrame that
// carries an error, so the error is raised by the server instead (a lazy
// SQL relation calling raise_error in a filter, so that no action can
// prune it): the DataFrame's actions fail with a
// Spark error whose message is err's.
func failedFrame(s *frame.Session, err error) *frame.DataFrame {
	msg := &pb.Expression{ExprType: &pb.Expression_Literal_{Literal: &pb.Expression_Literal{
		LiteralType: &pb.Expression_Literal_String_{String_: err.Error()}}}}
	rel := &pb.Relation{RelType: &pb.Relation_Sql{Sql: &pb.SQL{
		Query: "SELECT raise_error(:msg) AS error FROM range(1) WHERE raise_error(:msg) IS NULL", NamedArguments: map[string]*pb.Expression{"msg": msg}}}}
	return s.FromRelation(rel, "")
}

// checkFrame checks that df is usable for an ML call.
func checkFrame(df *frame.DataFrame) error {
	if df == nil {
		return errors.New("ml: no DataFrame (nil)")
	}
	if err := df.Err(); err != nil {
		return err
	}
	if df.Session() == nil || df.Relation() == nil {
		return errors.New("ml: the DataFrame has no plan")
	}
	return nil
}

// operator builds the protocol operator.
func operator(class, uid string, t pb.MlOperator_OperatorType) *pb.MlOperator {
	return &pb.MlOperator{Name: class, Uid: uid, Type: t}
}

// isSparkError reports whether err came from Spark.
func isSparkError(err error) bool {
	var se *connect.SparkError
	return errors.As(err, &se)
}
