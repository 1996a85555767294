package frame

import (
	"fmt"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// DataFrame is a lazy Spark query: a plan that runs on the server only when
// an action (Collect, Count, Stream…) asks for rows. Verbs return new
// DataFrames and never fail on the spot: an error (a bad argument, a failed
// SQL command) is kept and returned by the first action, and by Err.
type DataFrame struct {
	s      *Session
	rel    *pb.Relation
	err    error
	source string
}

// Err returns the error that made the DataFrame unusable, if any.
func (df *DataFrame) Err() error { return df.err }

// Relation returns the protocol plan (nil when Err is not nil).
func (df *DataFrame) Relation() *pb.Relation { return df.rel }

// Session returns the session the DataFrame belongs to.
func (df *DataFrame) Session() *Session { return df.s }

// Source describes where the rows come from: a table name, a SQL query, or
// "" for derived DataFrames (display captions use it).
func (df *DataFrame) Source() string { return df.source }

// Col refers to a column of this DataFrame, which disambiguates columns of
// the same name after a join.
func (df *DataFrame) Col(name string) Column {
	c := Col(name)
	if df.rel != nil && name != "*" {
		c.expr.GetUnresolvedAttribute().PlanId = df.rel.Common.PlanId
	}
	return c
}

// derive builds the next DataFrame from this one; build receives the
// relation to wrap and returns the new one, or an error.
func (df *DataFrame) derive(build func(input *pb.Relation) (*pb.Relation, error)) *DataFrame {
	if df.err != nil {
		return df
	}
	rel, err := build(df.rel)
	if err != nil {
		return &DataFrame{s: df.s, err: err}
	}
	rel.Common = df.s.newRelation()
	out := &DataFrame{s: df.s, rel: rel}
	if df.source != "" {
		out.source = df.source
	}
	return out
}

func exprs(cs []Column) []*pb.Expression {
	out := make([]*pb.Expression, len(cs))
	for i, c := range cs {
		out[i] = c.expr
	}
	return out
}

// Select keeps the given columns: names, Columns or expressions.
func (df *DataFrame) Select(cols ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		cs, err := columns("Select", cols)
		if err != nil {
			return nil, err
		}
		return &pb.Relation{RelType: &pb.Relation_Project{Project: &pb.Project{Input: in, Expressions: exprs(cs)}}}, nil
	})
}

// SelectExpr keeps the columns given as SQL expressions ("mpg * 2 AS x").
func (df *DataFrame) SelectExpr(sqlExprs ...string) *DataFrame {
	cols := make([]any, len(sqlExprs))
	for i, e := range sqlExprs {
		cols[i] = Expr(e)
	}
	return df.Select(cols...)
}

// SelectMatching keeps the columns whose names match a Java regular
// expression, such as "^m.*" or "(cyl|disp)".
func (df *DataFrame) SelectMatching(pattern string) *DataFrame {
	c := Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedRegex_{
		UnresolvedRegex: &pb.Expression_UnresolvedRegex{ColName: "`" + pattern + "`"}}}}
	if df.rel != nil {
		c.expr.GetUnresolvedRegex().PlanId = df.rel.Common.PlanId
	}
	return df.Select(c)
}

// Filter keeps the rows where condition holds: a boolean Column or a SQL
// expression string ("mpg > 20 AND am = 1").
func (df *DataFrame) Filter(condition any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		var c Column
		switch x := condition.(type) {
		case string:
			c = Expr(x)
		case Column:
			if x.err != nil {
				return nil, x.err
			}
			c = x
		default:
			return nil, fmt.Errorf("frame: Filter: got a %T, want a boolean Column or a SQL condition string", condition)
		}
		return &pb.Relation{RelType: &pb.Relation_Filter{Filter: &pb.Filter{Input: in, Condition: c.expr}}}, nil
	})
}

// Where is Filter.
func (df *DataFrame) Where(condition any) *DataFrame { return df.Filter(condition) }

// WithColumn adds a column, or replaces the one of the same name.
func (df *DataFrame) WithColumn(name string, col any) *DataFrame { return df.Mutate(name, col) }

// Mutate adds or replaces columns, given as name, value pairs like dplyr's
// mutate: Mutate("kpl", Col("mpg").Times(0.425), "heavy", Col("wt").Gt(3.5)).
// Values may be Columns or Go values (literals).
func (df *DataFrame) Mutate(pairs ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if len(pairs)%2 != 0 {
			return nil, fmt.Errorf("frame: Mutate needs name, value pairs; got %d arguments", len(pairs))
		}
		wc := &pb.WithColumns{Input: in}
		for i := 0; i < len(pairs); i += 2 {
			name, ok := pairs[i].(string)
			if !ok {
				return nil, fmt.Errorf("frame: Mutate argument %d: got a %T, want a column name", i+1, pairs[i])
			}
			v := value(pairs[i+1])
			if v.err != nil {
				return nil, fmt.Errorf("frame: Mutate %q: %w", name, v.err)
			}
			wc.Aliases = append(wc.Aliases, &pb.Expression_Alias{Expr: v.expr, Name: []string{name}})
		}
		return &pb.Relation{RelType: &pb.Relation_WithColumns{WithColumns: wc}}, nil
	})
}

// Rename renames columns, given as old, new pairs: Rename("mpg", "miles_per_gallon").
func (df *DataFrame) Rename(pairs ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if len(pairs)%2 != 0 {
			return nil, fmt.Errorf("frame: Rename needs old, new name pairs; got %d names", len(pairs))
		}
		r := &pb.WithColumnsRenamed{Input: in}
		for i := 0; i < len(pairs); i += 2 {
			r.Renames = append(r.Renames, &pb.WithColumnsRenamed_Rename{ColName: pairs[i], NewColName: pairs[i+1]})
		}
		return &pb.Relation{RelType: &pb.Relation_WithColumnsRenamed{WithColumnsRenamed: r}}, nil
	})
}

// Drop removes columns, given by name or as Columns. Unknown names are ignored, as in Spark.
func (df *DataFrame) Drop(cols ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		d := &pb.Drop{Input: in}
		for i, c := range cols {
			switch x := c.(type) {
			case string:
				d.ColumnNames = append(d.ColumnNames, x)
			case Column:
				if x.err != nil {
					return nil, x.err
				}
				d.Columns = append(d.Columns, x.expr)
			default:
				return nil, fmt.Errorf("frame: Drop argument %d: got a %T, want a column name or a Column", i+1, c)
			}
		}
		return &pb.Relation{RelType: &pb.Relation_Drop{Drop: d}}, nil
	})
}

// Distinct keeps one of each set of identical rows.
func (df *DataFrame) Distinct() *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_Deduplicate{Deduplicate: &pb.Deduplicate{
			Input: in, AllColumnsAsKeys: ptr(true)}}}, nil
	})
}

// DropDuplicates keeps one row for each combination of the named columns
// (all columns when none are named).
func (df *DataFrame) DropDuplicates(cols ...string) *DataFrame {
	if len(cols) == 0 {
		return df.Distinct()
	}
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_Deduplicate{Deduplicate: &pb.Deduplicate{
			Input: in, ColumnNames: cols}}}, nil
	})
}

// OrderBy sorts the rows. Names and Columns sort ascending; use
// Col("x").Desc() and the other sort methods for other orders.
func (df *DataFrame) OrderBy(cols ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		orders, err := sortOrders("OrderBy", cols)
		if err != nil {
			return nil, err
		}
		return &pb.Relation{RelType: &pb.Relation_Sort{Sort: &pb.Sort{
			Input: in, Order: sortOrderList(orders), IsGlobal: ptr(true)}}}, nil
	})
}

// Arrange is OrderBy, named after dplyr's verb.
func (df *DataFrame) Arrange(cols ...any) *DataFrame { return df.OrderBy(cols...) }

// SortWithinPartitions sorts the rows of each partition, not globally.
func (df *DataFrame) SortWithinPartitions(cols ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		orders, err := sortOrders("SortWithinPartitions", cols)
		if err != nil {
			return nil, err
		}
		return &pb.Relation{RelType: &pb.Relation_Sort{Sort: &pb.Sort{
			Input: in, Order: sortOrderList(orders), IsGlobal: ptr(false)}}}, nil
	})
}

// Limit keeps the first n rows.
func (df *DataFrame) Limit(n int) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if n < 0 {
			return nil, fmt.Errorf("frame: Limit(%d): the limit must not be negative", n)
		}
		return &pb.Relation{RelType: &pb.Relation_Limit{Limit: &pb.Limit{Input: in, Limit: int32(n)}}}, nil
	})
}

// Head is Limit.
func (df *DataFrame) Head(n int) *DataFrame { return df.Limit(n) }

// Offset skips the first n rows.
func (df *DataFrame) Offset(n int) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if n < 0 {
			return nil, fmt.Errorf("frame: Offset(%d): the offset must not be negative", n)
		}
		return &pb.Relation{RelType: &pb.Relation_Offset{Offset: &pb.Offset{Input: in, Offset: int32(n)}}}, nil
	})
}

// Sample keeps each row with probability fraction, reproducibly for a seed.
func (df *DataFrame) Sample(fraction float64, seed int64) *DataFrame {
	return df.sample(fraction, false, seed)
}

// SampleWithReplacement draws rows with replacement; fraction is the
// expected number of times each row is drawn.
func (df *DataFrame) SampleWithReplacement(fraction float64, seed int64) *DataFrame {
	return df.sample(fraction, true, seed)
}

func (df *DataFrame) sample(fraction float64, replace bool, seed int64) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if fraction < 0 || (!replace && fraction > 1) {
			return nil, fmt.Errorf("frame: Sample fraction %v is outside [0, 1]", fraction)
		}
		return &pb.Relation{RelType: &pb.Relation_Sample{Sample: &pb.Sample{
			Input: in, LowerBound: 0, UpperBound: fraction, WithReplacement: &replace, Seed: &seed}}}, nil
	})
}

// Alias names the DataFrame for use in expressions, as in SQL's FROM t AS a:
// afterwards Col("a.x") refers to its column x.
func (df *DataFrame) Alias(name string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_SubqueryAlias{SubqueryAlias: &pb.SubqueryAlias{Input: in, Alias: name}}}, nil
	})
}

// ToDF renames all columns at once.
func (df *DataFrame) ToDF(names ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_ToDf{ToDf: &pb.ToDF{Input: in, ColumnNames: names}}}, nil
	})
}

// Repartition spreads the rows over n partitions, by the hash of cols when
// given (n 0 means Spark's default number of partitions).
func (df *DataFrame) Repartition(n int, cols ...any) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if len(cols) == 0 {
			if n <= 0 {
				return nil, fmt.Errorf("frame: Repartition needs a positive number of partitions or columns")
			}
			return &pb.Relation{RelType: &pb.Relation_Repartition{Repartition: &pb.Repartition{
				Input: in, NumPartitions: int32(n), Shuffle: ptr(true)}}}, nil
		}
		cs, err := columns("Repartition", cols)
		if err != nil {
			return nil, err
		}
		r := &pb.RepartitionByExpression{Input: in, PartitionExprs: exprs(cs)}
		if n > 0 {
			r.NumPartitions = ptr(int32(n))
		}
		return &pb.Relation{RelType: &pb.Relation_RepartitionByExpression{RepartitionByExpression: r}}, nil
	})
}

// Coalesce reduces the number of partitions to n without a shuffle.
func (df *DataFrame) Coalesce(n int) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if n <= 0 {
			return nil, fmt.Errorf("frame: Coalesce(%d): the number of partitions must be positive", n)
		}
		return &pb.Relation{RelType: &pb.Relation_Repartition{Repartition: &pb.Repartition{
			Input: in, NumPartitions: int32(n), Shuffle: ptr(false)}}}, nil
	})
}
