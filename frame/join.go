package frame

import (
	"fmt"
	"strings"

	pb "github.com/sparkgo/sparkgo/connect/proto"
)

var joinTypes = map[string]pb.Join_JoinType{
	"inner": pb.Join_JOIN_TYPE_INNER, "left": pb.Join_JOIN_TYPE_LEFT_OUTER, "left_outer": pb.Join_JOIN_TYPE_LEFT_OUTER,
	"leftouter": pb.Join_JOIN_TYPE_LEFT_OUTER, "right": pb.Join_JOIN_TYPE_RIGHT_OUTER, "right_outer": pb.Join_JOIN_TYPE_RIGHT_OUTER,
	"rightouter": pb.Join_JOIN_TYPE_RIGHT_OUTER, "full": pb.Join_JOIN_TYPE_FULL_OUTER, "outer": pb.Join_JOIN_TYPE_FULL_OUTER,
	"full_outer": pb.Join_JOIN_TYPE_FULL_OUTER, "fullouter": pb.Join_JOIN_TYPE_FULL_OUTER, "semi": pb.Join_JOIN_TYPE_LEFT_SEMI,
	"left_semi": pb.Join_JOIN_TYPE_LEFT_SEMI, "leftsemi": pb.Join_JOIN_TYPE_LEFT_SEMI, "anti": pb.Join_JOIN_TYPE_LEFT_ANTI,
	"left_anti": pb.Join_JOIN_TYPE_LEFT_ANTI, "leftanti": pb.Join_JOIN_TYPE_LEFT_ANTI, "cross": pb.Join_JOIN_TYPE_CROSS,
}

// Join combines the rows of df and other. on is a column name or a []string
// of names present on both sides (joined "using" them, kept once), or a
// boolean Column (df.Col("id").Eq(other.Col("id"))), or nil for a cross
// join. how is "inner", "left", "right", "full", "semi", "anti" or "cross"
// ("" means inner).
func (df *DataFrame) Join(other *DataFrame, on any, how string) *DataFrame {
	if other == nil {
		return &DataFrame{s: df.s, err: fmt.Errorf("frame: Join with a nil DataFrame")}
	}
	if other.err != nil {
		return other
	}
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if how == "" {
			how = "inner"
		}
		jt, ok := joinTypes[strings.ToLower(how)]
		if !ok {
			return nil, fmt.Errorf("frame: Join type %q is unknown; use inner, left, right, full, semi, anti or cross", how)
		}
		j := &pb.Join{Left: in, Right: other.rel, JoinType: jt}
		switch x := on.(type) {
		case nil:
			if jt != pb.Join_JOIN_TYPE_CROSS && jt != pb.Join_JOIN_TYPE_INNER {
				return nil, fmt.Errorf("frame: a %s join needs a join condition", how)
			}
			j.JoinType = pb.Join_JOIN_TYPE_CROSS
		case string:
			j.UsingColumns = []string{x}
		case []string:
			j.UsingColumns = x
		case Column:
			if x.err != nil {
				return nil, x.err
			}
			j.JoinCondition = x.expr
		default:
			return nil, fmt.Errorf("frame: Join on a %T; want a column name, a []string of names or a boolean Column", on)
		}
		return &pb.Relation{RelType: &pb.Relation_Join{Join: j}}, nil
	})
}

// CrossJoin pairs every row of df with every row of other.
func (df *DataFrame) CrossJoin(other *DataFrame) *DataFrame { return df.Join(other, nil, "cross") }

func (df *DataFrame) setOp(other *DataFrame, op pb.SetOperation_SetOpType, all, byName, allowMissing bool) *DataFrame {
	if other == nil {
		return &DataFrame{s: df.s, err: fmt.Errorf("frame: set operation with a nil DataFrame")}
	}
	if other.err != nil {
		return other
	}
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		so := &pb.SetOperation{LeftInput: in, RightInput: other.rel, SetOpType: op, IsAll: &all}
		if byName {
			so.ByName = &byName
			so.AllowMissingColumns = &allowMissing
		}
		return &pb.Relation{RelType: &pb.Relation_SetOp{SetOp: so}}, nil
	})
}

// Union appends the rows of other, matching columns by position; duplicate
// rows are kept (SQL's UNION ALL).
func (df *DataFrame) Union(other *DataFrame) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_UNION, true, false, false)
}

// UnionByName appends the rows of other, matching columns by name; with
// allowMissing, columns missing on one side are filled with NULL.
func (df *DataFrame) UnionByName(other *DataFrame, allowMissing bool) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_UNION, true, true, allowMissing)
}

// Intersect keeps the distinct rows present in both DataFrames.
func (df *DataFrame) Intersect(other *DataFrame) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_INTERSECT, false, false, false)
}

// IntersectAll is Intersect keeping duplicates.
func (df *DataFrame) IntersectAll(other *DataFrame) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_INTERSECT, true, false, false)
}

// Except keeps the distinct rows of df that are not in other.
func (df *DataFrame) Except(other *DataFrame) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_EXCEPT, false, false, false)
}

// ExceptAll is Except keeping duplicates.
func (df *DataFrame) ExceptAll(other *DataFrame) *DataFrame {
	return df.setOp(other, pb.SetOperation_SET_OP_TYPE_EXCEPT, true, false, false)
}
