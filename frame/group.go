package frame

import (
	"fmt"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// GroupedData is a DataFrame grouped by some columns, waiting for the
// aggregates to compute per group (Agg, Count, Mean…).
type GroupedData struct {
	df      *DataFrame
	keys    []Column
	kind    pb.Aggregate_GroupType
	pivot   *pb.Aggregate_Pivot
	err     error
	pivoted bool
}

// GroupBy groups the rows by the given columns, like dplyr's group_by.
func (df *DataFrame) GroupBy(cols ...any) *GroupedData {
	return df.group(pb.Aggregate_GROUP_TYPE_GROUPBY, "GroupBy", cols)
}

// Rollup groups by each prefix of the columns and the grand total.
func (df *DataFrame) Rollup(cols ...any) *GroupedData {
	return df.group(pb.Aggregate_GROUP_TYPE_ROLLUP, "Rollup", cols)
}

// Cube groups by every combination of the columns.
func (df *DataFrame) Cube(cols ...any) *GroupedData {
	return df.group(pb.Aggregate_GROUP_TYPE_CUBE, "Cube", cols)
}

func (df *DataFrame) group(kind pb.Aggregate_GroupType, what string, cols []any) *GroupedData {
	keys, err := columns(what, cols)
	return &GroupedData{df: df, keys: keys, kind: kind, err: err}
}

// Agg computes aggregates per group: Agg(Mean("mpg").Alias("mpg"), Count("*")).
// The result has the grouping columns followed by the aggregates.
func (g *GroupedData) Agg(aggs ...any) *DataFrame {
	if g.err != nil {
		return &DataFrame{s: g.df.s, err: g.err}
	}
	return g.df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		cs, err := columns("Agg", aggs)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, fmt.Errorf("frame: Agg needs at least one aggregate")
		}
		return &pb.Relation{RelType: &pb.Relation_Aggregate{Aggregate: &pb.Aggregate{
			Input: in, GroupType: g.kind, GroupingExpressions: exprs(g.keys), AggregateExpressions: exprs(cs), Pivot: g.pivot,
		}}}, nil
	})
}

// Summarise is Agg, named after dplyr's verb.
func (g *GroupedData) Summarise(aggs ...any) *DataFrame { return g.Agg(aggs...) }

// Count counts the rows of each group, in a column named "count".
func (g *GroupedData) Count() *DataFrame { return g.Agg(Count("*").Alias("count")) }

// Mean averages columns per group; the results are named avg(col) as in Spark.
func (g *GroupedData) Mean(cols ...string) *DataFrame { return g.each("avg", cols) }

// Sum adds up columns per group.
func (g *GroupedData) Sum(cols ...string) *DataFrame { return g.each("sum", cols) }

// Min finds the smallest values per group.
func (g *GroupedData) Min(cols ...string) *DataFrame { return g.each("min", cols) }

// Max finds the largest values per group.
func (g *GroupedData) Max(cols ...string) *DataFrame { return g.each("max", cols) }

func (g *GroupedData) each(fn string, cols []string) *DataFrame {
	if len(cols) == 0 {
		return &DataFrame{s: g.df.s, err: fmt.Errorf("frame: %s needs at least one column", fn)}
	}
	aggs := make([]any, len(cols))
	for i, c := range cols {
		aggs[i] = call(fn, false, Col(c))
	}
	return g.Agg(aggs...)
}

// Pivot turns the distinct values of col into columns (pivot_wider); give
// the values to avoid a pass over the data to find them. Follow with Agg.
func (g *GroupedData) Pivot(col any, values ...any) *GroupedData {
	out := *g
	if out.err != nil {
		return &out
	}
	if g.kind != pb.Aggregate_GROUP_TYPE_GROUPBY || g.pivoted {
		out.err = fmt.Errorf("frame: Pivot follows GroupBy, once")
		return &out
	}
	c, err := column("Pivot", col)
	if err != nil {
		out.err = err
		return &out
	}
	p := &pb.Aggregate_Pivot{Col: c.expr}
	for _, v := range values {
		l := Lit(v)
		if l.err != nil {
			out.err = l.err
			return &out
		}
		p.Values = append(p.Values, l.expr.GetLiteral())
	}
	out.kind = pb.Aggregate_GROUP_TYPE_PIVOT
	out.pivot = p
	out.pivoted = true
	return &out
}

// Count counts the rows of the DataFrame... see DataFrame.Count for the
// action; this is the aggregate function count(col), with "*" for all rows.
func Count(col any) Column {
	if s, ok := col.(string); ok && s == "*" {
		return call("count", false, Lit(int32(1)))
	}
	c, err := column("Count", col)
	if err != nil {
		return Column{err: err}
	}
	return call("count", false, c)
}
