package frame

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Session builds DataFrames on one Spark Connect session. It is safe for
// concurrent use.
type Session struct {
	conn   *connect.Session
	planID atomic.Int64
}

// Connect opens a session on the server named by the connection string
// remote ("" means SPARK_REMOTE).
func Connect(ctx context.Context, remote string) (*Session, error) {
	c, err := connect.Connect(ctx, remote)
	if err != nil {
		return nil, err
	}
	return NewSession(c), nil
}

// NewSession builds DataFrames on an open connect.Session.
func NewSession(conn *connect.Session) *Session { return &Session{conn: conn} }

// Conn returns the underlying Spark Connect session.
func (s *Session) Conn() *connect.Session { return s.conn }

// Close releases the server session.
func (s *Session) Close() error { return s.conn.Close() }

// newRelation stamps a fresh plan id on a relation, which lets Spark tell
// apart columns of the two sides of a self-join.
func (s *Session) newRelation() *pb.RelationCommon {
	return &pb.RelationCommon{PlanId: ptr(s.planID.Add(1))}
}

func ptr[T any](v T) *T { return &v }

// Table reads a table or view by name; names may have up to three parts
// (catalog.database.table), quoted with backquotes where needed.
func (s *Session) Table(name string) *DataFrame {
	if strings.TrimSpace(name) == "" {
		return s.failed(fmt.Errorf("frame: Table needs a table name"))
	}
	return s.frame(&pb.Relation{RelType: &pb.Relation_Read{Read: &pb.Read{ReadType: &pb.Read_NamedTable_{
		NamedTable: &pb.Read_NamedTable{UnparsedIdentifier: name}}}}}, name)
}

// Sql runs a SQL statement. Commands (CREATE, INSERT, SET…) run at once, as
// in Spark; queries stay lazy. Arguments are bound as Spark SQL parameters:
// plain values fill ? markers, sql.Named values fill :name markers. A
// failure is kept in the DataFrame: see Err.
func (s *Session) Sql(ctx context.Context, query string, args ...any) *DataFrame {
	rel, err := s.conn.SQLRelation(ctx, query, args...)
	if err != nil {
		return s.failed(err)
	}
	return s.frame(rel, query)
}

// Range is a DataFrame of one bigint column "id" from start (inclusive) to
// end (exclusive) by step, in partitions partitions (0 means Spark's default).
func (s *Session) Range(start, end, step int64, partitions int) *DataFrame {
	if step == 0 {
		return s.failed(fmt.Errorf("frame: Range step must not be 0"))
	}
	r := &pb.Range{Start: &start, End: end, Step: step}
	if partitions > 0 {
		r.NumPartitions = ptr(int32(partitions))
	}
	return s.frame(&pb.Relation{RelType: &pb.Relation_Range{Range: r}}, fmt.Sprintf("range(%d, %d, %d)", start, end, step))
}

// FromRelation wraps a protocol relation, the escape hatch for plans this
// package does not build.
func (s *Session) FromRelation(rel *pb.Relation, source string) *DataFrame {
	return s.frame(rel, source)
}

func (s *Session) frame(rel *pb.Relation, source string) *DataFrame {
	if rel.Common == nil {
		rel.Common = s.newRelation()
	}
	return &DataFrame{s: s, rel: rel, source: source}
}

func (s *Session) failed(err error) *DataFrame { return &DataFrame{s: s, err: err} }
