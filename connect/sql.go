package connect

import (
	"context"
	"database/sql"
	"fmt"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// SQLRelation sends a SQL statement to the server and returns the relation
// that stands for its result. Commands (DDL, DML, SET, SHOW…) run at once,
// and their result comes back inline; queries are only analyzed, and run
// when the relation is executed.
//
// args are bound as Spark SQL parameters, never spliced into the text: plain
// values fill positional markers (?), and sql.Named("name", v) values fill
// named markers (:name). The two kinds cannot be mixed. See Literal for the
// Go types accepted.
func (s *Session) SQLRelation(ctx context.Context, query string, args ...any) (*pb.Relation, error) {
	rel, err := sqlInput(query, args)
	if err != nil {
		return nil, err
	}
	resp, err := s.RunCommand(ctx, &pb.Command{CommandType: &pb.Command_SqlCommand{
		SqlCommand: &pb.SqlCommand{Input: rel}}})
	if err != nil {
		return nil, err
	}
	res := resp.GetSqlCommandResult()
	if res == nil {
		return nil, fmt.Errorf("connect: the server sent no result for the SQL statement")
	}
	return res.GetRelation(), nil
}

// SQL runs a SQL statement and streams its rows; see SQLRelation for
// parameters. The result of a command is returned without a second round
// trip. Cancelling ctx interrupts the query on the server.
func (s *Session) SQL(ctx context.Context, query string, args ...any) (*Rows, error) {
	return s.SQLWithOptions(ctx, ExecuteOptions{}, query, args...)
}

// SQLWithOptions is SQL with tags, a progress callback and other options
// applied to the query's execution.
func (s *Session) SQLWithOptions(ctx context.Context, opts ExecuteOptions, query string, args ...any) (*Rows, error) {
	rel, err := s.SQLRelation(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	if lr := rel.GetLocalRelation(); lr != nil && lr.Data != nil {
		return rowsOfIPC(s.alloc, lr.GetData()), nil
	}
	return s.Execute(ctx, rel, opts)
}

// sqlInput builds the SQL relation with bound parameters.
func sqlInput(query string, args []any) (*pb.Relation, error) {
	q := &pb.SQL{Query: query}
	for i, a := range args {
		if n, ok := a.(sql.NamedArg); ok {
			if n.Name == "" {
				return nil, fmt.Errorf("connect: SQL parameter %d has an empty name", i+1)
			}
			if len(q.PosArguments) > 0 {
				return nil, fmt.Errorf("connect: SQL parameters mix positional and named values; use one kind")
			}
			lit, err := Literal(n.Value)
			if err != nil {
				return nil, fmt.Errorf("SQL parameter :%s: %w", n.Name, err)
			}
			if q.NamedArguments == nil {
				q.NamedArguments = map[string]*pb.Expression{}
			}
			if _, dup := q.NamedArguments[n.Name]; dup {
				return nil, fmt.Errorf("connect: SQL parameter :%s is given twice", n.Name)
			}
			q.NamedArguments[n.Name] = literalExpr(lit)
			continue
		}
		if len(q.NamedArguments) > 0 {
			return nil, fmt.Errorf("connect: SQL parameters mix positional and named values; use one kind")
		}
		lit, err := Literal(a)
		if err != nil {
			return nil, fmt.Errorf("SQL parameter %d: %w", i+1, err)
		}
		q.PosArguments = append(q.PosArguments, literalExpr(lit))
	}
	return &pb.Relation{RelType: &pb.Relation_Sql{Sql: q}}, nil
}

func literalExpr(l *pb.Expression_Literal) *pb.Expression {
	return &pb.Expression{ExprType: &pb.Expression_Literal_{Literal: l}}
}
