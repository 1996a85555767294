package frame

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sparkgo/sparkgo/connect"
	pb "github.com/sparkgo/sparkgo/connect/proto"
)

// naLiteral converts a FillNA value to one of the literal types Spark's
// NAFill takes: boolean, bigint, double or string.
func naLiteral(v any) (*pb.Expression_Literal, error) {
	switch x := v.(type) {
	case bool, string, int64, float64:
	case int:
		v = int64(x)
	case int8:
		v = int64(x)
	case int16:
		v = int64(x)
	case int32:
		v = int64(x)
	case uint8:
		v = int64(x)
	case uint16:
		v = int64(x)
	case uint32:
		v = int64(x)
	case float32:
		v = float64(x)
	default:
		return nil, fmt.Errorf("frame: FillNA value %v is a %T; want a bool, an integer, a float or a string", v, v)
	}
	return connect.Literal(v)
}

// FillNA replaces NULLs (and NaNs, in floating point columns). value is
// either one value, used for every column of a matching type (numbers fill
// numeric columns, strings string columns, bools boolean columns) or for
// the subset of columns named, or a map[string]any from column name to
// value, one per column (then no subset is given). Integer values fill
// floating point columns too; float values are truncated in integer columns.
func (df *DataFrame) FillNA(value any, subset ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		fill := &pb.NAFill{Input: in}
		if m, ok := value.(map[string]any); ok {
			if len(subset) > 0 {
				return nil, fmt.Errorf("frame: FillNA with a map of values takes no subset of columns")
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("frame: FillNA with an empty map of values")
			}
			names := make([]string, 0, len(m))
			for k := range m {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				lit, err := naLiteral(m[k])
				if err != nil {
					return nil, fmt.Errorf("%w (column %q)", err, k)
				}
				fill.Cols = append(fill.Cols, k)
				fill.Values = append(fill.Values, lit)
			}
		} else {
			lit, err := naLiteral(value)
			if err != nil {
				return nil, err
			}
			fill.Cols = subset
			fill.Values = []*pb.Expression_Literal{lit}
		}
		return &pb.Relation{RelType: &pb.Relation_FillNa{FillNa: fill}}, nil
	})
}

// DropNA drops rows with NULL or NaN values among the subset of columns
// named (all columns when none are). how is "any" ("" too: drop a row with
// any NULL) or "all" (drop a row whose values are all NULL); thresh > 0
// overrides how and keeps the rows with at least thresh non-NULL values.
func (df *DataFrame) DropNA(how string, thresh int, subset ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		drop := &pb.NADrop{Input: in, Cols: subset}
		switch {
		case thresh > 0:
			drop.MinNonNulls = ptr(int32(thresh))
		case thresh < 0:
			return nil, fmt.Errorf("frame: DropNA threshold %d is negative", thresh)
		case strings.EqualFold(how, "all"):
			drop.MinNonNulls = ptr(int32(1))
		case how == "" || strings.EqualFold(how, "any"):
		default:
			return nil, fmt.Errorf("frame: DropNA how %q is unknown; use \"any\" or \"all\"", how)
		}
		return &pb.Relation{RelType: &pb.Relation_DropNa{DropNa: drop}}, nil
	})
}

// Describe computes count, mean, stddev, min and max of the named columns
// (all numeric and string columns when none are), as a DataFrame of
// strings: a column "summary" naming the statistic, then one column per
// input column.
func (df *DataFrame) Describe(cols ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_Describe{Describe: &pb.StatDescribe{Input: in, Cols: cols}}}, nil
	})
}

// Summary computes statistics of every numeric and string column, shaped
// as Describe's result. stats are "count", "mean", "stddev", "min", "max",
// "count_distinct", "approx_count_distinct" and approximate percentiles
// such as "25%"; none means count, mean, stddev, min, 25%, 50%, 75%, max.
func (df *DataFrame) Summary(stats ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_Summary{Summary: &pb.StatSummary{Input: in, Statistics: stats}}}, nil
	})
}

// Unpivot turns the value columns into rows (pivot_longer, melt): each
// input row gives one row per value column, holding the id columns, the
// value column's name in variableColumnName and its value in
// valueColumnName. ids and values are column names or Columns; nil values
// means every column that is not an id. Value columns must share a type
// (or be castable to a common one).
func (df *DataFrame) Unpivot(ids []any, values []any, variableColumnName, valueColumnName string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if variableColumnName == "" || valueColumnName == "" {
			return nil, fmt.Errorf("frame: Unpivot needs names for the variable and value columns")
		}
		idCols, err := columns("Unpivot id", ids)
		if err != nil {
			return nil, err
		}
		u := &pb.Unpivot{Input: in, Ids: exprs(idCols), VariableColumnName: variableColumnName, ValueColumnName: valueColumnName}
		if len(values) > 0 {
			valCols, err := columns("Unpivot value", values)
			if err != nil {
				return nil, err
			}
			u.Values = &pb.Unpivot_Values{Values: exprs(valCols)}
		}
		return &pb.Relation{RelType: &pb.Relation_Unpivot{Unpivot: u}}, nil
	})
}

// Melt is Unpivot, named after pandas' function.
func (df *DataFrame) Melt(ids []any, values []any, variableColumnName, valueColumnName string) *DataFrame {
	return df.Unpivot(ids, values, variableColumnName, valueColumnName)
}

// Crosstab counts the rows of each pair of values of two columns: one row
// per value of col1 (in a column named "col1_col2"), one column per value
// of col2.
func (df *DataFrame) Crosstab(col1, col2 string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		return &pb.Relation{RelType: &pb.Relation_Crosstab{Crosstab: &pb.StatCrosstab{Input: in, Col1: col1, Col2: col2}}}, nil
	})
}

// Corr computes the Pearson correlation of two numeric columns.
func (df *DataFrame) Corr(ctx context.Context, col1, col2 string) (float64, error) {
	return df.scalarStat(ctx, "Corr", func(in *pb.Relation) *pb.Relation {
		return &pb.Relation{RelType: &pb.Relation_Corr{Corr: &pb.StatCorr{Input: in, Col1: col1, Col2: col2}}}
	})
}

// Cov computes the sample covariance of two numeric columns.
func (df *DataFrame) Cov(ctx context.Context, col1, col2 string) (float64, error) {
	return df.scalarStat(ctx, "Cov", func(in *pb.Relation) *pb.Relation {
		return &pb.Relation{RelType: &pb.Relation_Cov{Cov: &pb.StatCov{Input: in, Col1: col1, Col2: col2}}}
	})
}

func (df *DataFrame) scalarStat(ctx context.Context, what string, build func(*pb.Relation) *pb.Relation) (float64, error) {
	rows, err := df.derive(func(in *pb.Relation) (*pb.Relation, error) { return build(in), nil }).CollectMaps(ctx)
	if err != nil {
		return 0, err
	}
	if len(rows) != 1 || len(rows[0]) != 1 {
		return 0, fmt.Errorf("frame: %s: the server sent %d rows, want one value", what, len(rows))
	}
	for _, v := range rows[0] {
		switch x := v.(type) {
		case float64:
			return x, nil
		case nil:
			return math.NaN(), nil
		}
		return 0, fmt.Errorf("frame: %s: the server sent a %T, want a double", what, v)
	}
	return 0, nil
}

// ApproxQuantile computes approximate quantiles of a numeric column, one
// per probability in probs (0 is the minimum, 0.5 the median, 1 the
// maximum), to within relativeError (0 computes exact quantiles, at a cost).
func (df *DataFrame) ApproxQuantile(ctx context.Context, col string, probs []float64, relativeError float64) ([]float64, error) {
	rows, err := df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if relativeError < 0 {
			return nil, fmt.Errorf("frame: ApproxQuantile relative error %v is negative", relativeError)
		}
		return &pb.Relation{RelType: &pb.Relation_ApproxQuantile{ApproxQuantile: &pb.StatApproxQuantile{
			Input: in, Cols: []string{col}, Probabilities: probs, RelativeError: relativeError}}}, nil
	}).CollectMaps(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) != 1 {
		return nil, fmt.Errorf("frame: ApproxQuantile: the server sent %d rows, want 1", len(rows))
	}
	for _, v := range rows[0] {
		outer, ok := v.([]any)
		if !ok || len(outer) != 1 {
			return nil, fmt.Errorf("frame: ApproxQuantile: unexpected result %v", v)
		}
		inner, ok := outer[0].([]any)
		if !ok {
			return nil, fmt.Errorf("frame: ApproxQuantile: unexpected result %v", v)
		}
		out := make([]float64, len(inner))
		for i, q := range inner {
			f, ok := q.(float64)
			if !ok {
				return nil, fmt.Errorf("frame: ApproxQuantile: unexpected quantile %v", q)
			}
			out[i] = f
		}
		return out, nil
	}
	return nil, fmt.Errorf("frame: ApproxQuantile: the server sent no value")
}

// StorageLevel says where and how cached data is kept. Its String is
// Spark's name for it, such as "MEMORY_AND_DISK".
type StorageLevel struct {
	UseDisk      bool
	UseMemory    bool
	UseOffHeap   bool
	Deserialized bool
	Replication  int
}

// storageLevels are Spark's named levels (org.apache.spark.storage.StorageLevel),
// in the order String prefers names.
var storageLevels = []struct {
	name  string
	level StorageLevel
}{
	{"NONE", StorageLevel{Replication: 1}},
	{"DISK_ONLY", StorageLevel{UseDisk: true, Replication: 1}},
	{"DISK_ONLY_2", StorageLevel{UseDisk: true, Replication: 2}},
	{"DISK_ONLY_3", StorageLevel{UseDisk: true, Replication: 3}},
	{"MEMORY_ONLY", StorageLevel{UseMemory: true, Deserialized: true, Replication: 1}},
	{"MEMORY_ONLY_2", StorageLevel{UseMemory: true, Deserialized: true, Replication: 2}},
	{"MEMORY_ONLY_SER", StorageLevel{UseMemory: true, Replication: 1}},
	{"MEMORY_ONLY_SER_2", StorageLevel{UseMemory: true, Replication: 2}},
	{"MEMORY_AND_DISK", StorageLevel{UseDisk: true, UseMemory: true, Deserialized: true, Replication: 1}},
	{"MEMORY_AND_DISK_2", StorageLevel{UseDisk: true, UseMemory: true, Deserialized: true, Replication: 2}},
	{"MEMORY_AND_DISK_SER", StorageLevel{UseDisk: true, UseMemory: true, Replication: 1}},
	{"MEMORY_AND_DISK_SER_2", StorageLevel{UseDisk: true, UseMemory: true, Replication: 2}},
	{"OFF_HEAP", StorageLevel{UseDisk: true, UseMemory: true, UseOffHeap: true, Replication: 1}},
	{"MEMORY_AND_DISK_DESER", StorageLevel{UseDisk: true, UseMemory: true, Deserialized: true, Replication: 1}},
}

// ParseStorageLevel returns the storage level of one of Spark's names:
// NONE, DISK_ONLY(_2, _3), MEMORY_ONLY(_2), MEMORY_ONLY_SER(_2),
// MEMORY_AND_DISK(_2), MEMORY_AND_DISK_SER(_2), MEMORY_AND_DISK_DESER or
// OFF_HEAP (case-insensitive).
func ParseStorageLevel(name string) (StorageLevel, error) {
	for _, l := range storageLevels {
		if strings.EqualFold(strings.TrimSpace(name), l.name) {
			return l.level, nil
		}
	}
	return StorageLevel{}, fmt.Errorf("frame: storage level %q is unknown; use MEMORY_AND_DISK, MEMORY_ONLY, DISK_ONLY, OFF_HEAP, NONE or a variant (_2, _SER…)", name)
}

// String returns Spark's name of the level, or its description
// "StorageLevel(disk, memory, offheap, deserialized, N replicas)" when it
// has none.
func (l StorageLevel) String() string {
	for _, n := range storageLevels {
		if n.level == l {
			return n.name
		}
	}
	var parts []string
	for _, f := range []struct {
		on   bool
		name string
	}{{l.UseDisk, "disk"}, {l.UseMemory, "memory"}, {l.UseOffHeap, "offheap"}, {l.Deserialized, "deserialized"}} {
		if f.on {
			parts = append(parts, f.name)
		}
	}
	return fmt.Sprintf("StorageLevel(%s, %d replicas)", strings.Join(parts, ", "), l.Replication)
}

func (l StorageLevel) proto() *pb.StorageLevel {
	return &pb.StorageLevel{UseDisk: l.UseDisk, UseMemory: l.UseMemory, UseOffHeap: l.UseOffHeap,
		Deserialized: l.Deserialized, Replication: int32(l.Replication)}
}

// analyzeRaw sends an AnalyzePlan request on the session.
func (s *Session) analyzeRaw(ctx context.Context, what string, req *pb.AnalyzePlanRequest) (*pb.AnalyzePlanResponse, error) {
	resp, err := s.conn.Analyze(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("frame: %s: %w", what, err)
	}
	return resp, nil
}

// Cache keeps the DataFrame's rows in the server's memory (spilling to
// disk) once they are first computed, for the queries that build on this
// DataFrame: Persist with MEMORY_AND_DISK. It returns df itself, or a
// DataFrame holding the error.
func (df *DataFrame) Cache(ctx context.Context) *DataFrame { return df.Persist(ctx, "MEMORY_AND_DISK") }

// Persist caches the DataFrame's rows at a storage level given by Spark's
// name ("MEMORY_AND_DISK", "MEMORY_ONLY", "DISK_ONLY"…; see
// ParseStorageLevel). The rows are computed lazily, by the next action. It
// returns df itself, or a DataFrame holding the error.
func (df *DataFrame) Persist(ctx context.Context, storageLevel string) *DataFrame {
	if df.err != nil {
		return df
	}
	level, err := ParseStorageLevel(storageLevel)
	if err != nil {
		return &DataFrame{s: df.s, err: err}
	}
	_, err = df.s.analyzeRaw(ctx, "Persist", &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_Persist_{
		Persist: &pb.AnalyzePlanRequest_Persist{Relation: df.rel, StorageLevel: level.proto()}}})
	if err != nil {
		return &DataFrame{s: df.s, err: err}
	}
	return df
}

// Unpersist drops the DataFrame's cached rows, waiting until they are gone
// if blocking. It returns df itself, or a DataFrame holding the error.
func (df *DataFrame) Unpersist(ctx context.Context, blocking bool) *DataFrame {
	if df.err != nil {
		return df
	}
	_, err := df.s.analyzeRaw(ctx, "Unpersist", &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_Unpersist_{
		Unpersist: &pb.AnalyzePlanRequest_Unpersist{Relation: df.rel, Blocking: &blocking}}})
	if err != nil {
		return &DataFrame{s: df.s, err: err}
	}
	return df
}

// StorageLevel returns the level at which the DataFrame is cached; NONE
// when it is not.
func (df *DataFrame) StorageLevel(ctx context.Context) (StorageLevel, error) {
	if df.err != nil {
		return StorageLevel{}, df.err
	}
	resp, err := df.s.analyzeRaw(ctx, "StorageLevel", &pb.AnalyzePlanRequest{Analyze: &pb.AnalyzePlanRequest_GetStorageLevel_{
		GetStorageLevel: &pb.AnalyzePlanRequest_GetStorageLevel{Relation: df.rel}}})
	if err != nil {
		return StorageLevel{}, err
	}
	l := resp.GetGetStorageLevel().GetStorageLevel()
	if l == nil {
		return StorageLevel{}, fmt.Errorf("frame: StorageLevel: the server sent no storage level")
	}
	return StorageLevel{UseDisk: l.UseDisk, UseMemory: l.UseMemory, UseOffHeap: l.UseOffHeap,
		Deserialized: l.Deserialized, Replication: int(l.Replication)}, nil
}

// replaceKind sorts a NAReplace value into the kinds Spark's NAReplace
// takes: "null", "bool", "number" (sent as a double) or "string".
func replaceKind(v any) (kind string, lit any, err error) {
	switch x := v.(type) {
	case nil:
		return "null", nil, nil
	case bool:
		return "bool", x, nil
	case string:
		return "string", x, nil
	case float64:
		return "number", x, nil
	case float32:
		return "number", float64(x), nil
	case int:
		return "number", float64(x), nil
	case int8:
		return "number", float64(x), nil
	case int16:
		return "number", float64(x), nil
	case int32:
		return "number", float64(x), nil
	case int64:
		return "number", float64(x), nil
	case uint:
		return "number", float64(x), nil
	case uint8:
		return "number", float64(x), nil
	case uint16:
		return "number", float64(x), nil
	case uint32:
		return "number", float64(x), nil
	case uint64:
		return "number", float64(x), nil
	}
	return "", nil, fmt.Errorf("frame: NAReplace value %v is a %T; want nil, a bool, a number or a string", v, v)
}

// NAReplace replaces values, like SQL's CASE x WHEN old THEN new: each key
// of replacements found in a column becomes the key's value. The keys are
// all numbers, all strings or all bools, which picks the columns
// considered: numeric, string or boolean ones among the subset named (all
// columns when none are). A value is of its key's kind or nil (NULL).
// Numbers are compared as doubles and converted back to the column's type,
// so 2.5 replacing 1 writes 2 in an integer column.
//
//	df.NAReplace(map[any]any{"N/A": nil, "?": nil}, "name", "city")
//	df.NAReplace(map[any]any{-1: 0, 999: nil})
func (df *DataFrame) NAReplace(replacements map[any]any, subset ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if len(replacements) == 0 {
			return nil, fmt.Errorf("frame: NAReplace needs at least one replacement")
		}
		type pair struct {
			key      string // for sorting and duplicate detection
			old, new any
		}
		var pairs []pair
		keyKind := ""
		for k, v := range replacements {
			kk, old, err := replaceKind(k)
			if err != nil {
				return nil, err
			}
			if kk == "null" {
				return nil, fmt.Errorf("frame: NAReplace cannot replace nil; use FillNA")
			}
			if keyKind != "" && kk != keyKind {
				return nil, fmt.Errorf("frame: NAReplace keys mix %ss and %ss; Spark replaces values of one kind at a time", keyKind, kk)
			}
			keyKind = kk
			vk, nv, err := replaceKind(v)
			if err != nil {
				return nil, err
			}
			if vk != "null" && vk != kk {
				return nil, fmt.Errorf("frame: NAReplace replaces %s %v with %s %v; a value must be of its key's kind, or nil", kk, k, vk, v)
			}
			pairs = append(pairs, pair{key: fmt.Sprintf("%#v", old), old: old, new: nv})
		}
		sort.Slice(pairs, func(i, j int) bool { return pairs[i].key < pairs[j].key })
		r := &pb.NAReplace{Input: in, Cols: subset}
		for i, p := range pairs {
			if i > 0 && pairs[i-1].key == p.key {
				return nil, fmt.Errorf("frame: NAReplace replaces %v twice", p.old)
			}
			old, err := connect.Literal(p.old)
			if err != nil {
				return nil, err
			}
			nv, err := connect.Literal(p.new)
			if err != nil {
				return nil, err
			}
			r.Replacements = append(r.Replacements, &pb.NAReplace_Replacement{OldValue: old, NewValue: nv})
		}
		return &pb.Relation{RelType: &pb.Relation_Replace{Replace: r}}, nil
	})
}

// FreqItems finds the frequent items of columns: those in at least a
// fraction support of the rows (0 means 0.01, 1%). It makes one pass over
// the data (Karp, Schenker and Papadimitriou's algorithm), so it may also
// report some items that are less frequent, never misses a frequent one,
// and keeps at most 1/support items per column. The result is one row with
// an array column "<col>_freqItems" per column named.
func (df *DataFrame) FreqItems(support float64, cols ...string) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		if len(cols) == 0 {
			return nil, fmt.Errorf("frame: FreqItems needs at least one column")
		}
		f := &pb.StatFreqItems{Input: in, Cols: cols}
		if support != 0 {
			if support < 1e-4 || support > 1 || math.IsNaN(support) {
				return nil, fmt.Errorf("frame: FreqItems support %v is outside [0.0001, 1]", support)
			}
			f.Support = &support
		}
		return &pb.Relation{RelType: &pb.Relation_FreqItems{FreqItems: f}}, nil
	})
}

// SampleBy draws a stratified sample without replacement: a row is kept
// with the probability fractions gives for its value of col (a column name
// or Column), 0 for values not listed, reproducibly for a seed. Keys are
// strings, bools or numbers; a number matches a value of any integer or
// floating point column that equals it (4 matches 4.0), but not a DECIMAL
// one: cast that, as in SampleBy(Col("price").Cast("double"), …).
//
//	df.SampleBy("cyl", map[any]float64{4: 0.5, 8: 0.25}, 42)
func (df *DataFrame) SampleBy(col any, fractions map[any]float64, seed int64) *DataFrame {
	return df.derive(func(in *pb.Relation) (*pb.Relation, error) {
		c, err := column("SampleBy", col)
		if err != nil {
			return nil, err
		}
		if len(fractions) == 0 {
			return nil, fmt.Errorf("frame: SampleBy needs the fraction of at least one stratum")
		}
		keys := make([]any, 0, len(fractions))
		for k := range fractions {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return fmt.Sprintf("%T %v", keys[i], keys[i]) < fmt.Sprintf("%T %v", keys[j], keys[j])
		})
		s := &pb.StatSampleBy{Input: in, Col: c.expr, Seed: &seed}
		for _, k := range keys {
			f := fractions[k]
			if !(f >= 0 && f <= 1) {
				return nil, fmt.Errorf("frame: SampleBy fraction %v of stratum %v is outside [0, 1]", f, k)
			}
			lit, err := connect.Literal(k)
			if err != nil {
				return nil, fmt.Errorf("frame: SampleBy stratum: %w", err)
			}
			s.Fractions = append(s.Fractions, &pb.StatSampleBy_Fraction{Stratum: lit, Fraction: f})
		}
		return &pb.Relation{RelType: &pb.Relation_SampleBy{SampleBy: s}}, nil
	})
}
