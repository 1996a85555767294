package frame

import (
	"fmt"
	"math"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// Column is an expression over the columns of a DataFrame: a column
// reference, a literal, an operator or function applied to other columns.
// Columns are immutable values; every method returns a new Column. A Column
// built from a bad Go value carries the error, which surfaces when the
// DataFrame using it runs (and from Err).
type Column struct {
	expr *pb.Expression
	err  error
}

// Col refers to a column by name. Dots address struct fields ("a.b");
// backquotes quote names with special characters ("`odd.name`"); "*"
// stands for all columns.
func Col(name string) Column {
	if name == "*" {
		return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedStar_{UnresolvedStar: &pb.Expression_UnresolvedStar{}}}}
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedAttribute_{
		UnresolvedAttribute: &pb.Expression_UnresolvedAttribute{UnparsedIdentifier: name}}}}
}

// Lit turns a Go value into a literal column (see connect.Literal for the
// types accepted); a Column is returned unchanged.
func Lit(v any) Column {
	if c, ok := v.(Column); ok {
		return c
	}
	lit, err := connect.Literal(v)
	if err != nil {
		return Column{err: err}
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_Literal_{Literal: lit}}}
}

// Expr parses a Spark SQL expression, such as "mpg * 1.6 AS kpl" or
// "CASE WHEN am = 1 THEN 'manual' ELSE 'automatic' END".
func Expr(sql string) Column {
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_ExpressionString_{
		ExpressionString: &pb.Expression_ExpressionString{Expression: sql}}}}
}

// Call applies any Spark SQL function by name, such as Call("soundex",
// "name"). Arguments are columns: strings name columns, other Go values
// must be wrapped in Lit.
func Call(function string, args ...any) Column {
	cols, err := columns("Call("+function+")", args)
	if err != nil {
		return Column{err: err}
	}
	return call(function, false, cols...)
}

// call builds an unresolved function of already converted columns.
func call(name string, distinct bool, args ...Column) Column {
	f := &pb.Expression_UnresolvedFunction{FunctionName: name, IsDistinct: distinct}
	for _, a := range args {
		if a.err != nil {
			return Column{err: a.err}
		}
		f.Arguments = append(f.Arguments, a.expr)
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedFunction_{UnresolvedFunction: f}}}
}

// Err returns the error of a Column built from a bad value, if any.
func (c Column) Err() error { return c.err }

// Proto returns the protocol expression (nil for a Column with an error).
func (c Column) Proto() *pb.Expression { return c.expr }

// column converts an argument that names or is a column.
func column(what string, v any) (Column, error) {
	switch x := v.(type) {
	case Column:
		return x, x.err
	case string:
		return Col(x), nil
	case nil:
		return Column{}, fmt.Errorf("frame: %s: got nil, want a column name or a Column", what)
	}
	return Column{}, fmt.Errorf("frame: %s: got a %T, want a column name (string) or a Column (use Lit for values)", what, v)
}

func columns(what string, vs []any) ([]Column, error) {
	out := make([]Column, 0, len(vs))
	for i, v := range vs {
		c, err := column(fmt.Sprintf("%s argument %d", what, i+1), v)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// value converts an operand: a Column stays a column, anything else is a literal.
func value(v any) Column { return Lit(v) }

func (c Column) binary(op string, other any) Column { return call(op, false, c, value(other)) }

// Plus is c + other. Other operands may be Columns or Go values.
func (c Column) Plus(other any) Column { return c.binary("+", other) }

// Minus is c - other.
func (c Column) Minus(other any) Column { return c.binary("-", other) }

// Times is c * other.
func (c Column) Times(other any) Column { return c.binary("*", other) }

// Div is c / other (a double; see IntDiv for integer division).
func (c Column) Div(other any) Column { return c.binary("/", other) }

// IntDiv is c DIV other.
func (c Column) IntDiv(other any) Column { return c.binary("div", other) }

// Mod is c % other.
func (c Column) Mod(other any) Column { return c.binary("%", other) }

// Pow is c raised to the power other.
func (c Column) Pow(other any) Column { return c.binary("power", other) }

// Neg is -c.
func (c Column) Neg() Column { return call("negative", false, c) }

// Eq is c = other (NULL when either side is NULL).
func (c Column) Eq(other any) Column { return c.binary("==", other) }

// Ne is c != other.
func (c Column) Ne(other any) Column { return c.Eq(other).Not() }

// EqNullSafe is c <=> other: true when both sides are NULL.
func (c Column) EqNullSafe(other any) Column { return c.binary("<=>", other) }

// Lt is c < other.
func (c Column) Lt(other any) Column { return c.binary("<", other) }

// Le is c <= other.
func (c Column) Le(other any) Column { return c.binary("<=", other) }

// Gt is c > other.
func (c Column) Gt(other any) Column { return c.binary(">", other) }

// Ge is c >= other.
func (c Column) Ge(other any) Column { return c.binary(">=", other) }

// And is c AND other.
func (c Column) And(other any) Column { return c.binary("and", other) }

// Or is c OR other.
func (c Column) Or(other any) Column { return c.binary("or", other) }

// Not is NOT c.
func (c Column) Not() Column { return call("not", false, c) }

// IsNull is c IS NULL.
func (c Column) IsNull() Column { return call("isnull", false, c) }

// IsNotNull is c IS NOT NULL.
func (c Column) IsNotNull() Column { return call("isnotnull", false, c) }

// IsNaN is true where c is NaN.
func (c Column) IsNaN() Column { return call("isnan", false, c) }

// Like is c LIKE pattern (SQL wildcards % and _).
func (c Column) Like(pattern string) Column { return c.binary("like", pattern) }

// ILike is the case-insensitive Like.
func (c Column) ILike(pattern string) Column { return c.binary("ilike", pattern) }

// RLike is true where c matches the Java regular expression pattern.
func (c Column) RLike(pattern string) Column { return c.binary("rlike", pattern) }

// StartsWith is true where c starts with prefix.
func (c Column) StartsWith(prefix any) Column { return c.binary("startswith", prefix) }

// EndsWith is true where c ends with suffix.
func (c Column) EndsWith(suffix any) Column { return c.binary("endswith", suffix) }

// Contains is true where c contains substr.
func (c Column) Contains(substr any) Column { return c.binary("contains", substr) }

// In is c IN (values...). Values may be Columns or Go values.
func (c Column) In(values ...any) Column {
	args := []Column{c}
	for _, v := range values {
		args = append(args, value(v))
	}
	return call("in", false, args...)
}

// Between is lower <= c AND c <= upper.
func (c Column) Between(lower, upper any) Column { return c.Ge(lower).And(c.Le(upper)) }

// Cast converts c to a Spark SQL type, given in DDL form: "int", "double",
// "decimal(10,2)", "array<string>", "timestamp"…
func (c Column) Cast(sparkType string) Column {
	if c.err != nil {
		return c
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_Cast_{Cast: &pb.Expression_Cast{
		Expr: c.expr, CastToType: &pb.Expression_Cast_TypeStr{TypeStr: sparkType}}}}}
}

// Alias names c, as in SQL's AS.
func (c Column) Alias(name string) Column {
	if c.err != nil {
		return c
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_Alias_{Alias: &pb.Expression_Alias{
		Expr: c.expr, Name: []string{name}}}}}
}

// As is Alias.
func (c Column) As(name string) Column { return c.Alias(name) }

// GetField extracts a field of a struct column.
func (c Column) GetField(name string) Column { return c.extract(Lit(name)) }

// GetItem extracts an element of an array column (0-based) or a map column (by key).
func (c Column) GetItem(key any) Column { return c.extract(value(key)) }

func (c Column) extract(key Column) Column {
	if c.err != nil {
		return c
	}
	if key.err != nil {
		return key
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedExtractValue_{
		UnresolvedExtractValue: &pb.Expression_UnresolvedExtractValue{Child: c.expr, Extraction: key.expr}}}}
}

func (c Column) sort(dir pb.Expression_SortOrder_SortDirection, nulls pb.Expression_SortOrder_NullOrdering) Column {
	if c.err != nil {
		return c
	}
	child := c.expr
	if so := child.GetSortOrder(); so != nil {
		child = so.Child
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_SortOrder_{SortOrder: &pb.Expression_SortOrder{
		Child: child, Direction: dir, NullOrdering: nulls}}}}
}

// Asc sorts ascending, NULLs first (Spark's default).
func (c Column) Asc() Column {
	return c.sort(pb.Expression_SortOrder_SORT_DIRECTION_ASCENDING, pb.Expression_SortOrder_SORT_NULLS_FIRST)
}

// AscNullsLast sorts ascending with NULLs last.
func (c Column) AscNullsLast() Column {
	return c.sort(pb.Expression_SortOrder_SORT_DIRECTION_ASCENDING, pb.Expression_SortOrder_SORT_NULLS_LAST)
}

// Desc sorts descending, NULLs last (Spark's default).
func (c Column) Desc() Column {
	return c.sort(pb.Expression_SortOrder_SORT_DIRECTION_DESCENDING, pb.Expression_SortOrder_SORT_NULLS_LAST)
}

// DescNullsFirst sorts descending with NULLs first.
func (c Column) DescNullsFirst() Column {
	return c.sort(pb.Expression_SortOrder_SORT_DIRECTION_DESCENDING, pb.Expression_SortOrder_SORT_NULLS_FIRST)
}

// When starts or continues a CASE expression: When(cond, value) on its own
// (the package function) or chained as c.When(cond, value) on a When
// column, closed by Otherwise.
func (c Column) When(condition any, val any) Column {
	cond, err := column("When condition", condition)
	if err != nil {
		return Column{err: err}
	}
	f := c.expr.GetUnresolvedFunction()
	if c.err != nil {
		return c
	}
	if f == nil || f.FunctionName != "when" || len(f.Arguments)%2 == 1 {
		return Column{err: fmt.Errorf("frame: When must follow When, not another expression")}
	}
	v := value(val)
	if v.err != nil {
		return v
	}
	args := append(append([]*pb.Expression{}, f.Arguments...), cond.expr, v.expr)
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedFunction_{
		UnresolvedFunction: &pb.Expression_UnresolvedFunction{FunctionName: "when", Arguments: args}}}}
}

// Otherwise gives the value of a When expression where no condition holds.
func (c Column) Otherwise(val any) Column {
	if c.err != nil {
		return c
	}
	f := c.expr.GetUnresolvedFunction()
	if f == nil || f.FunctionName != "when" || len(f.Arguments)%2 == 1 {
		return Column{err: fmt.Errorf("frame: Otherwise must follow When")}
	}
	v := value(val)
	if v.err != nil {
		return v
	}
	args := append(append([]*pb.Expression{}, f.Arguments...), v.expr)
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_UnresolvedFunction_{
		UnresolvedFunction: &pb.Expression_UnresolvedFunction{FunctionName: "when", Arguments: args}}}}
}

// When starts a CASE expression: When(cond, v1).When(cond2, v2).Otherwise(v3).
func When(condition any, val any) Column {
	cond, err := column("When condition", condition)
	if err != nil {
		return Column{err: err}
	}
	return call("when", false, cond, value(val))
}

// Window frame boundaries for WindowSpec.RowsBetween and RangeBetween.
const (
	UnboundedPreceding int64 = math.MinInt64
	UnboundedFollowing int64 = math.MaxInt64
	CurrentRow         int64 = 0
)

// WindowSpec defines the rows a window function sees: partitions, their
// order and a frame. The zero value is an empty window; build one with
// Window().PartitionBy(...).OrderBy(...).
type WindowSpec struct {
	partition []*pb.Expression
	order     []*pb.Expression
	frame     *pb.Expression_Window_WindowFrame
	err       error
}

// Window returns an empty window specification.
func Window() WindowSpec { return WindowSpec{} }

// PartitionBy sets the columns that split rows into independent partitions.
func (w WindowSpec) PartitionBy(cols ...any) WindowSpec {
	cs, err := columns("PartitionBy", cols)
	if err != nil {
		w.err = err
		return w
	}
	w.partition = nil
	for _, c := range cs {
		w.partition = append(w.partition, c.expr)
	}
	return w
}

// OrderBy sets the order of rows within each partition.
func (w WindowSpec) OrderBy(cols ...any) WindowSpec {
	orders, err := sortOrders("OrderBy", cols)
	if err != nil {
		w.err = err
		return w
	}
	w.order = orders
	return w
}

// RowsBetween sets a frame counted in rows relative to the current row,
// e.g. RowsBetween(UnboundedPreceding, CurrentRow) for running totals.
func (w WindowSpec) RowsBetween(start, end int64) WindowSpec {
	w.frame = windowFrame(pb.Expression_Window_WindowFrame_FRAME_TYPE_ROW, start, end)
	return w
}

// RangeBetween sets a frame by the value of the single order column
// relative to the current row's.
func (w WindowSpec) RangeBetween(start, end int64) WindowSpec {
	w.frame = windowFrame(pb.Expression_Window_WindowFrame_FRAME_TYPE_RANGE, start, end)
	return w
}

func windowFrame(t pb.Expression_Window_WindowFrame_FrameType, start, end int64) *pb.Expression_Window_WindowFrame {
	bound := func(v int64) *pb.Expression_Window_WindowFrame_FrameBoundary {
		switch v {
		case UnboundedPreceding, UnboundedFollowing:
			return &pb.Expression_Window_WindowFrame_FrameBoundary{Boundary: &pb.Expression_Window_WindowFrame_FrameBoundary_Unbounded{Unbounded: true}}
		case CurrentRow:
			return &pb.Expression_Window_WindowFrame_FrameBoundary{Boundary: &pb.Expression_Window_WindowFrame_FrameBoundary_CurrentRow{CurrentRow: true}}
		}
		return &pb.Expression_Window_WindowFrame_FrameBoundary{Boundary: &pb.Expression_Window_WindowFrame_FrameBoundary_Value{Value: Lit(v).expr}}
	}
	return &pb.Expression_Window_WindowFrame{FrameType: t, Lower: bound(start), Upper: bound(end)}
}

// Over evaluates c, a window or aggregate function, over a window.
func (c Column) Over(w WindowSpec) Column {
	if c.err != nil {
		return c
	}
	if w.err != nil {
		return Column{err: w.err}
	}
	return Column{expr: &pb.Expression{ExprType: &pb.Expression_Window_{Window: &pb.Expression_Window{
		WindowFunction: c.expr, PartitionSpec: w.partition, OrderSpec: sortOrderList(w.order), FrameSpec: w.frame}}}}
}

func sortOrderList(exprs []*pb.Expression) []*pb.Expression_SortOrder {
	out := make([]*pb.Expression_SortOrder, 0, len(exprs))
	for _, e := range exprs {
		out = append(out, e.GetSortOrder())
	}
	return out
}

// sortOrders converts sort arguments: names and Columns sort ascending
// unless already given an order with Asc/Desc.
func sortOrders(what string, cols []any) ([]*pb.Expression, error) {
	cs, err := columns(what, cols)
	if err != nil {
		return nil, err
	}
	out := make([]*pb.Expression, 0, len(cs))
	for _, c := range cs {
		if c.expr.GetSortOrder() == nil {
			c = c.Asc()
		}
		out = append(out, c.expr)
	}
	return out, nil
}
